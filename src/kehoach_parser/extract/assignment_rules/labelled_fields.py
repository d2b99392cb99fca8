"""Rule: an item whose lines are labelled fields is one assignment (plans that implement a law or decree).

    1.1. Xây dựng và ban hành Hướng dẫn ...            <- the task (or a "Nội dung:" field)
    - Thời gian hoàn thành: Tháng 11/2025.            <- deadline
    - Đơn vị chủ trì: Đồng chí Phó chủ tịch Thường trực  <- lead (a name or an office, as written)
    - Đơn vị phối hợp: Các đ/c Phó chủ tịch, Trưởng đoàn thể xã.
    - Kết quả / Sản phẩm: Dự thảo Hướng dẫn.          <- output
    - Cơ quan thực hiện: Sở Y tế chủ trì; Sở Tư pháp, Công an tỉnh phối hợp.

Field labels are the task-table column names (vocab/tables.yaml): a labelled item is a table row written
down the page. A label is never an agency. Fields written after the last sub-item of an item, when no
other sub-item has fields, belong to the item above ("3. ... / 3.1 / 3.2 / 3.3 ... / - Đơn vị chủ trì: ...").
The items this rule reads are claimed: later rules do not read them again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ... import regexes as re

from ...models import Assignment, Span
from ...segment.outline import Node
from ...segment.section_kinds import section_kind
from ...vocab import fold, load
from ..agencies import agency_phrase, continues_name, cooperating_agencies, split_agencies, starts_with_agency
from ..common import clean_value
from ..table_rows import column_kind, says_role
from .base import AssignmentRule, RuleInput

# "Đơn vị chủ trì: Ban Công tác mặt trận thôn", "Thời gian hoàn thành: Quý I/2026" — a short label, a colon
FIELD = re.compile(r"^\s*(?:[-–•+*]\s*)?(?P<label>[^\W\d][^:;.()]{1,50}?)\s*:\s*(?P<value>\S.*)$", re.S)
# at most this many words in a label: "Cơ quan, đơn vị chủ trì thực hiện" has 7; a sentence has more
MAX_LABEL_WORDS = 7
FIELD_KINDS = ("lead", "responsible", "cooperating", "deadline", "output", "task")
AGENCY_FIELDS = ("lead", "responsible")
# the role word of a clause inside a field: "Sở Y tế chủ trì", "Sở Tư pháp, Công an tỉnh phối hợp"
ROLE_WORD = re.compile(r"\s*,?\s*\b(?:chủ\s+trì|phối\s+hợp|tham\s+gia)\b", re.I)
# a name list inside a field splits at commas and semicolons, not inside "Văn hóa, Thể thao và Du lịch"
NAME_SPLIT = re.compile(r"\s*[,;]\s*")
PLURAL = re.compile(r"^(?:các|những)\s", re.I)
# an item may not exceed this many fields before it is a form rather than a task (blank templates)
MAX_FIELDS = 12


@dataclass
class _Fields:
    values: dict[str, str] = field(default_factory=dict)
    count: int = 0

    def add(self, kind: str, value: str) -> None:
        self.count += 1
        if kind not in self.values:
            self.values[kind] = clean_value(value)

    @property
    def assigns(self) -> bool:
        return any(k in self.values for k in AGENCY_FIELDS) and self.count <= MAX_FIELDS


def field_of(text: str) -> tuple[str, str] | None:
    """('lead', 'Sở Y tế') for '- Cơ quan chủ trì: Sở Y tế'; None for an ordinary line."""
    m = FIELD.match(text)
    if not m or len(m.group("label").split()) > MAX_LABEL_WORDS:
        return None
    label = m.group("label")
    kind = column_kind(label)
    if kind not in FIELD_KINDS or not _is_label(label):
        return None
    return kind, m.group("value").strip()


# a label is a column name and at most this many qualifying words: "Thời gian hoàn thành dự kiến";
# more, or a comma after the name, is a sentence ("Chủ trì, phối hợp với các huyện: ...")
MAX_QUALIFIER_WORDS = 3


def _is_label(label: str) -> bool:
    folded = " ".join(fold(label).replace("/", " ").split())
    for prefix in _label_prefixes():
        if folded == prefix:
            return True
        if folded.startswith(prefix + " "):
            rest = folded[len(prefix):]
            return "," not in rest and len(rest.split()) <= MAX_QUALIFIER_WORDS
    return False


@lru_cache(maxsize=1)
def _label_prefixes() -> list[str]:
    columns = load("tables")["columns"]
    return sorted((p for kind in FIELD_KINDS for p in columns[kind]), key=len, reverse=True)


def _fields(node: Node) -> tuple[_Fields, list[Node]]:
    """The fields of an item (its heading, its paragraphs, its leaf sub-items) and the sub-items that are not fields."""
    found = _Fields()
    own = field_of(node.heading_text)
    if own and own[0] == "task":
        found.add(*own)
    for part in node.text_parts:
        f = field_of(part)
        if f:
            found.add(*f)
    others = []
    for child in node.children:
        f = field_of(child.heading_text) if not child.children else None
        if f:
            found.add(*f)
            for part in child.text_parts:  # a field's value wrapped onto the next paragraph
                if not field_of(part) and part not in child.heading_text:
                    found.values[f[0]] = clean_value(found.values[f[0]] + " " + part)
        else:
            others.append(child)
    return found, others


def _names(text: str) -> list[str]:
    """'Các đ/c Phó chủ tịch, Trưởng đoàn thể xã, các đồng chí Chuyên viên' -> three names.

    A piece that goes on in lower case ('phụ trách lĩnh vực ...') or is a known continuation
    ('Thể thao và Du lịch') stays with the name before it.
    """
    text = clean_value(text)
    if starts_with_agency(text) and len(split_agencies(text)) > 1:
        return split_agencies(text)
    out: list[str] = []
    for piece in NAME_SPLIT.split(text):
        piece = piece.strip(" .")
        if not piece:
            continue
        continues = piece[:1].islower() and not PLURAL.match(piece)
        if out and (continues or (not starts_with_agency(piece) and continues_name(piece))):
            out[-1] += ", " + piece
        else:
            out.append(piece)
    return out


# The semicolon between the clauses of a field: "Sở Y tế chủ trì; Sở Tư pháp, Công an tỉnh phối hợp"
CLAUSE_SEMICOLON = re.compile(r"\s*;\s*")


def _agencies(kind: str, value: str) -> tuple[list[tuple[str, str]], list[str]]:
    """([(name, role)], cooperating) from an agency field; clauses may carry their own roles:
    'Sở Y tế chủ trì, phối hợp với Sở Tư pháp' / 'Sở Y tế chủ trì; Sở Tư pháp, Công an tỉnh phối hợp'."""
    role = "lead" if kind == "lead" else "responsible"
    named: list[tuple[str, str]] = []
    helpers: list[str] = []
    for clause in [c for c in CLAUSE_SEMICOLON.split(value) if c.strip()]:
        leads, helps = says_role(clause, "lead"), says_role(clause, "cooperating")
        if not (leads or helps):
            named.extend((n, role) for n in _names(clause))
            continue
        m = ROLE_WORD.search(clause)
        before = clause[: m.start()] if m else ""
        names = _names(agency_phrase(before)[0]) if before.strip() else []
        if leads and m and m.group(0).strip(" ,").lower().startswith("chủ"):
            named.extend((n, "lead") for n in names)
            helpers.extend(h for h in cooperating_agencies(clause) if h not in helpers)
        elif names:
            helpers.extend(n for n in names if n not in helpers)
        else:
            helpers.extend(h for h in cooperating_agencies(clause) if h not in helpers)
    return named, helpers


def _assignments(node: Node, found: _Fields, tasks: list[str]) -> list[Assignment]:
    values = found.values
    named: list[tuple[str, str]] = []
    helpers: list[str] = []
    for kind in AGENCY_FIELDS:
        if kind in values:
            n, h = _agencies(kind, values[kind])
            named.extend(n)
            helpers.extend(x for x in h if x not in helpers)
    if "cooperating" in values:
        helpers.extend(x for x in _names(values["cooperating"]) if x not in helpers)
    span = Span(start=node.start, end=max(n.end for n in node.walk()))
    return [Assignment(agency=name, role=role, cooperating=[h for h in helpers if h != name], tasks=tasks,
                       section=node.path, deadline=values.get("deadline"), output=values.get("output"), span=span)
            for name, role in dict.fromkeys(named)]


def _task_of(node: Node, found: _Fields) -> str:
    """The task field, else the item's heading; none when the heading is a part of the plan that names how
    the work is organised ("II. CƠ QUAN CHỈ ĐẠO VÀ TỔ CHỨC THỰC HIỆN" over "Cơ quan chỉ đạo: ...", "IV. PHÂN
    CÔNG NHIỆM VỤ"): its fields give the bodies their roles, no task. Below the parts, such words open a task
    ("c) Tổ chức thực hiện công tác tuyên truyền ...")."""
    if found.values.get("task"):
        return found.values["task"]
    heading = clean_value(" ".join(node.heading_text.split()))
    if heading and node.parent is None and section_kind(heading) == "implementation":
        return ""
    return heading


def labelled_fields(doc: RuleInput) -> list[Assignment]:
    out: list[Assignment] = []
    for root in doc.roots:
        for node in root.walk():
            if node.style == "bullet" and not node.children:
                continue
            found, others = _fields(node)
            if not found.assigns:
                continue
            parent = node.parent
            owner, tasks = node, [_task_of(node, found)]
            if "task" not in found.values and node.heading_text.rstrip().endswith(":") and others \
                    and all(not c.children for c in others):
                # "6.1. Tham gia thực hiện các nhiệm vụ:" over "- Tham gia các phiên họp ..." and the fields: the
                # heading introduces the task the items below it write out
                tasks = [clean_value(" ".join(c.full_text().split())) for c in others]
            if (parent is not None and len(parent.children) >= 2 and parent.children[-1] is node and not others
                    and not any(_fields(c)[0].values for c in parent.children[:-1]) and not _fields(parent)[0].values):
                # "3. ... / 3.1 ... / 3.3 ... / - Đơn vị chủ trì: ...": the fields after the last sub-item are the item's
                owner = parent
                tasks = [_task_of(c, _Fields()) for c in parent.children]
            made = _assignments(owner, found, [t for t in tasks if t])
            if made:
                out.extend(made)
                doc.claimed.append((made[0].span.start, made[0].span.end))
    return out


RULE = AssignmentRule("labelled_fields", labelled_fields)
