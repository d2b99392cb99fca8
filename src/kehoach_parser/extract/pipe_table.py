"""Task tables written as pipe rows ("| Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |"):
one assignment per agency of every row.

Markdown and HTML conversions keep such tables as rows of cells, but exports of legal sites often break a
row over several lines, drop empty cells and lose the ordinal column. A table whose rows keep the header's
width is read by position; otherwise its cells are read as one stream and typed by what they hold (a task,
an agency, a deadline, a product) in the column order the header gives.

The header says what each agency column means (vocab/tables.yaml): "Cơ quan chủ trì" / "Cơ quan soạn thảo"
lead, "Cơ quan trình" / "Cơ quan thực hiện" are responsible, "Cơ quan phối hợp" cooperate. Inside a cell,
"X chủ trì ...; Y tham gia" and "X (Y phối hợp chuẩn bị)" give roles of their own.
"""
from __future__ import annotations

from .. import regexes as re

from ..models import Assignment
from ..segment.blocks import Line
from .agencies import starts_with_agency
from .table_rows import AGENCY_KINDS, CELL_BULLET, DEADLINE, ORDINAL, TableRow, column_kind, row_assignments

# A group row of the table: "I. Văn bản thuộc thẩm quyền ban hành của Quốc hội", "A. NHIỆM VỤ CHUNG"
GROUP_ROW = re.compile(r"^(?P<label>[IVX]{1,5}|[A-H])\.\s+\p{Lu}")
# An output cell that opens with what is produced: "- Hồ sơ trình UBTVQH gồm có ...", "Sản phẩm: ..."
OUTPUT_START = re.compile(r"^(?:Hồ\s+sơ|Sản\s+phẩm|Báo\s+cáo|Tờ\s+trình|Dự\s+thảo)\b")


def _header_kinds(line: Line) -> list[str | None] | None:
    """Column kinds of a header row, or None when the row is not a task-table header."""
    if not line.columns or len(line.columns) < 3:
        return None
    kinds = [column_kind(c) for c in line.columns]
    while kinds and kinds[-1] is None and not line.columns[len(kinds) - 1].strip():
        kinds.pop()
    if not any(k in ("lead", "responsible") for k in kinds):
        return None
    # a header names its columns: most cells must be known column names
    known = sum(1 for k in kinds if k)
    if known < max(2, (len(kinds) + 1) // 2):
        return None
    return kinds


def _columns(line: Line, borderless: bool) -> list[str]:
    """The row's cells; in a table without border pipes a row that opens with '|' has an empty first cell."""
    cols = line.columns or []
    return [""] + cols if borderless and line.open_pipe else cols


def _sub_header(kinds: list[str | None], line: Line, borderless: bool) -> list[str | None] | None:
    """A second header row naming the parts of a spanning column: "Thực hiện" over "Đơn vị chủ trì | Đơn vị phối hợp"."""
    if not line.columns:
        return None
    cols = _columns(line, borderless)
    sub = [column_kind(c) if c else None for c in cols]
    filled = [c for c in cols if c]
    if len(filled) < 2 or not all(k is not None for c, k in zip(cols, sub) if c):
        return None
    merged = list(kinds) + [None] * max(0, len(sub) - len(kinds))
    for index, kind in enumerate(sub):
        if kind is not None:
            merged[index] = kind
    return merged


def extract_pipe_tables(lines: list[Line]) -> list[Assignment]:
    out: list[Assignment] = []
    i, n = 0, len(lines)
    while i < n:
        kinds = _header_kinds(lines[i])
        if kinds is None:
            i += 1
            continue
        borderless = not lines[i].open_pipe
        body: list[Line] = []
        j = i + 1
        if j < n and lines[j].cells:
            merged = _sub_header(kinds, lines[j], borderless)
            if merged is not None:
                kinds = merged
                j += 1
        # a page break between two rows is a table going on over the page ("| 3 | ... |", "\f", "| 4 | ... |")
        while j < n and (lines[j].cells or lines[j].pipe or (lines[j].page_break and j + 1 < n and lines[j + 1].cells)):
            if lines[j].cells and _header_kinds(lines[j]) is not None:
                break
            body.append(lines[j])
            j += 1
        out.extend(_table_assignments(kinds, body, borderless))
        i = j
    return out


def _table_assignments(kinds: list[str | None], body: list[Line], borderless: bool = False) -> list[Assignment]:
    rows_with_cells = [line for line in body if line.columns]
    width = len(kinds)
    positional = bool(rows_with_cells) and sum(
        1 for line in rows_with_cells if len(line.columns) >= width and not any(line.columns[width:])
    ) >= 0.8 * len(rows_with_cells)
    if borderless and rows_with_cells and not positional:
        # a table without border pipes drops its trailing empty cells ("01/2020 | Phê duyệt | Thủ tướng Chính phủ |"):
        # read by position when no row is wider than the header
        positional = all(len(_columns(line, True)) <= width for line in rows_with_cells)
    # a deadline in the first column is merged downwards over the rows of one period (" | Lấy ý kiến ...")
    carry_deadline = borderless and positional and kinds[:1] == ["deadline"]
    last_deadline: str | None = None
    out: list[Assignment] = []
    section: str | None = None
    row = TableRow()
    agency_order = [k for k in kinds if k in AGENCY_KINDS]
    for line in body:
        if not line.columns:
            continue
        if positional:
            columns = _columns(line, borderless)
            filled = [c for c in columns[:width] if c]
            group = GROUP_ROW.match(filled[0]) if len(filled) == 1 else None
            if group:
                section = group.group("label")
                continue
            row = TableRow(section=section)
            row.covers(line.start, line.end)
            for kind, cell in zip(kinds, columns[:width]):
                _put(row, kind, cell)
            if carry_deadline:
                if row.deadline:
                    last_deadline = row.deadline
                elif row.task and row.agencies:
                    row.deadline = last_deadline
            out.extend(row_assignments(row))
            row = TableRow(section=section)
            continue
        for cell in line.columns:
            cell = cell.strip()
            if not cell:
                continue
            if row.task is not None or row.agencies:
                row.covers(line.start, line.end)
            if ORDINAL.match(cell):
                if row.task is not None:
                    out.extend(row_assignments(row))
                    row = TableRow(section=section)
                continue
            group = GROUP_ROW.match(cell)
            if group and len(cell) < 200 and (row.task is None or row.agencies or row.deadline):
                out.extend(row_assignments(row))
                section = group.group("label")
                row = TableRow(section=section)
                continue
            plain = CELL_BULLET.sub("", cell)
            is_agency = starts_with_agency(plain)
            if row.task is None and not is_agency:
                row.task = plain
                row.covers(line.start, line.end)
            elif row.deadline is None and not is_agency and "deadline" in kinds and DEADLINE.match(plain):
                row.deadline = cell
            elif row.output is None and not is_agency and "output" in kinds and (
                    row.deadline is not None or OUTPUT_START.match(plain)):
                row.output = cell
            elif is_agency and row.deadline is None and len(row.agencies) < max(1, len(agency_order)):
                row.agencies.append((cell, agency_order[len(row.agencies)] if agency_order else "lead"))
            elif row.task is not None and (row.agencies or row.deadline):
                out.extend(row_assignments(row))
                row = TableRow(task=plain, section=section)
                row.covers(line.start, line.end)
            elif row.task is not None:
                row.task += " " + plain
    out.extend(row_assignments(row))
    return out


def _put(row: TableRow, kind: str | None, cell: str) -> None:
    """Place a cell read by position into the row."""
    cell = cell.strip()
    if not cell or kind is None or kind == "ordinal":
        return
    if kind == "task":
        row.task = cell if row.task is None else row.task + " " + cell
    elif kind in AGENCY_KINDS:
        row.agencies.append((cell, kind))
    elif kind == "deadline" and row.deadline is None:
        row.deadline = cell
    elif kind == "output" and row.output is None:
        row.output = cell
