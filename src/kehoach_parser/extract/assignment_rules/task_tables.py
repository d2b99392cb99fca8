"""Rule: every row of a task table with a lead-agency column is an assignment to that agency.

    | STT | Nhiệm vụ              | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian   |
    | 1   | Xây dựng kế hoạch ... | Sở Y tế         | Sở Tư pháp       | Quý II/2025 |

Two layouts: tables whose cells come one per line between '|' lines (website exports, HTML cells) and
pipe rows ("| a | b |", Markdown, PDF and DOCX tables).
"""
from __future__ import annotations

from ...models import Assignment, Span
from ..pipe_table import extract_pipe_tables
from ..task_table import extract_task_tables
from .base import AssignmentRule, RuleInput


def task_tables(doc: RuleInput) -> list[Assignment]:
    z = doc.zones
    out: list[Assignment] = []
    # table rows know where they stand in the normalised text; their spans become source offsets here
    for assignment in extract_task_tables(z.lines) + extract_pipe_tables(z.lines):
        if assignment.span is not None and z.source_offset is not None:
            assignment.span = Span(start=z.source_offset(assignment.span.start), end=z.source_offset(assignment.span.end))
        if assignment.span is not None:
            doc.claimed.append((assignment.span.start, assignment.span.end))  # the row is read
        out.append(assignment)
    return out


RULE = AssignmentRule("task_tables", task_tables)
