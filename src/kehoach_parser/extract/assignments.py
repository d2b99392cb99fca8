"""Assignments: who must do what, found by the rule chain (assignment_rules.CHAIN)."""
from __future__ import annotations

from ..models import Assignment
from ..segment.outline import Node
from ..segment.zones import Zones
from .assignment_rules import CHAIN, RuleInput
from .assignment_rules.items import clean_task
from .deadlines import add_deadline_dates

__all__ = ["extract_assignments", "clean_task"]


def extract_assignments(z: Zones, roots: list[Node]) -> list[Assignment]:
    doc = RuleInput(z, roots)
    out: list[Assignment] = []
    for rule in CHAIN:
        if rule.fallback and out:
            continue
        earlier_claims = list(doc.claimed)
        out.extend(a for a in rule.extract(doc) if not _claimed(a, earlier_claims))
    add_deadline_dates(out)
    return out


def _claimed(assignment: Assignment, claims: list[tuple[int, int]]) -> bool:
    span = assignment.span
    return span is not None and any(start <= span.start < end for start, end in claims)
