"""Lines of print Tesseract's page layout dropped, found in the image and read one by one.

Tesseract's layout analysis sometimes leaves out a whole line of clean print: on page 3 of scan-real/305 it
read "1. Sở Y tế:" and the line after next, but not "- Kết hợp Bảo hiểm xã hội tỉnh xây dựng kế hoạch ..."
between them (with ``--psm 4`` and ``--psm 3``; read alone, the line comes out right). On the Bộ Công an scan
of corpus-real it dropped six lines of the recipients. Such lines show as ink that no word box covers: the
ink outside the words and ruled tables is closed into line-shaped blobs, and each blob wide and tall like
a line of text is read with ``--psm 7`` (one line). Its words are kept only when Tesseract is as sure of them
as of print: seal rings, signatures and the dark edge of a scanned page make blobs too, and read as junk.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

# Ink for this search is darker than print's grey edges need (0-255): light specks and a seal's remains
# after red removal stay out
LOST_INK_LEVEL = 140
# Pixels around a word box counted as the word's (marks and descenders stick out of Tesseract's boxes)
WORD_MARGIN = 8
# A lost line is at least this share of the page wide (a short word alone is not worth a Tesseract call)
LOST_LINE_MIN_WIDTH = 0.15
# and this tall, in pixels at 300 dpi: one line of 11-16 pt text is 35-70 px with its marks; up to 120 px
# two lines closed together still read; a rule left by a table is under 20
LOST_LINE_HEIGHTS = (20, 120)
# Mean Tesseract confidence of a blob's words for them to be kept. Measured on the scan-real and corpus-real
# scans: the lost lines of print read at 81-95, page edges, seals and signatures at 0-62
LOST_LINE_MIN_CONF = 75
# Letters of one line are joined into one blob by a closing this wide and tall (pixels at 300 dpi): wider than
# the gap between words, lower than the gap between lines
_CLOSE_KERNEL = (40, 5)
# The line keys given to recovered lines, above any Tesseract block number
_FIRST_KEY = 10_000
_PAD = (20, 15)


def lost_line_boxes(pixels, words: list, grids: list) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom) of line-shaped ink no word and no ruled table covers."""
    import cv2

    height, width = pixels.shape
    ink = cv2.threshold(pixels, LOST_INK_LEVEL - 1, 255, cv2.THRESH_BINARY_INV)[1]  # 255 where darker than the level
    for word in words:
        box = word.box
        ink[max(0, int(box.top) - WORD_MARGIN):int(box.bottom) + WORD_MARGIN,
            max(0, int(box.x0) - WORD_MARGIN):int(box.x1) + WORD_MARGIN] = 0
    for grid in grids:
        ink[grid.top:grid.bottom + 1, grid.x0:grid.x1 + 1] = 0
    if not cv2.countNonZero(ink):
        return []
    blobs = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, _CLOSE_KERNEL))
    # the boxes of the outer contours are the blobs' boxes (a blob inside another's hole lies in its box):
    # 11 ms a page where connectedComponentsWithStats took 90
    contours, _ = cv2.findContours(blobs, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    low, high = LOST_LINE_HEIGHTS
    out = []
    for x, y, w, h in sorted((cv2.boundingRect(c) for c in contours), key=lambda b: (b[1], b[0])):
        if w >= LOST_LINE_MIN_WIDTH * width and low <= h <= high:
            out.append((max(0, int(x) - _PAD[0]), max(0, int(y) - _PAD[1]),
                        min(width, int(x + w) + _PAD[0]), min(height, int(y + h) + _PAD[1])))
    return out


def recover_lost_lines(grey, words: list, grids: list, read_line: Callable[[bytes], list]) -> list:
    """``words`` (OcrWord) and the words of lines Tesseract's layout dropped; ``grey`` is the page it read,
    ``read_line`` reads one line image (BMP bytes) into OcrWords."""
    import io

    import numpy as np

    from .layout import Segment

    boxes = lost_line_boxes(np.asarray(grey), words, grids)
    found = []
    for k, (left, top, right, bottom) in enumerate(boxes):
        buffer = io.BytesIO()
        grey.crop((left, top, right, bottom)).save(buffer, format="BMP")
        line = read_line(buffer.getvalue())
        if not line or sum(w.conf for w in line) / len(line) < LOST_LINE_MIN_CONF:
            continue
        for word in line:
            b = word.box
            box = Segment(b.x0 + left, b.top + top, b.x1 + left, b.bottom + top, b.text)
            found.append(replace(word, line_key=(_FIRST_KEY + k, 0, 0), box=box))
    return words + found if found else words
