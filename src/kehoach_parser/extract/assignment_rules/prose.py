"""Rule (fallback): prose that assigns work, in plans with no agency items and no task table.

    "Ủy ban nhân dân tỉnh giao Sở Lao động - Thương binh và Xã hội chủ trì, phối hợp với ... tổ chức ..."
    -> Sở Lao động - Thương binh và Xã hội, lead
"""
from __future__ import annotations

from ... import regexes as re

from ...models import Assignment, Span
from ..agencies import agency_phrase, cooperating_agencies, split_agencies, starts_with_agency
from .base import AssignmentRule, RuleInput
from ..common import cap_first
from .items import LEAD_WORDS, clean_task

# A prose assignment: "UBND giao Sở Lao động - Thương binh và Xã hội chủ trì, ..."
PROSE_ASSIGN = re.compile(r"\b(?:giao|Giao)\s+(?P<rest>(?:cho\s+)?(?:\p{Lu}|phòng\s+\p{Lu}|sở\s+\p{Lu}|ban\s+\p{Lu}).+)")


# "cho" before the bodies given the work: "Giao cho Sở Y tế ..."
_FOR = re.compile(r"^cho\s+")


def prose(doc: RuleInput) -> list[Assignment]:
    """One assignment per body a 'giao ...' sentence names; a paragraph is one task."""
    out: list[Assignment] = []
    for block in doc.zones.blocks:
        m = PROSE_ASSIGN.search(block.text)
        if not m:
            continue
        rest = _FOR.sub("", m.group("rest"))
        if not starts_with_agency(rest) and starts_with_agency(cap_first(rest)):
            rest = cap_first(rest)  # "Giao phòng Kế hoạch - Tài chính ...": a body's head word in lower case
        if not starts_with_agency(rest):
            continue
        name, tail = agency_phrase(rest)
        agencies = split_agencies(name)
        if not agencies:
            continue
        # a paragraph is one task: its clauses ("...; kiểm tra, đôn đốc ...") stay together
        tasks = [tail] if len(tail.split()) > 2 else []
        role = "lead" if LEAD_WORDS.match(tail) else "responsible"
        for agency in agencies:
            out.append(Assignment(
                agency=agency, role=role, cooperating=cooperating_agencies(tail),
                tasks=[clean_task(t) for t in tasks], section=None,
                span=Span(start=block.start, end=block.end),
            ))
    return out


RULE = AssignmentRule("prose", prose, fallback=True)
