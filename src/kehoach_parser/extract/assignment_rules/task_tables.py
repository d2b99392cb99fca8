"""Rule: every row of a task table with a lead-agency column is an assignment to that agency.

    | STT | Nhiệm vụ              | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian   |
    | 1   | Xây dựng kế hoạch ... | Sở Y tế         | Sở Tư pháp       | Quý II/2025 |

Two layouts: tables whose cells come one per line between '|' lines (website exports, HTML cells) and
pipe rows ("| a | b |", Markdown, PDF and DOCX tables).
"""
from __future__ import annotations

from ...models import Assignment
from ..pipe_table import extract_pipe_tables
from ..task_table import extract_task_tables
from .base import AssignmentRule, RuleInput, source_span


def task_tables(doc: RuleInput) -> list[Assignment]:
    z = doc.zones
    out: list[Assignment] = []
    for assignment in extract_task_tables(z.lines) + extract_pipe_tables(z.lines):
        source_span(doc, assignment)
        if assignment.span is not None:
            doc.claimed.append((assignment.span.start, assignment.span.end))  # the row is read
        out.append(assignment)
    return out


RULE = AssignmentRule("task_tables", task_tables, table=True)
