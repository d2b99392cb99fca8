"""Assignments: who must do what, found by the rule chain (assignment_rules.CHAIN)."""
from __future__ import annotations

from ..models import Assignment
from ..segment.outline import Node
from ..segment.zones import Zones
from .assignment_rules import CHAIN, RuleInput
from .assignment_rules.items import clean_task

__all__ = ["extract_assignments", "clean_task"]


def extract_assignments(z: Zones, roots: list[Node]) -> list[Assignment]:
    doc = RuleInput(z, roots)
    out: list[Assignment] = []
    for rule in CHAIN:
        if rule.fallback and out:
            continue
        out.extend(rule.extract(doc))
    return out
