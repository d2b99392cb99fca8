"""Rule: task tables whose text came out of a PDF one cell-line at a time, with no '|' between cells.

    STT
    Tên nhiệm vụ cụ thể
    Cơ quan
    chủ trì
    Cơ quan
    phối hợp
    Kết quả
    Thời gian hoàn
    thành
    I. Đổi mới mạnh mẽ tư duy ...            <- a group row
    1.                                       <- a row starts at its number
    Tăng cường lãnh đạo, chỉ đạo xây dựng và
    tổ chức thực hiện hiệu quả ...           <- the task, wrapped
    Các
    bộ ...                                   <- the lead cell starts where a body is named
    Các cơ quan, tổ chức ... liên quan.      <- the cooperating cell
    Văn bản chỉ đạo                          <- the product
    Thường xuyên                             <- the deadline
    CÔNG BÁO/Số 286/Ngày 27-05-2026          <- page furniture, and the header repeated on the next page

The header gives the columns in order (vocab/tables.yaml). A cell starts at a line that opens with a capital
after a line that does not run on (a comma, "và", "các", a head word at its end), and only where the content
fits the next column: a body for an agency column, a date or period for the deadline.
"""
from __future__ import annotations

from dataclasses import replace

from ... import regexes as re

from ... import patterns as P
from ...models import Assignment
from ...segment.blocks import Line
from ...vocab import fold
from ..agencies import starts_with_agency
from ..table_rows import AGENCY_KINDS, DEADLINE, TableRow, column_kind, row_assignments
from .base import AssignmentRule, RuleInput, source_span

# a row number alone on its line: "1", "12."
ROW_NUMBER = re.compile(r"^(?P<n>\d{1,3})\.?$")
# a row number with the start of its task on the same line: "10.  Xây dựng Luật Bảo hiểm y tế sửa đổi."
ROW_NUMBER_INLINE = re.compile(r"^(?P<n>\d{1,3})\.\s+(?=\p{Lu})")
# a group row: "I. Đổi mới mạnh mẽ tư duy ...", "II. HOÀN THIỆN THỂ CHẾ"
GROUP_ROW = re.compile(r"^(?P<label>[IVX]{1,5})\.\s+\p{Lu}")
# page furniture inside a table: "CÔNG BÁO/Số 286/Ngày 27-05-2026", a page number alone
PAGE_FURNITURE = re.compile(r"^(?:CÔNG\s+BÁO\b.*|\d{1,4}|_{3,}|-{3,})$")
# the end of a table: notes, the closing or signature lines, another appendix
TABLE_END = re.compile(r"^(?:Ghi\s+chú|Nơi\s+nhận|KT\.|TM\.|PHỤ\s+LỤC|Phụ\s+lục\s+[IVX\d])")
# the most lines a header may take, and the most a row may hold before the reading is given up
MAX_HEADER_LINES = 16  # six columns whose names wrap over two or three lines
MAX_ROW_LINES = 120    # a long task broken one word a line, as Công báo tables are
ORDINAL_CELL_MAX = 12  # "Số thứ tự." is the longest name of the ordinal column


def _header(lines: list[Line], i: int) -> tuple[list[str | None], list[str], int] | None:
    """(column kinds, header lines, index after the header) for a header starting at line i."""
    # "STT", "TT", "Số thứ tự": the first header cell, short (checked first: this runs on every line)
    if len(lines[i].text) > ORDINAL_CELL_MAX or column_kind(lines[i].text) != "ordinal":
        return None
    cells: list[str] = []
    texts: list[str] = [lines[i].text]
    j = i + 1
    while j < len(lines) and j - i <= MAX_HEADER_LINES:
        line = lines[j]
        if line.sep:
            j += 1
            continue
        text = line.text.strip()
        if line.cells or ROW_NUMBER.match(text) or GROUP_ROW.match(text) or len(text.split()) > 8:
            break
        bare = fold(cells[-1]) in ("co quan", "don vi", "co quan, don vi") if cells else False
        if cells and (bare or not text[:1].isupper() or P.LINE_RUNS_ON.search(cells[-1])):
            cells[-1] += " " + text
        else:
            cells.append(text)
        texts.append(text)
        j += 1
    kinds = [column_kind(c) for c in cells]
    if len(kinds) < 3 or not any(k in ("lead", "responsible") for k in kinds) or "task" not in kinds:
        return None
    return kinds, texts, j


def _fits(kind: str | None, text: str) -> bool:
    if kind in AGENCY_KINDS:
        return starts_with_agency(text) or fold(text).startswith(("cac ", "co quan"))
    if kind == "deadline":
        return bool(DEADLINE.match(text)) or text[:1].isdigit()
    return text[:1].isupper() or text[:1].isdigit()


# marks a page break inside a row: a lower-case line after it goes on with the row's first column
PAGE_MARK = "\x00page"  # never in normalised text (not whitespace, so strip() keeps it)


def _agency_after_task_comma(kinds: list[str | None], column: int, last: str, ahead: str) -> bool:
    """A task cell whose last line ends on a comma (its words go on over the page) and then a body's name that
    fits the agency column after it: the name opens that column ("... để giảm điều trị các bệnh lý nhẹ," /
    "Bộ Y tế, Sở Y tế ..."). After a word that needs the next ("phối hợp với", "của") it stays the task's."""
    return (kinds[column] == "task" and last.rstrip().endswith(",") and column + 1 < len(kinds)
            and kinds[column + 1] in AGENCY_KINDS and starts_with_agency(ahead))


def _row(kinds: list[str | None], lines: list[Line], section: str | None) -> TableRow:
    """Cut a row's lines into cells in column order and put them in a TableRow."""
    cells: dict[int, list[str]] = {0: []}
    column = 0
    last = ""
    after_break = False
    for index, line in enumerate(lines):
        text = line.text.strip()
        if text == PAGE_MARK:
            after_break = True
            continue
        if after_break and text[:1].islower():
            # the rest of a cell cut by the page: the row goes on from its first column
            column, last = 0, ""
        after_break = False
        if index and last:
            ahead = " ".join(x.text for x in lines[index:index + 4])
            if (text[:1].isupper() or text[:1].isdigit()) and (not P.LINE_RUNS_ON.search(last)
                                                                or _agency_after_task_comma(kinds, column, last, ahead)):
                # a step of two leaves an empty cell behind
                step = next((s for s in (1, 2) if column + s < len(kinds) and _fits(kinds[column + s], ahead)), 0)
                column += step
        cells.setdefault(column, []).append(text)
        last = text
    real = [line for line in lines if line.text != PAGE_MARK]
    row = TableRow(section=section)
    row.covers(real[0].start, real[-1].end)
    for column, words in sorted(cells.items()):
        kind, cell = kinds[column], " ".join(" ".join(words).split())
        if not cell:
            continue
        if kind == "task":
            row.task = cell
        elif kind in AGENCY_KINDS:
            row.agencies.append((cell, kind))
        elif kind == "deadline":
            row.deadline = cell
        elif kind == "output":
            row.output = cell
    return row


def read_loose_tables(lines: list[Line]) -> list[TableRow]:
    rows: list[TableRow] = []
    i, n = 0, len(lines)
    while i < n:
        header = _header(lines, i) if not lines[i].sep and not lines[i].cells else None
        if header is None:
            i += 1
            continue
        kinds, header_texts, i = header
        folded_header = [fold(text) for text in header_texts]
        body_kinds = kinds  # the ordinal column is the row number line, not a cell
        section: str | None = None
        current: list[Line] = []
        last_number = 0

        def flush():
            while current and current[-1].text == PAGE_MARK:
                current.pop()
            if current and len(current) <= MAX_ROW_LINES:
                rows.append(_row(body_kinds, current, section))
            current.clear()

        while i < n:
            line = lines[i]
            text = line.text.strip()
            if line.cells or TABLE_END.match(text):
                break
            if line.sep:
                i += 1
                continue
            number = ROW_NUMBER.match(text)
            if PAGE_FURNITURE.match(text) and not (number and int(number.group("n")) == last_number + 1):
                if current and current[-1].text != PAGE_MARK:
                    current.append(replace(line, text=PAGE_MARK))
                i += 1
                continue
            repeated = _repeated_header(lines, i, folded_header)
            if repeated:
                i = repeated  # the header repeated after a page break
                continue
            if number and int(number.group("n")) in (last_number + 1, 1):
                flush()
                last_number = int(number.group("n"))
                i += 1
                continue
            inline = ROW_NUMBER_INLINE.match(text)
            if inline and int(inline.group("n")) in (last_number + 1, 1):
                flush()
                last_number = int(inline.group("n"))
                current.append(replace(line, text=text[inline.end():]))
                i += 1
                continue
            group = GROUP_ROW.match(text)
            if group and not current[-1:] or group and P.LINE_RUNS_ON.search(current[-1].text) is None and _is_group(lines, i):
                flush()
                section = group.group("label")
                i += 1
                while i < n and not lines[i].sep and not ROW_NUMBER.match(lines[i].text.strip()) and lines[i].text[:1].islower():
                    i += 1  # the group title wrapped
                continue
            if last_number:
                current.append(line)
            i += 1
        flush()
    return rows


def _repeated_header(lines: list[Line], i: int, folded_header: list[str]) -> int:
    """The index after the header's lines (``folded_header``: folded) when they stand again at line i (0 when
    they do not)."""
    j, k = i, 0
    while j < len(lines) and k < len(folded_header):
        if lines[j].sep:
            j += 1
            continue
        if fold(lines[j].text.strip()) != folded_header[k]:  # folded one by one: most lines differ at once
            return 0
        j, k = j + 1, k + 1
    return j if k == len(folded_header) else 0


def _is_group(lines: list[Line], i: int) -> bool:
    """A Roman-numbered line is a group row when a row number follows it within a few lines."""
    for line in lines[i + 1:i + 5]:
        if ROW_NUMBER.match(line.text.strip()):
            return True
    return False


def loose_tables(doc: RuleInput) -> list[Assignment]:
    return [source_span(doc, a) for row in read_loose_tables(doc.zones.lines) for a in row_assignments(row)]


RULE = AssignmentRule("loose_tables", loose_tables, table=True)
