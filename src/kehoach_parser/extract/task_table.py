"""Task tables ("Phụ lục: nhiệm vụ ... Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Kết quả"):
one assignment per lead agency of every row.

Tables reach the parser flattened, one cell per line group between '|' lines (legal-site Markdown,
HTML cells); empty cells are often dropped. Cells are therefore typed by what they hold (a task, an
agency, a deadline, a product), in the column order the header gives, not by position alone.
"""
from __future__ import annotations

import regex as re

from ..models import Assignment
from ..segment.blocks import Line
from ..vocab import fold
from .agencies import agency_phrase, split_agencies, starts_with_agency
from .common import clean_value

# A header cell naming the lead agency: "Cơ quan chủ trì", "Đơn vị chủ trì", "Chủ trì"
LEAD_HEADER = re.compile(r"^(?:co quan|don vi)?\s*chu tri(?: thuc hien)?$")
# A deadline: "Quý IV/2025", "Năm 2025 - 2026", "Tháng 12/2025", "Hằng năm", "Thường xuyên", "Trước 30/6/2026"
DEADLINE = re.compile(
    r"^(?:Quý|Tháng|Năm|Hằng\s+năm|Hàng\s+năm|Thường\s+xuyên|Trước|Trong|Giai\s+đoạn|Định\s+kỳ|Từ|Đến|Cuối|Đầu|Giữa|"
    r"\d{1,2}/\d{4}|\d{4}|Trình\b)", re.I
)
# Funding cells: "Chi thường xuyên ...", "Ngân sách ...", "Đầu tư công ..."
FUNDING = re.compile(r"^(?:Chi\s+thường\s+xuyên|Ngân\s+sách|Đầu\s+tư\s+công|Nguồn|Kinh\s+phí|Vốn|Xã\s+hội\s+hóa)", re.I)
# Ordinal cells: "1", "2.3", "I", "IV"
ORDINAL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVX]{1,5}\.?)$")


def _cells(lines: list[Line]) -> list[tuple[str, int]]:
    """(cell text, line index) in order; '' marks an empty cell (a row boundary in this layout)."""
    out: list[tuple[str, int]] = []
    current: list[str] = []
    start = 0
    for index, line in enumerate(lines):
        if line.pipe:
            out.append((" ".join(current).strip(), start))
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


def extract_task_tables(lines: list[Line]) -> list[Assignment]:
    cells = _cells(lines)
    out: list[Assignment] = []
    i = 0
    n = len(cells)
    while i < n:
        if "chủ trì" not in cells[i][0].lower() or not LEAD_HEADER.match(fold(cells[i][0]).strip(" :")):
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
        rows: list[list[str]] = []
        row: list[str] = []
        for text, _ in cells[h1:]:
            if len(text) < 40 and LEAD_HEADER.match(fold(text).strip(" :")):
                break
            if not text:
                if row:
                    rows.append(row)
                    row = []
                continue
            row.append(text)
        if row:
            rows.append(row)
        for r in rows:
            out.extend(_row_assignments(r, header, lead_col))
        i = h1 + 1
    return out


def _row_assignments(row: list[str], header: list[str], lead_col: int) -> list[Assignment]:
    cells = [c for c in row if not ORDINAL.match(c.strip())]
    if len(cells) < 2:
        return []  # a group row ("I | Hoàn thiện thể chế ...")
    task = None
    lead = coop = deadline = output = None
    for cell in cells:
        if task is None:
            if starts_with_agency(cell) and len(cells) > 2 and lead_col <= 1:
                lead = cell
            task = cell if not (lead == cell) else None
            continue
        if lead is None and starts_with_agency(cell):
            lead = cell
        elif lead is not None and coop is None and deadline is None and (starts_with_agency(cell) or cell.lower().startswith("các ")):
            coop = cell
        elif deadline is None and DEADLINE.match(cell):
            deadline = cell
        elif output is None and deadline is not None and not FUNDING.match(cell):
            output = cell
    if task is None or lead is None:
        return []
    task_text = clean_value(task)
    lead = agency_phrase(lead)[0]
    cooperating = split_agencies(agency_phrase(coop)[0]) if coop else []
    return [
        Assignment(agency=agency, role="lead", cooperating=cooperating, tasks=[task_text], section=None,
                   deadline=clean_value(deadline) if deadline else None,
                   output=clean_value(output) if output else None)
        for agency in split_agencies(lead)
    ]
