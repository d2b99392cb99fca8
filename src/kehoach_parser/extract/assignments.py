"""Assignments: who must do what, found by the rule chain (assignment_rules.CHAIN)."""
from __future__ import annotations

from collections import Counter

from ..models import Assignment
from ..vocab import fold
from ..segment.outline import Node
from ..segment.zones import Zones
from .assignment_rules import CHAIN, RuleInput
from .assignment_rules.items import clean_task
from .common import cap_first
from .deadlines import add_deadline_dates

__all__ = ["extract_assignments", "clean_task"]


def extract_assignments(z: Zones, roots: list[Node]) -> list[Assignment]:
    doc = RuleInput(z, roots)
    found: list[tuple[Assignment, bool]] = []  # (assignment, read from a task table)
    for rule in CHAIN:
        if rule.fallback and found:
            continue
        earlier_claims = list(doc.claimed)
        found.extend((a, rule.table) for a in rule.extract(doc) if not _claimed(a, earlier_claims))
    implementation = {root.path for root in roots if root.kind == "implementation"}
    out = in_document_order(drop_restated(found, implementation))
    complete_names(out)
    add_deadline_dates(out)
    return out


def complete_names(assignments: list[Assignment]) -> None:
    """A name the plan writes in full elsewhere wins over one a task verb cut short: 'Vụ Vật liệu' with the task
    'Xây dựng là cơ quan tham mưu ...' is 'Vụ Vật liệu xây dựng' (as the plan's task table names it) with 'Là cơ
    quan tham mưu ...'."""
    names = {fold(a.agency): a.agency for a in assignments}
    for assignment in assignments:
        if not assignment.tasks:
            continue
        prefix, task = fold(assignment.agency) + " ", assignment.tasks[0]
        folded_task = fold(task)
        for key, full in names.items():
            if not key.startswith(prefix):
                continue
            tail = full[len(assignment.agency):].strip()
            if folded_task.startswith(fold(tail) + " ") and len(task) > len(tail) + 1:
                assignment.agency = full
                assignment.tasks[0] = cap_first(task[len(tail):].strip())
                break


def in_document_order(assignments: list[Assignment]) -> list[Assignment]:
    """Assignments in the order the plan writes them (rules run one after another: a task table in section II
    came after the implementation items of section III); one without a span stays after the one before it."""
    keys, last = [], -1
    for assignment in assignments:
        if assignment.span is not None:
            last = assignment.span.start
        keys.append(last)
    order = sorted(range(len(assignments)), key=lambda i: keys[i])
    return [assignments[i] for i in order]


# A task restates a table row's task when their words overlap this much (token F1); 0.6: the same task
# written twice differs in a few words ("Đưa các chỉ tiêu ..." in the body, "Ủy ban nhân dân cấp tỉnh, cấp xã đưa
# các chỉ tiêu ..." in the list), two different tasks of one plan share fewer than half their words
RESTATED_F1 = 0.6


def drop_restated(found: list[tuple[Assignment, bool]], implementation: set[str] = frozenset()) -> list[Assignment]:
    """The de-duplication step: when a plan lists its tasks in a table (often an appendix), an item of the
    body's task sections that restates one of them ("- Ủy ban nhân dân cấp tỉnh ... đưa các chỉ tiêu bao phủ
    ...") is the same work, already assigned by the table's row; it is dropped. Items of the implementation
    section (``implementation``: their root paths) allocate work in their own right and stay; everything else
    is kept, in order."""
    table_tasks = [_words(t) for a, from_table in found if from_table for t in a.tasks]
    if not table_tasks:
        return [a for a, _ in found]
    out = []
    for assignment, from_table in found:
        in_implementation = (assignment.section or "").split(".")[0] in implementation
        if not from_table and not in_implementation and assignment.tasks and all(
                any(_f1(_words(task), other) >= RESTATED_F1 for other in table_tasks) for task in assignment.tasks):
            continue
        out.append(assignment)
    return out


def _words(text: str) -> Counter:
    return Counter(fold(text).replace(",", " ").replace(";", " ").replace(".", " ").split())


def _f1(a: Counter, b: Counter) -> float:
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(b.values()), common / sum(a.values())
    return 2 * precision * recall / (precision + recall)


def _claimed(assignment: Assignment, claims: list[tuple[int, int]]) -> bool:
    span = assignment.span
    return span is not None and any(start <= span.start < end for start, end in claims)
