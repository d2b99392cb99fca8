"""Task tables ("Phụ lục: nhiệm vụ ... Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Kết quả"):
one assignment per lead agency of every row.

Tables reach the parser flattened, one cell per line group between '|' lines (legal-site Markdown,
HTML cells); empty cells are often dropped. Cells are therefore typed by what they hold (a task, an
agency, a deadline, a product), in the column order the header gives, not by position alone.
"""
from __future__ import annotations

from .. import regexes as re

from ..models import Assignment
from ..segment.blocks import Line, runs_on
from ..vocab import fold
from .agencies import starts_with_agency
from .table_rows import DEADLINE, FUNDING, ORDINAL, TableRow, row_assignments

# A header cell naming the lead agency: "Cơ quan chủ trì", "Đơn vị chủ trì", "Chủ trì"
LEAD_HEADER = re.compile(r"^(?:co quan|don vi)?\s*chu tri(?: thuc hien)?$")

# The longest lead-column header: "Cơ quan, đơn vị chủ trì thực hiện" (33 characters) and some margin
HEADER_CELL_MAX = 60


def _cells(lines: list[Line]) -> list[tuple[str, int, tuple[str, ...]]]:
    """(cell text, line index, the cell's lines) in order; '' marks an empty cell (a row boundary in this
    layout)."""
    out: list[tuple[str, int, tuple[str, ...]]] = []
    current: list[str] = []
    start = 0
    for index, line in enumerate(lines):
        if line.pipe:
            out.append((" ".join(current).strip(), start, tuple(current)))
            current = []
            start = index + 1
        elif line.sep:
            continue
        elif line.cells:
            continue
        else:
            if not current:
                start = index
            current.append(line.text)
    return out


def _as_names(lines: tuple[str, ...]) -> str:
    """A performer cell's lines as names: a line that opens with a body's name after a line that ends one is
    another name: "Các sở, ngành, UBND xã, phường, đặc khu" / "Sở Tài chính" (one name a line, for one task a
    line)."""
    out = ""
    for text in lines:
        if out and starts_with_agency(text) and not runs_on(out):
            out += "; " + text
        else:
            out = f"{out} {text}" if out else text
    return out.strip()


def extract_task_tables(lines: list[Line]) -> list[Assignment]:
    cells = _cells(lines)
    out: list[Assignment] = []
    i = 0
    n = len(cells)
    while i < n:
        text = cells[i][0]
        # a header cell is short (checked first: between two pipe lines there can be whole paragraphs)
        if len(text) > HEADER_CELL_MAX or "chủ trì" not in text.lower() or not LEAD_HEADER.match(fold(text).strip(" :")):
            i += 1
            continue
        # the header row: back to the empty cell before it, forward to the empty cell after it
        h0 = i
        while h0 > 0 and cells[h0 - 1][0]:
            h0 -= 1
        h1 = i
        while h1 < n and cells[h1][0]:
            h1 += 1
        header = [fold(c[0]) for c in cells[h0:h1]]
        lead_col = i - h0
        rows: list[tuple[list[str], list[int], list[tuple[str, ...]]]] = []  # (cell texts, line indexes, lines)
        row: list[str] = []
        where: list[int] = []
        names: list[tuple[str, ...]] = []
        for text, line_index, cell_lines in cells[h1:]:
            if len(text) < 40 and LEAD_HEADER.match(fold(text).strip(" :")):
                break
            if not text:
                if row:
                    rows.append((row, where, names))
                    row, where, names = [], [], []
                continue
            row.append(text)
            where.append(line_index)
            names.append(cell_lines)
        if row:
            rows.append((row, where, names))
        for texts, indexes, cell_lines in rows:
            span = (lines[min(indexes)].start, lines[max(indexes)].end) if indexes else None
            out.extend(_row_assignments(texts, header, lead_col, span, cell_lines))
        i = h1 + 1
    return out


def _row_assignments(row: list[str], header: list[str], lead_col: int,
                     span: tuple[int, int] | None = None,
                     cell_lines: list[tuple[str, ...]] | None = None) -> list[Assignment]:
    lines_of = dict(zip(row, cell_lines or [(c,) for c in row]))

    def as_names(cell: str) -> str:
        return _as_names(lines_of.get(cell, (cell,)))

    cells = [c for c in row if not ORDINAL.match(c.strip())]
    if len(cells) < 2:
        return []  # a group row ("I | Hoàn thiện thể chế ...")
    task = None
    lead = coop = deadline = output = None
    for cell in cells:
        if task is None:
            lead_here = starts_with_agency(cell) and len(cells) > 2 and lead_col <= 1
            if lead_here:
                lead = as_names(cell)
            task = None if lead_here else cell
            continue
        if lead is None and starts_with_agency(cell):
            lead = as_names(cell)
        elif lead is not None and coop is None and deadline is None and (starts_with_agency(cell) or cell.lower().startswith("các ")):
            coop = as_names(cell)
        elif deadline is None and DEADLINE.match(cell):
            deadline = cell
        elif output is None and deadline is not None and not FUNDING.match(cell):
            output = cell
    if task is None or lead is None:
        return []
    agencies = [(lead, "lead")] + ([(coop, "cooperating")] if coop else [])
    table_row = TableRow(task=task, agencies=agencies, deadline=deadline, output=output)
    if span:
        table_row.covers(*span)
    return row_assignments(table_row)
