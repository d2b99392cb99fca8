"""PDF -> text. The text layer is read with pypdfium2 (clean Vietnamese where pdfplumber garbles fonts
without precomposed glyphs; ../shared/ECOSYSTEM.md), page by page; pdfplumber, whose geometry is good,
finds ruled tables, whose cells are then read by pypdfium2 and written as pipe rows. A page whose layer
holds no usable text (a scan, or a scan whose only text is an e-signature stamp) is rendered and read by OCR.
"""
from __future__ import annotations

import io
import itertools

from .. import limits
from ..errors import InputError
from .layout import Line, Segment, is_page_furniture, join_pages, page_lines, pages_to_text

# A page needs OCR when its text layer, page furniture and stamp text removed, has fewer letters than this
MIN_LETTERS_PER_PAGE = 40
# A page is searched for ruled tables when it draws at least this many paths (cell borders)
MIN_PATHS_FOR_TABLES = 8
# ... and at most this many objects: pdfplumber reads every object in Python (a full ruled A4 table page draws
# a few thousand; a vector drawing of 200,000 would cost it minutes)
MAX_OBJECTS_FOR_TABLES = 50_000


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


class TableFinder:
    """pdfplumber over one document, opened once on first need: opening it for every page re-parsed the whole
    file each time, and a ruled PDF cost O(pages²) (1,000 pages: 126 s)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._pdf = None

    def page(self, index: int):
        import pdfplumber

        if self._pdf is None:
            self._pdf = pdfplumber.open(io.BytesIO(self.data))
        return self._pdf.pages[index]

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None


def text_layer_lines(page, index: int = 0, finder: TableFinder | None = None) -> tuple[list[Line], float]:
    """The page's text layer as lines, furniture and stamp text removed, ruled tables as table lines;
    and the page width. ``finder`` (one per document) finds ruled tables; without it, none are looked for."""
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        chars = page_chars(textpage, height)
        segments = text_runs(textpage, chars, height)
        tables = ruled_tables(finder, index, page, chars) if finder is not None else []
    finally:
        textpage.close()
    for (x0, top, x1, bottom), _ in tables:
        segments = [s for s in segments
                    if not (x0 - 1 <= (s.x0 + s.x1) / 2 <= x1 + 1 and top - 1 <= (s.top + s.bottom) / 2 <= bottom + 1)]
    lines = page_lines(segments)
    lines = [l for i, l in enumerate(lines) if not is_page_furniture(l, i, len(lines))]
    for (x0, top, x1, bottom), rows in tables:
        lines.append(Line([Segment(x0, top, x1, bottom, "")], table=rows))
    lines.sort(key=lambda l: l.top)
    return lines, width


def ruled_tables(finder: TableFinder, index: int, page, chars: list[Char]) -> list[tuple[tuple[float, float, float, float], list[list[str]]]]:
    """Tables drawn with rules on a page, found by pdfplumber's geometry; cell text read by pypdfium2.

    Returns (box as (x0, top, x1, bottom) from the page top, rows of cell texts). Only pages that draw
    enough paths are looked at: pdfplumber costs tens of milliseconds a page, pypdfium2 about one.
    """
    import pypdfium2.raw as pdfium_c

    if pdfium_c.FPDFPage_CountObjects(page) > MAX_OBJECTS_FOR_TABLES:
        return []
    paths = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2)
    if sum(1 for _ in itertools.islice(paths, MIN_PATHS_FOR_TABLES)) < MIN_PATHS_FOR_TABLES:
        return []
    found = []
    plumber_page = finder.page(index)
    try:
        for table in plumber_page.find_tables():
            rows = []
            for row in table.rows:
                cells = []
                for cell in row.cells:
                    cells.append("" if cell is None else cell_text(chars, cell))
                rows.append(cells)
            if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                found.append((table.bbox, rows))
    finally:
        plumber_page.close()  # its objects are not needed again: memory stays flat over the pages
    return found


# How many runs ahead a character's run is looked for; characters and runs follow the same order, so the
# next run or the one after holds it (on the real plans read so far it never was further than 50)
RUN_LOOKAHEAD = 50
# A run is cut where two of its characters stand further apart than this many text heights (words are a
# third of a height apart, at most about a height in a stretched justified line, and the line builder joins
# the pieces again; the blank left for a stamped day or month is more than a height wide)
RUN_SPLIT_GAP = 0.8
# Two tables on consecutive pages are one when their left and right edges agree within this share of
# the page width (Word and LibreOffice draw a continued table at the same position on every page)
SAME_TABLE_EDGES = 0.03


def join_page_tables(layers: list[tuple[list[Line], float] | None]) -> set[int]:
    """Pages that open with the rest of a table from the page before; their first table is trimmed, in place.

    A page that ends with a table and a next page that starts with a table of as many columns at the
    same position hold one table. A header row repeated on the new page is dropped; a row cut by the
    break (empty number cell, text going on in lower case: "| | lực gia đình tại cơ sở |") is joined to
    the row it continues. The rows stay on their page: the text puts the page break between two rows.
    """
    continued: set[int] = set()
    for index in range(1, len(layers)):
        before, after = layers[index - 1], layers[index]
        if not before or not after or not before[0] or not after[0]:
            continue
        tail, head = before[0][-1], after[0][0]
        if not tail.table or not head.table:
            continue
        width = before[1]
        if max(map(len, head.table)) != max(map(len, tail.table)):
            continue
        if abs(tail.x0 - head.x0) > SAME_TABLE_EDGES * width or abs(tail.x1 - head.x1) > SAME_TABLE_EDGES * width:
            continue
        first = tail.table_header or tail.table[0]  # the header row of the whole table
        if _cells_key(head.table[0]) == _cells_key(first):
            head.table.pop(0)
        if head.table and _continues_row(head.table[0], tail.table):
            last, rest = tail.table[-1], head.table.pop(0)
            tail.table[-1] = [" ".join(p for p in (a, b) if p) for a, b in zip(last, rest + [""] * (len(last) - len(rest)))]
        if head.table:
            head.table_header = first
            continued.add(index)
        else:
            after[0].pop(0)
    return continued


def _cells_key(row: list[str]) -> tuple[str, ...]:
    return tuple(" ".join(cell.split()).lower() for cell in row)


def _continues_row(row: list[str], table: list[list[str]]) -> bool:
    """The first row of a page is the rest of the last row of the page before: its number cell is empty
    while the table numbers its rows, and its text goes on mid-sentence ("lực gia đình ...", "49 về ...");
    a row opening with a capital is a row of its own (a group heading "A. NHIỆM VỤ CHUNG")."""
    numbered = sum(1 for r in table if r and r[0].strip()[:1].isdigit())
    if not row or row[0].strip() or numbered < 2:
        return False
    text = next((cell.strip() for cell in row[1:] if cell.strip()), "")
    return bool(text) and not text[:1].isupper()


def text_runs(textpage, chars: list[Char], height: float) -> list[Segment]:
    """The page's text runs (pdfium's rectangles) with the characters that belong to each.

    Each character goes to one run, the one its centre lies in. Asking pdfium for the text inside a
    rectangle instead returns every glyph whose box touches it: where a font change cuts a word into runs
    ("ậ" | "n mưa"), or a stacked accent reaches into the line above, the neighbours' glyphs come back too
    and words are doubled ("tổng hợp ợp", "ngập ập", "ị\\nIII. TỔ CHỨC"). Characters and runs follow the
    same order, so one walk assigns them. A run is cut where its characters leave a wide gap: the blank of
    "Số:      /QĐ-UBND" is where a stamped number goes, and the number must fall between the two pieces.
    """
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    runs: list[list[Char]] = [[] for _ in rects]
    current = 0
    for char in chars:
        if char[0] == " ":
            if current < len(runs) and runs[current]:
                runs[current].append(char)
            continue
        x, y = char[1], char[2]
        for candidate in range(current, min(len(rects), current + RUN_LOOKAHEAD)):
            left, bottom, right, top = rects[candidate]
            if left - 0.5 <= x <= right + 0.5 and bottom - 0.5 <= height - y <= top + 0.5:
                current = candidate
                runs[current].append(char)
                break
    segments = []
    for (left, bottom, right, top), run in zip(rects, runs):
        gap = RUN_SPLIT_GAP * max(1.0, top - bottom)
        piece: list[Char] = []
        for char in run:
            if piece and char[0] != " " and _last_right(piece) is not None and char[3] - _last_right(piece) > gap:
                segments.extend(_segment(piece, left, right, height - top, height - bottom))
                piece = []
            piece.append(char)
        segments.extend(_segment(piece, left, right, height - top, height - bottom))
    return segments


def _last_right(piece: list[Char]) -> float | None:
    return next((c[4] for c in reversed(piece) if c[0] != " "), None)


def _segment(piece: list[Char], run_left: float, run_right: float, top: float, bottom: float) -> list[Segment]:
    text = "".join(c[0] for c in piece)
    if not text.strip():
        return []
    boxed = [c for c in piece if c[0] != " "]
    left = min(c[3] for c in boxed) if boxed else run_left
    right = max(c[4] for c in boxed) if boxed else run_right
    # a space at either end says the next run is another word ("úng " | "ngập"); the line builder joins runs
    # without one ("ậ" | "n mưa")
    edges = (" " if text[:1].isspace() else "", " " if text[-1:].isspace() else "")
    return [Segment(left, top, right, bottom, edges[0] + " ".join(text.split()) + edges[1])]


# A character of a page: (text, centre x, centre y from the page top, left, right)
Char = tuple[str, float, float, float, float]
_NO_BOX = float("nan")


def page_chars(textpage, height: float) -> list[Char]:
    """Every character of a page with its box (centre from the page top, left and right); spaces and line
    breaks pdfium generates between words have no box and are kept as separators."""
    text = textpage.get_text_range()
    chars: list[Char] = []
    for i, char in enumerate(text):
        if char.isspace():
            chars.append((" ", _NO_BOX, _NO_BOX, _NO_BOX, _NO_BOX))
            continue
        left, bottom, right, top = textpage.get_charbox(i)
        chars.append((char, (left + right) / 2, height - (top + bottom) / 2, left, right))
    return chars


def cell_text(chars: list[Char], cell: tuple[float, float, float, float]) -> str:
    """The characters whose centre lies in a table cell, in page order, words apart. By centre, not by
    box: an accent's box crosses the rule into the cell below ("60 Ổ" for "60")."""
    x0, top, x1, bottom = cell
    out: list[str] = []
    gap = False
    for char, x, y, _, _ in chars:
        if char == " ":
            gap = True
        elif x0 <= x <= x1 and top <= y <= bottom:
            if gap and out:
                out.append(" ")
            out.append(char)
            gap = False
    return "".join(out)


def _has_annotations(page) -> bool:
    import pypdfium2.raw as pdfium_c

    return pdfium_c.FPDFPage_GetAnnotCount(page) > 0


def _flattened(pdf, index: int):
    """Page ``index`` with its annotations drawn into its content. Government e-office systems stamp the number
    and the date into signature fields ("Số: 2280/QĐ-UBND", "ngày 29 tháng 4"): the text layer shows "Số:
    /QĐ-UBND" and "ngày tháng" until the fields' appearances are part of the page."""
    import pypdfium2.raw as pdfium_c

    page = pdf[index]
    if pdfium_c.FPDFPage_GetAnnotCount(page) and pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY) == 1:
        page.close()
        page = pdf[index]  # reloaded: the flattened content
    return page


# Points in a metre (72 points to the inch)
_POINTS_PER_M = 72 / 0.0254


def check_pages(pdf, data: bytes, name: str | None) -> None:
    """Refuse a PDF over the page limits before any page is loaded: the number of pages, a page's area (a
    14,400-point square page is 26 m²) and the drawing instructions of a page once decompressed (10 million
    paths flate-compressed into 270 KB cost pdfium 2.7 GB and 7 s to load)."""
    active = limits.active()
    if len(pdf) > active.pages:
        raise limits.LimitError(name, "pages", f"the PDF has {len(pdf)} pages")
    for index in range(len(pdf)):
        width, height = pdf.get_page_size(index)
        area = width * height / _POINTS_PER_M ** 2
        if area > active.page_m2:
            raise limits.LimitError(name, "page_m2", f"page {index + 1} measures {area:.1f} m²")
    cap = int(active.page_content_mb * 1e6)
    for index, size in enumerate(content_sizes(data, cap)):
        if size > cap:
            raise limits.LimitError(name, "page_content_mb",
                                    f"page {index + 1} draws more than {cap / 1e6:g} MB of instructions")


def content_sizes(data: bytes, cap: int) -> list[int]:
    """The decompressed size of each page's content streams, counted up to ``cap`` (a flate stream is inflated
    piece by piece and dropped, never held). Read with pdfminer, which parses objects without loading pages;
    a file pdfminer cannot parse gives [] (pdfium, more tolerant, then reads it unchecked)."""
    import zlib

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFStream, resolve1

    sizes: list[int] = []
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        for page in PDFPage.create_pages(document):
            contents = resolve1(page.attrs.get("Contents"))
            total = 0
            for stream in contents if isinstance(contents, list) else [contents]:
                stream = resolve1(stream)
                if not isinstance(stream, PDFStream):
                    continue
                filters = stream.get_filters()
                raw = stream.rawdata or b""
                if filters and str(filters[0][0]).strip("/'") in ("FlateDecode", "Fl"):
                    inflater = zlib.decompressobj()
                    piece = inflater.decompress(raw, 1 << 20)
                    while piece and total <= cap:
                        total += len(piece)
                        piece = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
                else:
                    total += len(raw)
                if total > cap:
                    break
            sizes.append(total)
    except Exception:  # noqa: BLE001 - pdfminer's view is only a guard; pdfium decides what the file holds
        return sizes
    return sizes


def letters(lines: list[Line]) -> int:
    """Letters on a page, in its text and in the cells of its ruled tables (a page can be all table)."""
    text = sum(sum(map(str.isalpha, l.text)) for l in lines)
    cells = sum(sum(map(str.isalpha, cell)) for l in lines if l.table for row in l.table for cell in row)
    return text + cells


def read_pdf(data: bytes, name: str | None, ocr: str = "auto") -> tuple[str, int, bool, list[str], list[float | None]]:
    """(text, pages, whether OCR was used, warnings, each page's OCR confidence or None). ``ocr``: 'auto' (pages
    without text), 'always', 'never'."""
    from .ocr import ocr_pdf_pages
    from .ocr_fix import fix_ocr_text

    pdf = open_pdf(data, name)
    finder = TableFinder(data)
    try:
        count = len(pdf)
        if count == 0:
            raise InputError(name, "the PDF has no pages", reason="empty")
        check_pages(pdf, data, name)
        layers: list[tuple[list[Line], float] | None] = []
        for index in range(count):
            page = pdf[index]
            try:
                lines, width = text_layer_lines(page, index, finder)
                if letters(lines) >= MIN_LETTERS_PER_PAGE and _has_annotations(page):
                    # a text page: its fields' stamped number and date belong to it (a scan is OCR'd as
                    # printed, without the e-signature widgets drawn over it)
                    page.close()
                    page = _flattened(pdf, index)
                    lines, width = text_layer_lines(page, index, finder)
            except Exception as exc:  # noqa: BLE001 - a broken page is OCR'd or reported, never fatal
                lines, width = [], page.get_width()
                del exc
            finally:
                page.close()
            usable = letters(lines) >= MIN_LETTERS_PER_PAGE
            layers.append((lines, width) if usable and ocr != "always" else None)
        need = [i for i, layer in enumerate(layers) if layer is None]
        warnings: list[str] = []
        confidences: list[float | None] = [None] * count
        if need and ocr == "never":
            warnings.append(f"{len(need)} page(s) without a text layer were left out (OCR switched off)")
        elif need:
            read, sure = ocr_pdf_pages(pdf, need, name)
            for index, layer in read.items():
                layers[index] = layer
                confidences[index] = sure[index]
        continued = join_page_tables(layers)  # a table may run from a text page onto a scanned one too
        texts = pages_to_text(layers)
    finally:
        finder.close()
        pdf.close()
    if need and ocr != "never":
        return fix_ocr_text(join_pages(texts, continued)), count, True, warnings, confidences
    return join_pages(texts, continued), count, False, warnings, confidences
