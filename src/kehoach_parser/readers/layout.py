"""Positioned text -> reading order: the geometry step shared by PDF text layers and OCR output.

A page arrives as *segments* (a run of text with its box: pdfium's text rectangles, or Tesseract's words).
Segments on one baseline are joined into lines; a wide gap inside a line separates columns. Plans set two
things side by side in borderless tables: the header (issuer | national motto, number | place and date) and
the closing (Nơi nhận | signer). Such a run of two-column lines is written out column by column, the way
the table is read: the whole left cell, then the whole right cell.

Paragraphs are told apart by layout, not punctuation: a first-line indent, extra space above, a list label,
or a previous line that stops well short of the right margin starts a new paragraph (a blank line in the
output); the lines of one paragraph are joined into one.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import regexes as re

from .. import patterns as P
from ..normalize import PAGE_BREAK

__all__ = ["Segment", "Line", "page_lines", "lines_to_text", "pages_to_text", "is_page_furniture"]


@dataclass
class Segment:
    x0: float
    top: float       # distance from the top of the page (grows downwards)
    x1: float
    bottom: float
    text: str

    @property
    def height(self) -> float:
        return max(1.0, self.bottom - self.top)


@dataclass
class Line:
    parts: list[Segment] = field(default_factory=list)  # column pieces, left to right
    table: list[list[str]] | None = None                # a ruled table standing here, row by row
    table_header: list[str] | None = None               # for the rest of a table from the page before: its header row

    @property
    def top(self) -> float:
        return min(p.top for p in self.parts)

    @property
    def bottom(self) -> float:
        return max(p.bottom for p in self.parts)

    @property
    def x0(self) -> float:
        return self.parts[0].x0

    @property
    def x1(self) -> float:
        return self.parts[-1].x1

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.parts)


# The start of a list item or heading: "1.", "a)", "II.", "-", "+", "•", and a sub-heading number without its
# final dot before a capital ("6.3 Cơ sở khám bệnh"; "1.5 triệu" starting a wrapped line is no heading)
_ITEM_START = re.compile(rf"^(?:[IVX]{{1,5}}\.|\d{{1,2}}(?:\.\d{{1,2}})*[.)]|[a-zđ]\)|{P.BULLET}|\d{{1,2}}(?:\.\d{{1,2}})+(?=\s\p{{Lu}}))\s")
# A gap wider than this many text heights separates columns: between PDF text runs, and between OCR words
# (words of a justified line stand at most about one height apart)
COLUMN_GAP_RUNS = 2.5
COLUMN_GAP_WORDS = 1.6
# A page number alone: "2", "- 3 -", "Trang 4", "4/12"


def join_pages(texts: list[str | None], continued: set[int] | frozenset[int] = frozenset()) -> str:
    """The pages' texts as one text, a page break line between pages (an empty page still counts).

    ``continued``: pages that open with the rest of a table from the page before; the break then stands
    between two rows, with no blank line around it, so the table reads on.
    """
    out = ""
    for index, text in enumerate(texts):
        text = text or ""
        if index == 0:
            out = text
        elif index in continued:
            out = out.rstrip("\n") + f"\n{PAGE_BREAK}\n" + text.lstrip("\n")
        else:
            out += f"\n{PAGE_BREAK}\n" + text
    return out


def page_lines(segments: list[Segment]) -> list[Line]:
    """Group segments into lines (overlapping vertically), each line's parts merged across small gaps.

    A segment is compared with the band of the row's first segment, not with the band the row has grown to:
    a brace note standing between two lines ("(để b/c)" beside two recipients) would otherwise glue both lines
    into one and interleave their words ("TChhường trực Thành ủy; ủ tịch").
    """
    segments = [s for s in segments if s.text.strip()]
    segments.sort(key=lambda s: (s.top, s.x0))
    rows: list[list[Segment]] = []
    for seg in segments:
        placed = False
        for row in reversed(rows[-3:]):
            ref_top, ref_bottom = row[0].top, row[0].bottom
            overlap = min(ref_bottom, seg.bottom) - max(ref_top, seg.top)
            if overlap > 0.5 * min(seg.height, row[0].height):
                row.append(seg)
                placed = True
                break
        if not placed:
            rows.append([seg])
    return [row_to_line(row) for row in rows]


def row_to_line(row: list[Segment], word_gap: bool = False) -> Line:
    """One line from its segments: neighbours merged, a wide gap kept as a column break.

    ``word_gap``: the segments are words (OCR), so neighbours are always joined with a space.
    """
    row = sorted(row, key=lambda s: s.x0)
    size = sorted(s.height for s in row)[len(row) // 2]
    parts: list[Segment] = []
    for seg in row:
        if parts and seg.x0 - parts[-1].x1 < (COLUMN_GAP_WORDS if word_gap else COLUMN_GAP_RUNS) * size:
            last = parts[-1]
            joined = seg.x0 - last.x1 < 0.15 * size and not word_gap
            text = last.text + seg.text if joined else last.text.rstrip() + " " + seg.text.lstrip()
            parts[-1] = Segment(last.x0, min(last.top, seg.top), max(last.x1, seg.x1), max(last.bottom, seg.bottom), text)
        else:
            parts.append(seg)
    return Line([Segment(p.x0, p.top, p.x1, p.bottom, " ".join(p.text.split())) for p in parts])


def is_page_furniture(line: Line, index: int, count: int) -> bool:
    """Page numbers at the top or bottom of a page, and the text of an e-signature stamp."""
    text = line.text.strip()
    if (index <= 1 or index >= count - 2) and P.PAGE_NUMBER.match(text):
        return True
    return bool(P.E_SIGNATURE.search(text))


def pages_to_text(pages: list[tuple[list[Line], float] | None]) -> list[str]:
    """Each page's text (lines_to_text), whether list items are indented judged over the whole document (a
    page may hold none)."""
    margins = {i: _margins(*page) for i, page in enumerate(pages) if page and page[0]}
    items_indented = _indents_items([_dash_lines(pages[i][0], m[2]) for i, m in margins.items()])
    return [_page_text(page[0], page[1], margins[i], items_indented) if i in margins else "" for i, page in enumerate(pages)]


def _indents_items(counts: list[tuple[int, int]]) -> bool:
    """Whether most lines opening with a dash stand right of the margin, over (dashes, indented) counts."""
    dashes, indented = sum(d for d, _ in counts), sum(k for _, k in counts)
    return indented > dashes - indented


def _margins(lines: list[Line], page_width: float) -> tuple[float, float, float]:
    """(the most common line start, the right margin, where full lines start)."""
    left_margin = _mode_x0(lines)
    # the right margin: where most full lines end (a stray mark far right must not move it)
    ends = sorted(l.x1 for l in lines if len(l.parts) == 1)
    right_margin = ends[int(0.9 * (len(ends) - 1))] if ends else page_width
    # a page of short lines (a header, a signature, the end of a table) has no full line to learn the
    # margin from; the text is at least as wide as the page less the left margin twice
    right_margin = max(right_margin, page_width - 2 * left_margin)
    # where full lines start: the margin continuation lines keep (on a page of many indented items the most
    # common start is the indent)
    full = [l.x0 for l in lines if len(l.parts) == 1 and l.x1 >= right_margin - 4 * (l.bottom - l.top)]
    return left_margin, right_margin, min(full) if full else left_margin


def lines_to_text(lines: list[Line], page_width: float) -> str:
    """Write a page's lines in reading order: two-column runs column by column, paragraphs apart (whether list
    items are indented judged on this page alone)."""
    if not lines:
        return ""
    margins = _margins(lines, page_width)
    return _page_text(lines, page_width, margins, _indents_items([_dash_lines(lines, margins[2])]))


def _page_text(lines: list[Line], page_width: float, margins: tuple[float, float, float], items_indented: bool) -> str:
    out: list[str] = []
    left_margin, right_margin, text_left = margins
    i = 0
    previous: Line | None = None
    while i < len(lines):
        if lines[i].table is not None:
            out.extend(["", *("| " + " | ".join(row) + " |" for row in lines[i].table), ""])
            previous = None
            i += 1
            continue
        run_end, split = _two_column_run(lines, i, page_width)
        if run_end > i:
            # each line's pieces on one side make one line of that column ("- Thường trực Thành ủy; (để b/c)")
            left = [t for l in lines[i:run_end] if (t := " ".join(p.text for p in l.parts if (p.x0 + p.x1) / 2 < split))]
            right = [t for l in lines[i:run_end] if (t := " ".join(p.text for p in l.parts if (p.x0 + p.x1) / 2 >= split))]
            out.extend(["", *left, "", *right, ""])
            previous = None
            i = run_end
            continue
        line = lines[i]
        if previous is not None and (not _new_paragraph(previous, line, left_margin, right_margin)
                                     or items_indented and _wrapped_at_dash(previous, line, text_left, right_margin)):
            out[-1] += " " + line.text  # the layout says the paragraph goes on: join, do not leave it to guessing
        else:
            if previous is not None:
                out.append("")
            out.append(_SPACED_LABEL.sub(r"\1\2\3 ", line.text))
        previous = line
        i += 1
    return "\n".join(out)


def _mode_x0(lines: list[Line]) -> float:
    counts: dict[int, int] = {}
    for line in lines:
        key = round(line.x0 / 3)
        counts[key] = counts.get(key, 0) + 1
    return max(counts, key=counts.get) * 3


# An item number of two digits whose characters the text layer spaced out: "1 1 . Sở Tài chính" is "11."
_SPACED_LABEL = re.compile(r"^(\d) (\d) ?([.)]) (?=\p{Lu})")
# A dash at the start of a line: a list mark, or the dash of a name the line broke at ("Thăng Long – Hà Nội")
_DASH_START = re.compile(r"^[-–—]\s")


def _dash_lines(lines: list[Line], left: float) -> tuple[int, int]:
    """How many lines open with a dash, and how many of them stand right of the margin ``left``."""
    dashes = [l for l in lines if len(l.parts) == 1 and _DASH_START.match(l.text)]
    return len(dashes), sum(1 for l in dashes if l.x0 > left + (l.bottom - l.top))


def _wrapped_at_dash(previous: Line, line: Line, left: float, right: float) -> bool:
    """A line that opens with a dash at the margin, under a full line that runs on, on a page whose items are
    indented: the line broke at the dash of a name ('... “Festival Thăng Long' / '– Hà Nội, lần thứ II ...')."""
    size = line.bottom - line.top
    return (len(line.parts) == 1 and len(previous.parts) == 1 and _DASH_START.match(line.text) is not None
            and line.x0 <= left + 0.5 * size and previous.x1 >= right - 4 * size
            and line.top - previous.bottom <= 1.2 * size
            and previous.text.rstrip()[-1:] not in ".;:!?")


def _new_paragraph(previous: Line, line: Line, left: float, right: float) -> bool:
    size = line.bottom - line.top
    if _ITEM_START.match(line.text) or len(line.parts) > 1 or len(previous.parts) > 1:
        return True   # a list item, or a line with columns
    if line.top - previous.bottom > 1.2 * size:
        return True   # a blank line's worth of space
    if line.x0 > left + 1.5 * size:
        return True   # first-line indent, or a centred line
    if previous.x1 < right - 4 * size:
        return True   # the previous line stopped short: it ended its paragraph
    return False


def _two_column_run(lines: list[Line], start: int, page_width: float) -> tuple[int, float]:
    """(end, split x) of a run of two-column lines starting at ``start``; end == start when there is none.

    The run holds lines with pieces on both sides of a gutter, and lines between or right after them whose
    pieces all sit in one of the columns (the other cell simply has fewer lines, or a note stands beside a
    line of the left column: "- Thường trực Thành ủy;  (để b/c)").
    """
    first = lines[start]
    if len(first.parts) != 2 or first.table is not None:
        return start, 0.0
    left_max, right_min = first.parts[0].x1, first.parts[1].x0
    end = start + 1
    last_double = start
    while end < len(lines):
        line = lines[end]
        size = line.bottom - line.top
        if line.table is not None or line.top - lines[end - 1].bottom > 2.5 * size:
            break
        side = _side(line, left_max, right_min)
        if side == "both":
            lefts = [p for p in line.parts if p.x1 <= right_min]
            rights = [p for p in line.parts if p not in lefts]
            new_left, new_right = max(left_max, max(p.x1 for p in lefts)), min(right_min, min(p.x0 for p in rights))
            if new_left >= new_right:
                break
            left_max, right_min, last_double = new_left, new_right, end
            end += 1
            continue
        if side in ("left", "right") and end - last_double <= 12:
            end += 1
            continue
        break
    split = (left_max + right_min) / 2
    # lines after the last two-column line belong to the run only while they stay in a column and near it;
    # a centred heading ("KẾ HOẠCH") ends it
    end = last_double + 1
    while end < len(lines) and lines[end].table is None:
        line = lines[end]
        size = line.bottom - line.top
        centred = len(line.parts) == 1 and abs((line.x0 + line.x1) / 2 - page_width / 2) < 0.04 * page_width
        if centred or line.top - lines[end - 1].bottom > 0.8 * size or _side(line, left_max, right_min) not in ("left", "right"):
            break
        end += 1
    return end, split


def _side(line: Line, left_max: float, right_min: float) -> str:
    """Where a line's pieces stand against a gutter: 'left', 'right', 'both', or 'across' (one spans it)."""
    lefts = sum(1 for p in line.parts if p.x1 <= right_min)
    rights = sum(1 for p in line.parts if p.x0 >= left_max and not p.x1 <= right_min)
    if lefts + rights < len(line.parts):
        return "across"
    if lefts and rights:
        return "both"
    return "left" if lefts else "right"
