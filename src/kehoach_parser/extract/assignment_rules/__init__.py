"""The assignment rules, in order of precedence. Adding a rule is adding a module here and a line in CHAIN.

Each rule reads the document (zones and outline) and returns assignments; ``extract_assignments`` runs
them in this order; what a rule finds inside an item an earlier rule claimed is dropped.
"""
from __future__ import annotations

from . import agency_headed_items, implementation_items, labelled_fields, loose_tables, prose, task_tables
from .base import AssignmentRule, RuleInput

CHAIN: list[AssignmentRule] = [
    labelled_fields.RULE,
    implementation_items.RULE,
    agency_headed_items.RULE,
    task_tables.RULE,
    loose_tables.RULE,
    prose.RULE,
]

__all__ = ["CHAIN", "AssignmentRule", "RuleInput"]
