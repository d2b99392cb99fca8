"""PDF -> text. The text layer is read with pypdfium2 (clean Vietnamese where pdfplumber garbles fonts
without precomposed glyphs; ../shared/ECOSYSTEM.md), page by page; a page whose layer holds no usable
text (a scan, or a scan whose only text is an e-signature stamp) is rendered and read by OCR.
"""
from __future__ import annotations

from ..errors import InputError
from .layout import Line, Segment, is_page_furniture, lines_to_text, page_lines

# A page needs OCR when its text layer, page furniture and stamp text removed, has fewer letters than this
MIN_LETTERS_PER_PAGE = 40


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


def text_layer_lines(page) -> tuple[list[Line], float]:
    """The page's text layer as lines, furniture and stamp text removed; and the page width."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        segments = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top)
            if text and text.strip():
                segments.append(Segment(left, height - top, right, height - bottom, text.replace("\r", " ").replace("\n", " ")))
    finally:
        textpage.close()
    lines = page_lines(segments)
    lines = [l for i, l in enumerate(lines) if not is_page_furniture(l, i, len(lines))]
    return lines, width


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
                lines, width = text_layer_lines(page)
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
