"""Rule: the items of the implementation section ("TỔ CHỨC THỰC HIỆN") name who does what.

    IV. TỔ CHỨC THỰC HIỆN
    1. Sở Y tế: chủ trì, phối hợp với các sở, ngành tổ chức triển khai Kế hoạch.
    2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Tỉnh đoàn: phối hợp tuyên truyền ...
    3. Các Sở, ngành: Tư pháp, Y tế  ->  Sở Tư pháp, Sở Y tế
"""
from __future__ import annotations

from ...models import Assignment
from .base import AssignmentRule, RuleInput
from .items import from_item


def implementation_items(doc: RuleInput) -> list[Assignment]:
    out: list[Assignment] = []
    for root in doc.roots:
        if root.kind == "implementation":
            for child in root.children:
                out.extend(from_item(child, nested=True))
    return out


RULE = AssignmentRule("implementation_items", implementation_items)
