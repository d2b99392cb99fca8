"""Rows of task tables, whatever layout they came in: a task, agency cells typed by their column, a
deadline and a product; and how such a row becomes assignments.

The header says what each agency column means (vocab/tables.yaml): "Cơ quan chủ trì" / "Cơ quan soạn thảo"
lead, "Cơ quan trình" / "Cơ quan thực hiện" are responsible, "Cơ quan phối hợp" cooperate. Inside a cell,
clauses give roles of their own: "Sở KH&CN chủ trì hướng dẫn; Các sở, ngành thực hiện công bố" (a lead and
two responsible bodies), "X chủ trì thẩm tra; Y tham gia" (Y cooperates), "X (Y phối hợp chuẩn bị)".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .. import regexes as re

from .. import patterns as P
from ..models import Assignment, Span
from ..vocab import fold, load
from .agencies import agency_phrase, split_agencies, starts_with_agency, team_name
from .common import clean_value

AGENCY_KINDS = ("lead", "responsible", "cooperating")
_ROLE_RANK = {"lead": 3, "responsible": 2, "requested": 1}

# A deadline: "Quý IV/2025", "Năm 2025 - 2026", "Tháng 12/2025", "Hằng năm", "Thường xuyên", "Trước 30/6/2026",
# "Trình UBTVQH xem xét, thông qua trước ngày 10/01/2025"
DEADLINE = re.compile(
    r"^(?:Quý|Tháng|Năm|Hằng\s+năm|Hàng\s+năm|Thường\s+xuyên|Trước|Trong|Giai\s+đoạn|Định\s+kỳ|Từ|Đến|Cuối|Đầu|Giữa|"
    r"Đã\s+hoàn\s+thành|\d{1,2}/\d{4}|\d{4}|Trình\b)", re.I
)
# Funding cells: "Chi thường xuyên ...", "Ngân sách ...", "Đầu tư công ..."
FUNDING = re.compile(r"^(?:Chi\s+thường\s+xuyên|Ngân\s+sách|Đầu\s+tư\s+công|Nguồn|Kinh\s+phí|Vốn|Xã\s+hội\s+hóa)", re.I)
# Ordinal cells: "1", "2.3", "I", "IV"
ORDINAL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVX]{1,5}\.?)$")
# A leading bullet inside a cell: "- Ủy ban Pháp luật chủ trì thẩm tra"
CELL_BULLET = re.compile(rf"^{P.BULLET}\s*")
# Clauses run together in one cell: "Sở KH&CN chủ trì ...; Các sở, ngành ... thực hiện", "...thẩm tra; - Hội đồng ..."
CLAUSE_SPLIT = re.compile(rf"\s*;\s*(?:{P.BULLET}\s*)?")
# A dash between clauses, when a body follows it ("... thẩm tra - Hội đồng dân tộc"); a dash inside a name
# ("Sở Lao động - Thương binh và Xã hội") is followed by no head word and stays
CLAUSE_DASH = re.compile(rf"\s+{P.BULLET}\s+(?=\p{{Lu}})")
# A parenthesis naming a body that helps: "(Viện Nghiên cứu lập pháp phối hợp chuẩn bị dự thảo)"
PAREN_HELPER = re.compile(r"\((?P<names>[^()]{3,200}?)\s+(?:phối\s+hợp|tham\s+gia)\b[^()]*\)")
PARENTHESIS = re.compile(r"\s*\([^()]*\)")
# A role written where a body is expected: a singular generic head and only lower-case words after it
# ("Cơ quan lập quy hoạch", "Đơn vị tổ chức thực hiện"); "Cơ quan thường trực Hội đồng thẩm định" names a body
ROLE_DESCRIPTION = re.compile(r"^(?:Cơ\s+quan|Đơn\s+vị)(?:\s+\p{Ll}[\p{L}-]*)+$")
# Two bodies written as alternatives in one cell: "Ban Quản lý quy hoạch/Tư vấn được lựa chọn"
ALTERNATIVES = re.compile(r"\s*/\s*(?=\p{Lu}\p{Ll})")
# A footnote mark left in a cell: "Ủy ban Đối ngoại [3]"
NOTE_MARK = re.compile(r"\s*\[\d{1,3}\]")


@lru_cache(maxsize=1)
def _vocab() -> tuple[list[tuple[str, tuple[str, ...]]], dict[str, tuple[str, ...]]]:
    v = load("tables")
    columns = [(kind, tuple(prefixes)) for kind, prefixes in v["columns"].items()]
    roles = {role: tuple(words) for role, words in v["clause_roles"].items()}
    return columns, roles


def column_kind(header_cell: str) -> str | None:
    """What a header cell announces: 'Cơ quan chủ trì' -> 'lead', 'Thời gian hoàn thành' -> 'deadline'.

    >>> column_kind("Cơ quan trình"), column_kind("Tiến độ"), column_kind("Tên văn bản")
    ('responsible', 'deadline', 'task')
    """
    folded = " ".join(fold(header_cell).replace("/", " ").split()).strip(" :.")
    if not folded:
        return None
    pattern, kinds = _column_names()
    m = pattern.match(folded)
    return kinds[m.lastgroup] if m else None


@lru_cache(maxsize=1)
def _column_names() -> tuple[re.Pattern, dict[str, str]]:
    """One pattern for every column name, kinds in vocabulary order (the first kind that names a cell wins,
    as a name followed by a space or a comma: "co quan chu tri", "thoi gian, tien do"), and the kind of
    each of its groups."""
    columns = _vocab()[0]
    groups = "|".join(f"(?P<k{i}>" + "|".join(re.escape(p) for p in prefixes) + ")" for i, (_, prefixes) in enumerate(columns))
    return re.compile(f"^(?:{groups})(?=$|[ ,])"), {f"k{i}": kind for i, (kind, _) in enumerate(columns)}


def says_role(text: str, role: str) -> bool:
    """Does a clause carry a role word ('chủ trì' for lead, 'phối hợp' / 'tham gia' for cooperating)?"""
    folded = fold(text)
    return any(w in folded for w in _vocab()[1][role])


@dataclass
class TableRow:
    task: str | None = None
    agencies: list[tuple[str, str]] = field(default_factory=list)  # (cell, column kind)
    deadline: str | None = None
    output: str | None = None
    section: str | None = None
    start: int | None = None   # offsets of the row's lines in the normalised text (made source offsets later)
    end: int | None = None

    def covers(self, start: int, end: int) -> None:
        self.start = start if self.start is None else min(self.start, start)
        self.end = end if self.end is None else max(self.end, end)


# A performer cell that ends on "trình" (submits): the body that submits, whose addressee the table put in
# the next column ("Ủy ban nhân dân cấp tỉnh trình" | "Hội đồng nhân dân cùng cấp")
SUBMITS_AT_END = re.compile(r"\s+trình$")


def row_assignments(row: TableRow) -> list[Assignment]:
    """One assignment per body the row names, with its role, helpers, the task, deadline and product."""
    if row.task is None or not row.agencies:
        return []
    entries: dict[str, tuple[str, str, list[str]]] = {}  # folded name -> (name, role, cooperating)
    row_helpers: list[str] = []

    def add(name: str, role: str, helpers: list[str]) -> None:
        key = fold(name)
        if key in entries:
            old_name, old_role, old_helpers = entries[key]
            best = role if _ROLE_RANK.get(role, 0) > _ROLE_RANK.get(old_role, 0) else old_role
            entries[key] = (old_name, best, old_helpers + [h for h in helpers if h not in old_helpers])
        else:
            entries[key] = (name, role, list(helpers))

    for cell, kind in row.agencies:
        if kind == "cooperating":
            for clause in cell_clauses(CELL_BULLET.sub("", PARENTHESIS.sub("", cell))):
                row_helpers.extend(h for h in _cell_names(clause) if h not in row_helpers)
            continue
        clauses = [c.strip(" .") for c in cell_clauses(CELL_BULLET.sub("", cell)) if c.strip(" .")]
        # when one clause of the cell chairs, the others carry out ("...; Các sở, ngành thực hiện ...")
        someone_chairs = len(clauses) > 1 and any(says_role(c, "lead") for c in clauses)
        lead_in_cell: str | None = None
        for clause in clauses:
            helpers = [h for m in PAREN_HELPER.finditer(clause) for h in _names(m.group("names"))]
            bare = SUBMITS_AT_END.sub("", NOTE_MARK.sub("", PARENTHESIS.sub("", clause)).strip())
            leads, helps = says_role(bare, "lead"), says_role(bare, "cooperating")
            # a cell of an agency column is a name as it stands, unless it says what the body does; a team is
            # named for its work, verbs and all
            team = None if leads or helps else team_name(bare)
            name = team or (bare if not (leads or helps) and len(bare) <= 120 and not _has_verb(bare) else agency_phrase(bare)[0])
            if not name or not (team or starts_with_agency(name) or name.lower().startswith("các ")):
                continue
            if helps and not leads:
                target = entries.get(lead_in_cell) if lead_in_cell else None
                if target:
                    n, r, h = target
                    entries[lead_in_cell] = (n, r, h + [x for x in split_agencies(name) if x not in h])
                else:
                    row_helpers.extend(split_agencies(name))
                continue
            role = "lead" if leads else ("responsible" if someone_chairs else kind)
            for agency in (a for part in ALTERNATIVES.split(name) for a in _split_names(part)):
                if ROLE_DESCRIPTION.match(agency):
                    continue
                add(agency, role, helpers)
                if leads or lead_in_cell is None:
                    lead_in_cell = fold(agency)
    if row_helpers:
        any_lead = any(r == "lead" for _, r, _ in entries.values())
        for key, (name, role, helpers) in list(entries.items()):
            if role == "lead" or not any_lead:
                entries[key] = (name, role, helpers + [h for h in row_helpers if h not in helpers and fold(h) != key])
    task = clean_value(row.task)
    deadline = clean_value(row.deadline) if row.deadline else None
    output = clean_value(row.output) if row.output else None
    return [
        Assignment(agency=name, role=role, cooperating=helpers, tasks=[task], section=row.section,
                   deadline=deadline, output=output,
                   span=Span(start=row.start, end=row.end) if row.start is not None else None)
        for name, role, helpers in entries.values()
    ]


def _has_verb(text: str) -> bool:
    """Does a task follow the name ('Sở Y tế thúc đẩy, theo dõi chỉ tiêu'), not just close it ('... thành lập')?"""
    return len(agency_phrase(text)[1].split()) >= 3


def cell_clauses(cell: str) -> list[str]:
    """The clauses of one agency cell, cut at semicolons and at dashes that a body's name follows."""
    out: list[str] = []
    for piece in CLAUSE_SPLIT.split(cell):
        start = 0
        for dash in CLAUSE_DASH.finditer(piece):
            if starts_with_agency(piece[dash.end():]):
                out.append(piece[start:dash.start()])
                start = dash.end()
        out.append(piece[start:])
    return out


def _cell_names(clause: str) -> list[str]:
    """The bodies of a cooperating cell's clause: a name as it stands ("Vụ Vật liệu xây dựng") unless a task follows it."""
    bare = NOTE_MARK.sub("", clause).strip(" .")
    if not bare:
        return []
    name = bare if len(bare) <= 120 and not _has_verb(bare) and starts_with_agency(bare) else agency_phrase(bare)[0]
    return [a for part in ALTERNATIVES.split(name) for a in split_agencies(part) if a and not ROLE_DESCRIPTION.match(a)]


def _names(text: str) -> list[str]:
    name = agency_phrase(text.strip())[0]
    return [a for a in split_agencies(name) if a]


# A dash between two bodies of one joint name: "Tổng Thư ký Quốc hội - Văn phòng Quốc hội"
_JOINT_DASH = re.compile(r"\s*-\s*(?=\p{Lu})")


def _split_names(name: str) -> list[str]:
    """A joint body written with a hyphen stays one: 'Tổng Thư ký Quốc hội - Văn phòng Quốc hội'."""
    name = _JOINT_DASH.sub(" - ", name)
    return split_agencies(name)
