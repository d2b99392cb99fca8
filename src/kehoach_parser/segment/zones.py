"""Blocks -> zones of a plan: header, title, preamble, body (outline), closing, appendix."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .. import regexes as re

from .. import patterns as P
from .blocks import OWN_DOC_TYPE_LINE, Block, Line
from .labels import match_label

# What opens the preamble or the body after a title: "Căn cứ", "Thực hiện", "Nhằm", "(Ban hành kèm theo"
PREAMBLE_START = re.compile(
    r"^(?:Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Theo|Nhằm|Xét|Để|Ngày|Trên\s+cơ\s+sở|Tiếp\s+tục|Qua|Thi\s+hành|Hưởng\s+ứng|"
    r"\(?\s*Ban\s+hành\s+kèm|\(?\s*Kèm\s+theo)",
    re.I,
)
# The authority line of a decision or resolution: "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "CHỦ TỊCH ỦY BAN ..."
AUTHORITY_LINE = re.compile(r"^(?:CHỦ\s+TỊCH\s+)?(?:ỦY|UỶ)\s+BAN|^BỘ\s+TRƯỞNG|^THỦ\s+TƯỚNG|^GIÁM\s+ĐỐC|^BAN\s+THƯỜNG\s+VỤ|^HỘI\s+ĐỒNG")
APPENDIX_LINE = re.compile(r"^(?:PHỤ\s+LỤC|Phụ\s+lục)(?:\s+[\dIVX]+)?\s*:?$")


@dataclass
class Zones:
    blocks: list[Block]
    lines: list[Line]
    doc_type_at: int | None = None          # index of the "KẾ HOẠCH" block
    title: range = range(0)
    preamble: range = range(0)
    body: range = range(0)
    recipients_at: int | None = None
    appendix_at: int | None = None
    notes: list[str] = field(default_factory=list)
    source_offset: Callable[[int], int] | None = None  # normalised offset -> source offset

    def text_of(self, rng: range) -> list[Block]:
        return [self.blocks[i] for i in rng]


def _is_doc_type(block: Block) -> bool:
    return bool(OWN_DOC_TYPE_LINE.match(block.text)) and not block.cell


# A later article of the decision that carries a plan in its first article: "Điều 2. Quyết định này có hiệu
# lực ...", "Điều 3. Các Bộ trưởng ... chịu trách nhiệm thi hành Quyết định này."
CLOSING_ARTICLE = re.compile(r"^Điều\s+(?P<n>\d{1,2})\s*[.:]\s")


def _closing_article(text: str) -> bool:
    m = CLOSING_ARTICLE.match(text)
    return bool(m) and int(m.group("n")) >= 2


# A preamble sentence's opening: "Căn cứ Luật ..."
_BASIS_OPEN = re.compile(r"^Căn\s+cứ")
# Any letter: a block without one ("2026 - 2030") continues the title
_LETTER = re.compile(r"\p{L}")


def find_zones(blocks: list[Block], lines: list[Line]) -> Zones:
    z = Zones(blocks, lines)
    n = len(blocks)
    z.doc_type_at = next((i for i, b in enumerate(blocks[:80]) if _is_doc_type(b)), None)

    # title: the block after the doc type, plus capital or lower-case continuations
    start = (z.doc_type_at + 1) if z.doc_type_at is not None else 0
    t_end = start
    if z.doc_type_at is not None and start < n:
        first = blocks[start]
        if not _BASIS_OPEN.match(first.text) and match_label(first.text) is None:
            t_end = start + 1
            while t_end < n and t_end < start + 4:
                b = blocks[t_end]
                prev = blocks[t_end - 1]
                if PREAMBLE_START.match(b.text) or AUTHORITY_LINE.match(b.text) or match_label(b.text) or b.cell:
                    break
                if (prev.upper and b.upper) or b.text[:1].islower() or not _LETTER.search(b.text):
                    t_end += 1
                    continue
                break
    z.title = range(start, t_end)

    # the outline starts at the first Roman heading after the title (else the first arabic one)
    first_roman = first_arabic = None
    for i in range(t_end, n):
        b = blocks[i]
        label = match_label(b.text)
        if label is None:
            continue
        if label.style == "roman" and first_roman is None and label.ordinal == 1:
            first_roman = i
            break
        if label.style == "arabic" and first_arabic is None and label.ordinal == 1 and not b.cell:
            first_arabic = i
    body_start = first_roman if first_roman is not None else first_arabic
    if body_start is None:
        z.preamble = range(t_end, n)
        z.body = range(n, n)
    else:
        z.preamble = range(t_end, body_start)
        body_end = n
        for i in range(body_start + 1, n):
            b = blocks[i]
            if P.RECIPIENTS_HEAD.match(b.text) or (APPENDIX_LINE.match(b.text) and not b.cell) or b.footnote:
                body_end = i
                break
            if first_roman is not None and not b.cell and _closing_article(b.text):
                body_end = i  # "Điều 2. Quyết định này có hiệu lực ...": the decision goes on after its plan
                break
        z.body = range(body_start, body_end)

    z.recipients_at = next((i for i, b in enumerate(blocks) if P.RECIPIENTS_HEAD.match(b.text)), None)
    z.appendix_at = next((i for i in range(z.body.stop, n) if APPENDIX_LINE.match(blocks[i].text)), None)
    return z
