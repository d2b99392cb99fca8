"""One task table of 60 rows, written as DOCX (python-docx), as a PDF of several pages (LibreOffice from that
DOCX) and as HTML: each must give the same 60 tasks with their lead and cooperating agencies and deadlines,
and the items read from the PDF must say the page their words are on.
"""
from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import pytest

from kehoach_parser import parse_file

ROWS = 60
LEADS = ["Sở Y tế", "Sở Giáo dục và Đào tạo", "Công an tỉnh", "Sở Tài chính", "Sở Nội vụ", "Sở Tư pháp", "Tỉnh đoàn"]
HELPERS = ["Sở Kế hoạch và Đầu tư", "UBND các huyện, thị xã, thành phố", "Sở Lao động - Thương binh và Xã hội",
           "Hội Liên hiệp Phụ nữ tỉnh", "Sở Văn hóa, Thể thao và Du lịch"]
DEADLINES = ["Quý I/2026", "Quý II/2026", "Năm 2026", "Thường xuyên", "Trước ngày 15/12/2026"]
HEADER = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"]
BEFORE = ["ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "Số: 12/KH-UBND", "Bắc Ninh, ngày 10 tháng 01 năm 2026", "KẾ HOẠCH",
          "Phòng, chống bạo lực gia đình năm 2026", "I. MỤC ĐÍCH, YÊU CẦU",
          "Nâng cao nhận thức của cán bộ và nhân dân về phòng, chống bạo lực gia đình.",
          "II. NHIỆM VỤ VÀ PHÂN CÔNG THỰC HIỆN"]
AFTER = ["III. TỔ CHỨC THỰC HIỆN", "Các sở, ngành, địa phương triển khai thực hiện Kế hoạch này.", "Nơi nhận:",
         "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn An"]


def rows() -> list[list[str]]:
    """Row i: a task naming its own number (so a page can be checked), and rotating agencies and deadlines."""
    return [[str(i), f"Tổ chức hoạt động tuyên truyền đợt {i} về phòng, chống bạo lực gia đình tại cơ sở, "
                     f"trường học và khu dân cư trên địa bàn toàn tỉnh",
             LEADS[i % len(LEADS)], HELPERS[i % len(HELPERS)], DEADLINES[i % len(DEADLINES)]]
            for i in range(1, ROWS + 1)]


def write_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    for text in BEFORE:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADER):
        cell.text = text
    for values in rows():
        for cell, text in zip(table.add_row().cells, values):
            cell.text = text
    for text in AFTER:
        document.add_paragraph(text)
    document.save(path)


def write_html(path: Path) -> None:
    cells = lambda values, tag: "".join(f"<{tag}>{html.escape(v)}</{tag}>" for v in values)  # noqa: E731
    body = "".join(f"<p>{html.escape(t)}</p>" for t in BEFORE)
    body += "<table border='1'><tr>" + cells(HEADER, "th") + "</tr>"
    body += "".join("<tr>" + cells(values, "td") + "</tr>" for values in rows()) + "</table>"
    body += "".join(f"<p>{html.escape(t)}</p>" for t in AFTER)
    path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>", encoding="utf-8")


@pytest.fixture(scope="module")
def renderings(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("table60")
    out = {"docx": folder / "table60.docx", "html": folder / "table60.html"}
    write_docx(out["docx"])
    write_html(out["html"])
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        profile = (folder / "profile").as_uri()
        subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(folder), str(out["docx"])], capture_output=True, timeout=180, check=True)
        out["pdf"] = folder / "table60.pdf"
    return out


@pytest.mark.parametrize("kind", ["docx", "pdf", "html"])
def test_sixty_row_table_gives_sixty_tasks(renderings, kind):
    if kind not in renderings:
        pytest.skip("LibreOffice is not installed (make install)")
    plan = parse_file(renderings[kind])
    if kind == "pdf":
        import pypdfium2 as pdfium

        assert len(pdfium.PdfDocument(str(renderings[kind]))) >= 3, "the table must run over several pages"
    expected = rows()
    got = [(a.tasks[0] if a.tasks else "", a.agency, a.role, a.cooperating, a.deadline) for a in plan.assignments]
    assert got == [(task, lead, "lead", [helper], deadline) for _, task, lead, helper, deadline in expected]


def test_pdf_items_carry_the_page_their_words_are_on(renderings):
    if "pdf" not in renderings:
        pytest.skip("LibreOffice is not installed (make install)")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(renderings["pdf"]))
    pages = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    plan = parse_file(renderings["pdf"])
    assert plan.header.spans["number"].page == 1
    seen_pages = set()
    for assignment in plan.assignments:
        number = assignment.tasks[0].split("đợt ")[1].split()[0]
        # a row starts on the page of its number cell (a row cut by a page break goes on over the next)
        on = [i + 1 for i, text in enumerate(pages) if f" {number} Tổ chức hoạt" in f" {text}"]
        assert on, f"row {number} is on no page"
        assert assignment.span.page == on[0], f"row {number}"
        seen_pages.add(assignment.span.page)
    assert len(seen_pages) >= 3
    last_section = list(plan.iter_sections())[-1]
    assert last_section.span.page == len(pdf)
    # pages are only for sources that have them
    assert "page" not in parse_file(renderings["html"]).to_dict()["assignments"][0]["span"]
