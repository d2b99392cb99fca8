"""Hostile and huge inputs, made on the spot (nothing large is committed): the cases of issue 16.

Each maker writes one file into a folder and returns its path. The files are small on disk (a few MB at
most) and expand to gigabytes, millions of pages or hours of work in a reader that trusts them; the
reliability tests and benchmarks/bench_fuzz.py feed them to the parser.
"""
from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Callable

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '</Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>')
_DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'numbering" Target="numbering.xml"/></Relationships>')


def _paragraph(text: str, numbered: bool = False) -> str:
    numbering = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' if numbered else ""
    return f"<w:p>{numbering}<w:r><w:t>{text}</w:t></w:r></w:p>"


def _docx(path: Path, body: str | Callable[[io.RawIOBase], None], start: int = 1, fmt: str = "upperRoman",
          extra: tuple[str, int] | None = None) -> Path:
    """A DOCX whose body is ``body`` (or written in pieces by it); ``extra`` adds a member of that many zeros."""
    numbering = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">'
                 f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
                 f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 f'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        archive.writestr("word/numbering.xml", numbering)
        head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head.encode())
            if callable(body):
                body(member)
            else:
                member.write(body.encode())
            member.write(b"</w:body></w:document>")
        if extra:
            with archive.open(extra[0], "w", force_zip64=True) as member:
                block = bytes(1 << 20)
                for _ in range(extra[1] >> 20):
                    member.write(block)
    return path


_PLAN_PARAGRAPHS = "".join(_paragraph(t) for t in (
    "ỦY BAN NHÂN DÂN TỈNH AN GIANG", "Số: 12/KH-UBND", "KẾ HOẠCH", "Thực hiện công tác phòng chống thiên tai"))


def docx_huge_list_number(folder: Path) -> Path:
    """Word numbering that starts at 999,999,999,999 in Roman numerals (a billion 'M's per label)."""
    body = _PLAN_PARAGRAPHS + _paragraph("MỤC ĐÍCH", numbered=True) + _paragraph("NHIỆM VỤ", numbered=True)
    return _docx(folder / "huge-list-number.docx", body, start=999_999_999_999)


def docx_bad_list_number(folder: Path) -> Path:
    """A numbering level that is not a number ('abc')."""
    path = _docx(folder / "bad-list-number.docx", _PLAN_PARAGRAPHS + _paragraph("MỤC ĐÍCH", numbered=True))
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/numbering.xml":
                content = content.replace(b'w:ilvl="0"', b'w:ilvl="abc"')
            target.writestr(info, content)
    return path


def docx_huge_xml(folder: Path, megabytes: int = 410) -> Path:
    """A DOCX holding ``megabytes`` of valid document XML (a few MB on disk)."""
    piece = _paragraph("Sở Tài chính chủ trì, phối hợp với các sở, ngành thực hiện nhiệm vụ.").encode()
    count = (megabytes << 20) // len(piece)

    def write(member) -> None:
        chunk = piece * 1000
        for _ in range(count // 1000):
            member.write(chunk)

    return _docx(folder / "huge-xml.docx", write)


def docx_zeros(folder: Path, megabytes: int = 1024) -> Path:
    """A small DOCX with one member of ``megabytes`` of zeros (a zip bomb)."""
    return _docx(folder / "zeros.docx", _PLAN_PARAGRAPHS, extra=("word/media/image1.bin", megabytes << 20))


def _pdf(pages: list[tuple[tuple[float, float], bytes]], extra_page_keys: str = "") -> bytes:
    """A PDF of the given pages ((width, height) in points, content stream), content streams flate-compressed."""
    objects: list[bytes] = []
    page_refs = []
    font_id = 3
    objects.append(b"")  # 1: catalog, filled below
    objects.append(b"")  # 2: pages
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for (width, height), content in pages:
        packed = zlib.compress(content, 6)
        objects.append(b"<< /Length %d /Filter /FlateDecode >>stream\n" % len(packed) + packed + b"\nendstream")
        content_id = len(objects)
        objects.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents {content_id} 0 R "
                        f"/Resources << /Font << /F1 {font_id} 0 R >> >> {extra_page_keys}>>").encode())
        page_refs.append(f"{len(objects)} 0 R")
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(page_refs)}] /Count {len(page_refs)} >>".encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def pdf_giant_page(folder: Path) -> Path:
    """One blank page of 14,400 x 14,400 points (200 inches: 3.6 billion pixels at 300 dpi)."""
    path = folder / "giant-page.pdf"
    path.write_bytes(_pdf([((14400, 14400), b"")]))
    return path


def pdf_user_unit(folder: Path) -> Path:
    """An A4 page with /UserUnit 75 (each unit 75 points: a page 52 metres high)."""
    path = folder / "user-unit.pdf"
    path.write_bytes(_pdf([((595, 842), b"")], extra_page_keys="/UserUnit 75 "))
    return path


def pdf_blank_pages(folder: Path, pages: int = 2000) -> Path:
    """``pages`` blank A4 pages (no text layer: every one goes to OCR)."""
    path = folder / "blank-pages.pdf"
    path.write_bytes(_pdf([((595, 842), b"")] * pages))
    return path


def pdf_many_paths(folder: Path, paths: int = 10_000_000) -> Path:
    """One page drawing ``paths`` tiny line paths (a few MB compressed)."""
    content = b"0 0 m 1 1 l S\n" * paths
    path = folder / "many-paths.pdf"
    path.write_bytes(_pdf([((595, 842), content)]))
    return path


def pdf_ruled_pages(folder: Path, pages: int = 1000) -> Path:
    """``pages`` pages each holding a ruled table of 10 rows with text (pdfplumber looks at every one)."""
    rows = []
    for row in range(10):
        top = 800 - 30 * row
        rows.append(b"50 %d 250 30 re 300 %d 250 30 re S\n" % (top - 30, top - 30))
        rows.append(b"BT /F1 10 Tf 55 %d Td (Nhiem vu so %d cua so ban nganh) Tj ET\n" % (top - 20, row))
        rows.append(b"BT /F1 10 Tf 305 %d Td (So Tai chinh chu tri) Tj ET\n" % (top - 20))
    content = b"".join(rows)
    path = folder / "ruled-pages.pdf"
    path.write_bytes(_pdf([((595, 842), content)] * pages))
    return path


def pdf_circular_form(folder: Path) -> Path:
    """A ruled page drawing a form XObject that draws itself (pdfminer logs 'Refusing to execute circular
    reference'; printed raw on stderr before)."""
    rules = b"".join(b"%d 700 m %d 100 l S\n" % (50 + 40 * i, 50 + 40 * i) for i in range(10))
    text = b"BT /F1 12 Tf 60 720 Td (Ke hoach so 1 cua uy ban nhan dan tinh ve phong chong thien tai) Tj ET\n"
    pdf = _pdf([((595, 842), b"/X1 Do\n" + rules + text)])
    pdf = pdf.replace(b"/Resources << /Font << /F1 3 0 R >> >>",
                      b"/Resources << /Font << /F1 3 0 R >> /XObject << /X1 6 0 R >> >>")
    form = (b"6 0 obj\n<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X1 6 0 R >> >>"
            b" /Length 7 >>stream\n/X1 Do\nendstream\nendobj\n")
    path = folder / "circular-form.pdf"
    path.write_bytes(pdf.replace(b"xref", form + b"xref", 1))  # pdfium rebuilds the shifted cross-reference table
    return path


def html_huge(folder: Path, megabytes: int = 50) -> Path:
    """``megabytes`` of HTML paragraphs."""
    piece = "<p>Sở Tài chính chủ trì, phối hợp với các sở, ngành thực hiện nhiệm vụ được giao.</p>\n".encode()
    path = folder / "huge.html"
    with open(path, "wb") as handle:
        handle.write(b"<html><body>")
        chunk = piece * 1000
        for _ in range((megabytes << 20) // len(chunk)):
            handle.write(chunk)
        handle.write(b"</body></html>")
    return path


def png_huge(folder: Path, side: int = 13_000) -> Path:
    """A white greyscale PNG of ``side`` x ``side`` pixels (169 million at 13,000; about 170 KB on disk)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    packer = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * side
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    path = folder / "huge.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", data) + chunk(b"IEND", b""))
    return path


def zero_device_link(folder: Path) -> Path:
    """A symbolic link named like a plan pointing at /dev/zero (endless bytes)."""
    path = folder / "zero.txt"
    os.symlink("/dev/zero", path)
    return path


def fifo(folder: Path) -> Path:
    """A named pipe named like a plan (reading it waits for a writer forever)."""
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


# The file inputs of issue 16, each ending in a limit (or a parse) well within 30 s and 1 GB
FILE_CASES: dict[str, Callable[[Path], Path]] = {
    "docx_huge_list_number": docx_huge_list_number,
    "docx_bad_list_number": docx_bad_list_number,
    "docx_huge_xml": docx_huge_xml,
    "docx_zeros": docx_zeros,
    "pdf_giant_page": pdf_giant_page,
    "pdf_user_unit": pdf_user_unit,
    "pdf_blank_pages": pdf_blank_pages,
    "pdf_many_paths": pdf_many_paths,
    "pdf_ruled_pages": pdf_ruled_pages,
    "pdf_circular_form": pdf_circular_form,
    "html_huge": html_huge,
    "png_huge": png_huge,
}
# Entries of a folder that are not regular files
SPECIAL_CASES: dict[str, Callable[[Path], Path]] = {"zero_device_link": zero_device_link, "fifo": fifo}
