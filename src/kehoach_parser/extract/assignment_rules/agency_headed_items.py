"""Rule: outside the implementation section, an item headed by an agency alone assigns its body to it.

    III. PHÂN CÔNG NHIỆM VỤ
    3. Sở Giáo dục và Đào tạo
       - Chỉ đạo các trường học lồng ghép nội dung ...
    a) Công an tỉnh: phối hợp kiểm tra ...

An item whose heading goes on into a task ("Sở Y tế hướng dẫn ...") is not read here.
"""
from __future__ import annotations

from functools import lru_cache

from ...models import Assignment
from ...vocab import load
from ..agencies import agency_phrase, head_end
from .base import AssignmentRule, RuleInput
from .items import agency_headed, agency_text, from_item


def agency_headed_items(doc: RuleInput) -> list[Assignment]:
    out: list[Assignment] = []
    for root in doc.roots:
        if root.kind == "implementation":
            continue
        for node in root.walk():
            if node is root or node.style == "bullet" or not (node.children or node.text_parts):
                continue
            if agency_headed(node) and not agency_phrase(agency_text(node.heading_text)[0])[1] and not _among_topics(node):
                out.extend(from_item(node, nested=False))
    return out


# The fewest other items naming no body an item needs beside it for them to say what its list is (a list
# of topics), and the share of the items beside it they must be: two thirds, so that a list of bodies with a
# topic or two among them ("4. Kinh phí thực hiện" after three departments) stays a list of bodies
TOPIC_LIST_MIN = 3
TOPIC_SHARE = 2 / 3
def _class_only(heading: str) -> bool:
    """A heading that names a class of bodies and nothing particular: its head word ('Doanh nghiệp') followed
    by lower-case words only, none of them a plural, place or level ('Doanh nghiệp số'); not 'Sở Y tế',
    'Công an tỉnh', 'UBND các địa phương', nor a list ('Các sở, ban, ngành')."""
    end = head_end(heading)
    rest = heading[end:].split()
    return bool(end) and "," not in heading and bool(rest) and all(w.isalpha() and w.islower() for w in rest) \
        and not _particular_words().intersection(rest)


@lru_cache(maxsize=1)
def _particular_words() -> frozenset[str]:
    """vocab/agencies.yaml particular_words: a plural, a place or a level."""
    return frozenset(load("agencies")["particular_words"])


def _among_topics(node) -> bool:
    """An item whose heading names a kind of body alone in a list of topics ("9. Doanh nghiệp số" after "1. Thể
    chế", "2. Hạ tầng số", ... under "III. NHIỆM VỤ, GIẢI PHÁP"): a topic too, its items the tasks of the
    plan. A level of the outline lists bodies or topics, rarely both; one heading among items that mostly
    name no body (three at least), a single class of bodies, is no body's heading. Bodies listed or in the plural ("7. Các
    sở, ban, ngành, địa phương" among topics) are addressed all the same."""
    parent = node.parent
    if parent is None or not _class_only(agency_text(node.heading_text)[0]):
        return False
    others = [c for c in parent.children if c is not node and c.style == node.style]
    topics = [c for c in others if not agency_headed(c)]
    return len(topics) >= TOPIC_LIST_MIN and len(topics) >= TOPIC_SHARE * len(others)


RULE = AssignmentRule("agency_headed_items", agency_headed_items)
