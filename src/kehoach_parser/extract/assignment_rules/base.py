"""What every assignment rule is: a name, a function from the parsed document to assignments, a precedence."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ...models import Assignment, Span
from ...segment.outline import Node
from ...segment.zones import Zones


@dataclass(frozen=True)
class RuleInput:
    """What a rule reads: the zones (blocks, lines) and the outline of the body."""

    zones: Zones
    roots: list[Node]
    # source spans of the items an earlier rule has read: later rules' findings inside them are dropped
    claimed: list[tuple[int, int]] = field(default_factory=list)


def source_span(doc: RuleInput, assignment: Assignment) -> Assignment:
    """Table rows know where they stand in the normalised text; give the assignment source offsets."""
    z = doc.zones
    if assignment.span is not None and z.source_offset is not None:
        assignment.span = Span(start=z.source_offset(assignment.span.start), end=z.source_offset(assignment.span.end))
    return assignment


@dataclass(frozen=True)
class AssignmentRule:
    """One named way plans state who does what.

    ``fallback`` rules run only when every rule before them found nothing (prose is read only in plans
    without agency items or task tables).
    """

    name: str
    extract: Callable[[RuleInput], list[Assignment]]
    fallback: bool = False
    # a rule that reads the plan's task table: what it finds is the plan's own list of who does what, and an
    # item elsewhere restating one of its tasks is not assigned again (see assignments.drop_restated)
    table: bool = False
