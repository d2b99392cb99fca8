"""PDF -> text. The text layer is read with pypdfium2 (clean Vietnamese where pdfplumber garbles fonts
without precomposed glyphs; ../shared/ECOSYSTEM.md), page by page; pdfplumber, whose geometry is good,
finds ruled tables, whose cells are then read by pypdfium2 and written as pipe rows. A page whose layer
holds no usable text (a scan, or a scan whose only text is an e-signature stamp) is rendered and read by OCR.
"""
from __future__ import annotations

import io

from ..errors import InputError
from .layout import Line, Segment, is_page_furniture, lines_to_text, page_lines

# A page needs OCR when its text layer, page furniture and stamp text removed, has fewer letters than this
MIN_LETTERS_PER_PAGE = 40
# A page is searched for ruled tables when it draws at least this many paths (cell borders)
MIN_PATHS_FOR_TABLES = 8


def open_pdf(data: bytes, name: str | None):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise InputError(name, "the PDF is encrypted (password protected)") from None
        if "format" in message or "file" in message or "data" in message:
            raise InputError(name, "the PDF is damaged or truncated and cannot be opened") from None
        raise InputError(name, f"the PDF cannot be opened ({exc})") from None


def text_layer_lines(page, data: bytes | None = None, index: int = 0) -> tuple[list[Line], float]:
    """The page's text layer as lines, furniture and stamp text removed, ruled tables as table lines;
    and the page width."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        segments = []
        for rect in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(rect)
            text = textpage.get_text_bounded(left, bottom, right, top)
            if text and text.strip():
                segments.append(Segment(left, height - top, right, height - bottom, text.replace("\r", " ").replace("\n", " ")))
        tables = ruled_tables(data, index, page, textpage) if data is not None else []
    finally:
        textpage.close()
    for (x0, top, x1, bottom), _ in tables:
        segments = [s for s in segments
                    if not (x0 - 1 <= (s.x0 + s.x1) / 2 <= x1 + 1 and top - 1 <= (s.top + s.bottom) / 2 <= bottom + 1)]
    lines = page_lines(segments)
    lines = [l for i, l in enumerate(lines) if not is_page_furniture(l, i, len(lines))]
    for (x0, top, x1, bottom), rows in tables:
        lines.append(Line([Segment(x0, top, x1, top + 1, "")], table=rows))
    lines.sort(key=lambda l: l.top)
    return lines, width


def ruled_tables(data: bytes, index: int, page, textpage) -> list[tuple[tuple[float, float, float, float], list[list[str]]]]:
    """Tables drawn with rules on a page, found by pdfplumber's geometry; cell text read by pypdfium2.

    Returns (box as (x0, top, x1, bottom) from the page top, rows of cell texts). Only pages that draw
    enough paths are looked at: pdfplumber costs tens of milliseconds a page, pypdfium2 about one.
    """
    import pypdfium2.raw as pdfium_c

    paths = sum(1 for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2))
    if paths < MIN_PATHS_FOR_TABLES:
        return []
    import pdfplumber

    height = page.get_height()
    found = []
    with pdfplumber.open(io.BytesIO(data), pages=[index + 1]) as plumber:
        for table in plumber.pages[0].find_tables():
            rows = []
            for row in table.rows:
                cells = []
                for cell in row.cells:
                    if cell is None:
                        cells.append("")
                        continue
                    x0, top, x1, bottom = cell
                    text = textpage.get_text_bounded(x0, height - bottom, x1, height - top)
                    cells.append(" ".join(text.split()))
                rows.append(cells)
            if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                found.append((table.bbox, rows))
    return found


def letters(lines: list[Line]) -> int:
    return sum(sum(map(str.isalpha, l.text)) for l in lines)


def read_pdf(data: bytes, name: str | None, ocr: str = "auto") -> tuple[str, int, bool, list[str]]:
    """(text, pages, whether OCR was used, warnings). ``ocr``: 'auto' (pages without text), 'always', 'never'."""
    from .ocr import ocr_pdf_pages
    from .ocr_fix import fix_ocr_text

    pdf = open_pdf(data, name)
    try:
        count = len(pdf)
        if count == 0:
            raise InputError(name, "the PDF has no pages")
        texts: list[str | None] = []
        for index in range(count):
            page = pdf[index]
            try:
                lines, width = text_layer_lines(page, data, index)
            except Exception as exc:  # noqa: BLE001 - a broken page is OCR'd or reported, never fatal
                lines, width = [], page.get_width()
                del exc
            finally:
                page.close()
            usable = letters(lines) >= MIN_LETTERS_PER_PAGE
            texts.append(lines_to_text(lines, width) if usable and ocr != "always" else None)
        need = [i for i, t in enumerate(texts) if t is None]
        warnings: list[str] = []
        if need and ocr == "never":
            warnings.append(f"{len(need)} page(s) without a text layer were left out (OCR switched off)")
            texts = [t or "" for t in texts]
        elif need:
            for index, text in ocr_pdf_pages(pdf, need, name).items():
                texts[index] = text
            return fix_ocr_text("\n\n".join(t for t in texts if t)), count, True, warnings
    finally:
        pdf.close()
    return "\n\n".join(t for t in texts if t), count, bool(need) and ocr != "never", warnings
