"""Ruled tables on scanned pages: the rules found in the image, the OCR'd words put in their cells.

Task tables of plans (STT | Nội dung công việc | Thời gian | Đơn vị thực hiện) are drawn with rules. Read as
plain text, their cells interleave ("Xây dựng ... | 01/3/2018 ~ 05/3/2018" then the third column's lines
under the second's). Here the rules are found with morphology (long horizontal and vertical runs of ink, far
longer than any stroke of a letter), a table is a connected set of them, its rows and columns are the rules
that cross most of it, and every word goes to the cell its centre lies in. The rules are erased from the
page before Tesseract reads it, so they are not read as "|", "[" or "I".

The result is the same shape as a ruled table of a PDF text layer (rows of cell texts), so what follows
(tables over pages, task-table rules) is shared.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Ink is darker than this grey level (0-255): scanned rules are thin and grey (about 150-200 on the Kiên Giang
# scans, background 250); at 160 the licence table of scan-real/303 was missed. Text specks this light are
# far shorter than a rule, so the long openings below drop them
INK_LEVEL = 200
# A horizontal rule is a run of ink at least this share of the page width (a letter stroke at 300 dpi is
# under 60 px of 2,480; the shortest cell rule of a task table, a number column, is about 4 % of the width)
RULE_MIN_WIDTH = 0.035
# A vertical rule is a run of ink at least this share of the page height (the tallest letters with their
# marks are about 1.5 % of an A4 page at 13 pt; one table row is 3 % or more)
RULE_MIN_HEIGHT = 0.025
# A table covers at least this share of the page width and holds at least two rows and two columns
TABLE_MIN_WIDTH = 0.3
# A rule that crosses this share of its table separates rows (horizontal) or columns (vertical); shorter ones
# belong to merged cells or to a rule broken by the scan
ROW_RULE_SHARE = 0.6
COLUMN_RULE_SHARE = 0.5
# Pieces of rule whose lines pass within this many pixels of each other at the table's middle are one rule (a
# rule scanned thick or broken into dashes; two rules of a table are a row apart, 70 px or more at 300 dpi)
MERGE_PX = 20
# A rule standing apart from a table, beside it within this share of the page width and along at least
# EDGE_OVERLAP of its height, is the table's edge: the cell rules of a last column can fade out on a scan and
# leave the right-hand rule unconnected (scan-real/303, page 2, lost its "Thời gian" column so)
EDGE_GAP = 0.1
EDGE_OVERLAP = 0.8


@dataclass
class Rule:
    """One rule of a table as a curve: position = c0 + c1 * t + c2 * t², t along the rule (x for a horizontal
    rule, y for a vertical one). Scanned pages are turned and bent: a rule can climb 60 px across a page."""
    coefficients: tuple[float, float, float]

    def at(self, t: float) -> float:
        c0, c1, c2 = self.coefficients
        return c0 + c1 * t + c2 * t * t


@dataclass
class Grid:
    """A ruled table on a page image: its box and its row and column rules (pixels)."""
    x0: int
    top: int
    x1: int
    bottom: int
    rows: list[Rule]      # horizontal rules, top to bottom (the first and last are the table's edges)
    columns: list[Rule]   # vertical rules, left to right

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) of the cell holding a point, or None outside the table."""
        row = sum(1 for rule in self.rows if rule.at(x) <= y) - 1
        column = sum(1 for rule in self.columns if rule.at(y) <= x) - 1
        if 0 <= row < len(self.rows) - 1 and 0 <= column < len(self.columns) - 1:
            return row, column
        return None


def find_tables(grey: np.ndarray) -> tuple[list[Grid], np.ndarray | None]:
    """Ruled tables of a grey page image, and the mask of their rules (to erase them), or ([], None)."""
    import cv2

    height, width = grey.shape
    ink = cv2.threshold(grey, INK_LEVEL - 1, 255, cv2.THRESH_BINARY_INV)[1]  # 255 where grey < INK_LEVEL
    # vertical rules first: most pages have none (a rule under the header is horizontal), and then the
    # horizontal ones are not looked for (an opening costs ~14 ms a page). An opening is an erosion then a
    # dilation: a page whose erosion is empty has no vertical rule, and its dilation is skipped
    vertical = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(2, int(RULE_MIN_HEIGHT * height))))
    eroded = cv2.erode(ink, vertical)
    if not cv2.countNonZero(eroded):
        return [], None
    down = cv2.dilate(eroded, vertical)
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(2, int(RULE_MIN_WIDTH * width)), 1)))
    if not cv2.countNonZero(across):
        return [], None
    rules = cv2.dilate(cv2.bitwise_or(across, down), np.ones((5, 5), np.uint8))
    # the boxes of the outer contours are the components' boxes (a piece inside a cell lies in its table's
    # box): 11 ms a page where connectedComponentsWithStats took 90
    contours, _ = cv2.findContours(rules, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    boxes = sorted((cv2.boundingRect(c) for c in contours), key=lambda b: (b[1], b[0]))  # top to bottom
    grids: list[Grid] = []
    for box in boxes:
        if box[2] < TABLE_MIN_WIDTH * width:
            continue
        x, y, w, h = _with_edges(box, boxes, EDGE_GAP * width)
        # a row rule must cross most of the connected table: the faded part beside it is no measure
        grid = _grid(across[y:y + h, x:x + w], down[y:y + h, x:x + w], x, y, row_length=box[2])
        if grid is not None:
            grids.append(grid)
    if not grids:
        return [], None
    mask = np.zeros_like(ink)
    for g in grids:
        box = (slice(g.top, g.bottom + 1), slice(g.x0, g.x1 + 1))
        mask[box] = cv2.bitwise_or(across[box], down[box])
    return grids, cv2.dilate(mask, np.ones((5, 5), np.uint8))


def _with_edges(table: tuple[int, int, int, int], boxes: list[tuple[int, int, int, int]], gap: float):
    """A table's box (x, y, w, h) grown over the rules standing beside it (see EDGE_GAP)."""
    x, y, w, h = table
    for bx, by, bw, bh in boxes:
        overlap = min(y + h, by + bh) - max(y, by)
        beside = (bx >= x + w and bx - (x + w) <= gap) or (bx + bw <= x and x - (bx + bw) <= gap)
        if beside and overlap >= EDGE_OVERLAP * min(h, bh) and bh >= EDGE_OVERLAP * h:
            x0, x1 = min(x, bx), max(x + w, bx + bw)
            x, w = x0, x1 - x0
    return x, y, w, h


def _grid(across: np.ndarray, down: np.ndarray, left: int, top: int, row_length: int) -> Grid | None:
    h, w = across.shape
    rows = _rules(across, left, top, along_x=True, required=ROW_RULE_SHARE * row_length)
    columns = _rules(down, left, top, along_x=False, required=COLUMN_RULE_SHARE * across.shape[0])
    if len(rows) < 3 or len(columns) < 3:
        return None  # a box around a paragraph or a rule under the header is not a table
    return Grid(left, top, left + w, top + h, rows, columns)


def _rules(mask: np.ndarray, left: int, top: int, along_x: bool, required: float) -> list[Rule]:
    """The rules of one direction in a table's mask: pieces of ink on one curve (a rule the scan broke
    into dashes is one) that together cover ``required`` pixels of it (ROW_RULE_SHARE, COLUMN_RULE_SHARE)."""
    import cv2

    if not along_x:
        mask = mask.T
        left, top = top, left
    length = mask.shape[1]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    pieces = []  # (position at the middle of the table, start, end, points along, points across)
    middle = length / 2
    for label in range(1, count):
        x, y, cw, ch, _ = stats[label]
        across, along = np.nonzero(labels[y:y + ch, x:x + cw] == label)
        along, across = along[::7] + x, across[::7] + y  # every 7th pixel is plenty for a curve
        slope, offset = np.polyfit(along, across, 1) if cw > 1 else (0.0, float(across.mean()))
        pieces.append((offset + slope * middle, x, x + cw, along, across))
    pieces.sort(key=lambda p: p[0])
    groups: list[list[tuple]] = []
    for piece in pieces:
        if groups and piece[0] - groups[-1][-1][0] < MERGE_PX:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    out = []
    for group in groups:
        covered = np.zeros(length, dtype=bool)
        for _, start, end, _, _ in group:
            covered[start:end] = True
        if covered.sum() < required:
            continue
        along = np.concatenate([p[3] for p in group]).astype(float)
        across = np.concatenate([p[4] for p in group]).astype(float)
        degree = 2 if np.ptp(along) > length / 2 else 1
        fit = np.polyfit(along + left, across + top, degree)[::-1]
        out.append(Rule(tuple(float(c) for c in fit) + (0.0,) * (3 - len(fit))))
    return out


def erase(grey: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The page with its table rules turned white."""
    out = grey.copy()
    out[mask > 0] = 255
    return out
