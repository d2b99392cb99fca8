"""Rule: outside the implementation section, an item headed by an agency alone assigns its body to it.

    III. PHÂN CÔNG NHIỆM VỤ
    3. Sở Giáo dục và Đào tạo
       - Chỉ đạo các trường học lồng ghép nội dung ...
    a) Công an tỉnh: phối hợp kiểm tra ...

An item whose heading goes on into a task ("Sở Y tế hướng dẫn ...") is not read here.
"""
from __future__ import annotations

from ...models import Assignment
from ..agencies import agency_phrase
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
            if agency_headed(node) and not agency_phrase(agency_text(node.heading_text)[0])[1]:
                out.extend(from_item(node, nested=False))
    return out


RULE = AssignmentRule("agency_headed_items", agency_headed_items)
