"""Reading one outline item as assignments: the agencies it names, their roles, its tasks.

Shared by the rules that read outline items (implementation items, agency-headed items).
"""
from __future__ import annotations

from functools import lru_cache

from ... import regexes as re

from ... import patterns as P
from ...models import Assignment, Span
from ...vocab import fold
from ...segment.outline import Node
from ..agencies import (
    KIND_LIST,
    lead_in,
    ORDER_PREFIX,
    REQUEST_PREFIX,
    agency_phrase,
    cooperating_agencies,
    split_agencies,
    starts_with_agency,
    starts_with_task_verb,
)
from ..common import cap_first, clean_value

# The role words at the start of a task: "Chủ trì, phối hợp với các sở, ngành liên quan ..."
LEAD_WORDS = re.compile(r"\bchủ\s+trì\b", re.I)
# "(cơ quan chủ trì)" after a name
LEAD_NOTE = re.compile(r"\(\s*(?:cơ\s+quan|đơn\s+vị)?\s*chủ\s+trì\s*\)", re.I)
ROLE_PREFIX = re.compile(
    r"^(?:(?:là\s+)?(?:cơ\s+quan\s+)?(?:chủ\s+trì|chủ\s+động|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm\s+chính)\s*,?\s*)?"
    r"(?:(?:và\s+)?phối\s+hợp\s+(?:chặt\s+chẽ\s+)?(?:với|cùng)?\s*)?",
    re.I,
)
def agency_text(title: str) -> tuple[str, bool, str]:
    """(title without prefix, requested?, prefix) for 'Đề nghị Hội Liên hiệp phụ nữ tỉnh'."""
    m = REQUEST_PREFIX.match(title)
    if m:
        return title[m.end():], True, m.group(0)
    m = ORDER_PREFIX.match(title) or lead_in(title)
    if m:
        return agency_text(title[m.end():])[0], False, m.group(0)
    return title, False, ""

# The list mark in front of a task: "- ", "a) ", "2. "
ITEM_MARK = re.compile(rf"^{P.ITEM_MARK}\s*")


def agency_headed(node: Node) -> bool:
    text, _, _ = agency_text(node.heading_text)
    return starts_with_agency(text)


def _agency_labelled(node: Node) -> bool:
    """An item that names an agency as its label: "- Sở Y tế: ..." or "a) Công an tỉnh"."""
    text, _, _ = agency_text(node.heading_text)
    if not starts_with_agency(text):
        return False
    name, rest = agency_phrase(text)
    return not rest or text[len(name):].lstrip().startswith(":")


# Closing paragraphs that follow the last item: "Trên đây là Kế hoạch ...", "Trong quá trình thực hiện ...",
# what the plan replaces or when it takes effect ("Kế hoạch này thay thế Kế hoạch số 371/KH-UBND ...",
# "Quyết định này có hiệu lực ..."), and the articles of the decision that issues it ("Điều 2. Quyết định
# này ...", "Điều 3. Các Bộ trưởng ... chịu trách nhiệm thi hành")
CLOSING = re.compile(r"^(?:Trên\s+đây\s+là|Trong\s+quá\s+trình\s+(?:tổ\s+chức\s+)?(?:thực\s+hiện|triển\s+khai)"
                     r"|(?:Kế\s+hoạch|Quyết\s+định|Chương\s+trình|Đề\s+án)\s+này\s+(?:thay\s+thế|có\s+hiệu\s+lực)"
                     r"|Điều\s+\d+\s*\.\s+\p{Lu})", re.I)


def _bare_name(task: str) -> bool:
    """A 'task' that only names a body: the heading's second name after a semicolon ("13. Các sở, ngành có liên
    quan; Ủy ban nhân dân các xã, phường"), split off as the item's first paragraph."""
    text = task.strip(" .;:")
    return starts_with_agency(text) and not agency_phrase(text)[1]


def _until_closing(task: str) -> str:
    """A task without the closing paragraph that follows the plan's last item ("- Chủ trì hội nghị ... đúng
    luật." then "Trên đây là Kế hoạch của ...": the paragraph hangs below the last bullet in the outline)."""
    lines = task.split("\n")
    for i, line in enumerate(lines[1:], start=1):
        if CLOSING.match(line.strip()):
            return "\n".join(lines[:i])
    return task


# A quota, not a task, in reward plans: "Không quá 05 cá nhân", "01 cá nhân/01 ban", "Mỗi đoàn xét chọn 01 tập thể"
QUOTA = re.compile(r"^(?:(?:Không\s+quá|Tối\s+đa|Tối\s+thiểu|Mỗi\s+[\p{L}\s]{1,30}?)\s*)?\d+\s*(?:cá\s+nhân|tập\s+thể|suất|người)\b"
                   r"[^.;]{0,40}[.;]?$", re.I)


def _agency_acts(node: Node, parent_name: str) -> bool:
    """An item that opens with another body or an official doing its task, no colon between:
    "- Đồng chí Chủ tịch Ủy ban MTTQ xã chịu trách nhiệm chỉ đạo chung ..." under "1. Ban Thường trực".

    Not an item ending in a colon (a label over what follows), nor one naming a body of the heading's own
    kind ("a) Doanh nghiệp viễn thông ... đầu tư" under "18. Các doanh nghiệp công nghệ số" is the
    heading's task)."""
    text, _, _ = agency_text(node.heading_text)
    if node.children or node.heading_text.rstrip().endswith(":") or not starts_with_agency(text):
        return False
    name, rest = agency_phrase(text)
    return bool(name) and starts_with_task_verb(rest) and _kind(name) != _kind(parent_name)


_PLURAL = re.compile(r"^(?:các|những)\s+")


def _kind(name: str) -> str:
    """The head words of a name, folded, without a plural: 'Các doanh nghiệp công nghệ số' -> 'doanh nghiep'."""
    words = _PLURAL.sub("", name.strip().lower()).split()
    return fold(" ".join(words[:2]))


def from_item(node: Node, nested: bool) -> list[Assignment]:
    heading = node.heading_text
    text, requested, _ = agency_text(heading)
    headed = [c for c in node.children if _agency_labelled(c) or _agency_acts(c, text)]
    # a heading with a task of its own over units that have their task lists: "1. Sở Xây dựng là cơ quan chủ
    # trì ..." over "1.1. Trung tâm Quản lý hạ tầng kỹ thuật:" with its items; each unit does its own list
    units = bool(headed) and all(c.children and _agency_labelled(c) for c in headed)
    if node.children and len(headed) * 2 >= len(node.children) and (not agency_phrase(text)[1] or units):
        # "2. Các Sở, Ban, ngành" over "- Sở Y tế: ...", "- Công an tỉnh: ...": the items below assign;
        # the other items below are the heading's own tasks
        out = []
        others = [c for c in node.children if c not in headed]
        if (others or units) and starts_with_agency(text):
            out.extend(_own_assignments(node, text, requested, others))
        for child in headed:
            out.extend(_clause_assignments(child) if _agency_acts(child, text) else from_item(child, nested=False))
        return out
    if not starts_with_agency(text):
        # "1. Các sở, ngành cấp tỉnh:" with agency items below it
        if nested:
            out = []
            for child in node.children:
                if agency_headed(child):
                    out.extend(from_item(child, nested=False))
            return out
        return []
    # an item below that enumerates bodies of a kind ("- Ủy ban nhân dân các huyện: Đăk Song, Đăk Mil ...")
    # assigns them its own task, not the heading's
    enumerations = [c for c in node.children if c.children == [] and KIND_LIST.match(agency_text(c.heading_text)[0])]
    out = _own_assignments(node, text, requested, [c for c in node.children if c not in enumerations])
    for child in enumerations:
        out.extend(from_item(child, nested=False))
    return out


# A clause of an item that hands the next task to another body: "...chỉ đạo thực hiện; các Chuyên viên cơ quan
# MTTQ xã được phân công ..."
CLAUSE_BREAK = re.compile(r";\s+")


def _clause_assignments(node: Node) -> list[Assignment]:
    """One assignment per clause of an item that names its own body: a body each, written one after another."""
    text, requested, _ = agency_text(node.heading_text)
    clauses, current = [], ""
    for piece in CLAUSE_BREAK.split(text):
        if current and starts_with_agency(piece) and agency_phrase(piece)[1]:
            clauses.append(current)
            current = piece
        else:
            current = f"{current}; {piece}" if current else piece
    clauses.append(current)
    # with several bodies' clauses, each is part of the item's text: the text split off its title is no task of
    # the first clause too
    several = len(clauses) > 1
    return [a for clause in clauses for a in _own_assignments(node, clause, requested, [], clause_only=several)]


# A note in brackets standing alone after a body's name: the unit that does the work, or its role
# ("Sở Nội vụ (Ban Thi đua Khen thưởng Thành phố)", "Sở Tài chính (cơ quan chủ trì)")
NAME_NOTE = re.compile(r"\([^()]*\)\s*[.:;,]?")


def _own_assignments(node: Node, text: str, requested: bool, children: list[Node],
                     clause_only: bool = False) -> list[Assignment]:
    """The assignments of the agencies an item names, with ``children`` as its task items (``clause_only``:
    ``text`` is one clause of the item's text, whose own paragraphs other than that text still count)."""
    name, rest = agency_phrase(text)
    lead_note = bool(LEAD_NOTE.search(text[: len(name) + 25]))
    if NAME_NOTE.fullmatch(rest):
        rest = ""  # "12. Sở Nội vụ (Ban Thi đua Khen thưởng Thành phố)": a note on the name, no task
    agencies = split_agencies(LEAD_NOTE.sub("", name))
    if not agencies:
        return []
    tasks = []
    candidates = _tasks(node, rest, children, clause_only)
    if candidates and all(_is_quota(t) for t in candidates):
        return []  # "- Ban Chỉ đạo bầu cử của tỉnh: Không quá 05 cá nhân" is a reward quota
    for task in map(_until_closing, candidates):
        if (CLOSING.match(task) or _is_quota(task) or any(task in t or t in task for t in tasks) or _bare_name(task)
                or _fragment(task)):
            continue
        tasks.append(task)
    body = " ".join([rest] + [t for t in tasks])
    cooperating = cooperating_agencies(body)
    out = []
    for agency in agencies:
        role = "requested" if requested else "responsible"
        if not requested and (lead_note or _leads(agency, agencies, rest, tasks)):
            role = "lead"
        coop = [c for c in cooperating if fold(c) != fold(agency)]  # "Các thành viên" phối hợp với "các thành viên"
        if len(agencies) > 1 and role != "lead" and any(_leads(a, agencies, rest, tasks) for a in agencies if a != agency):
            coop = [a for a in agencies if a != agency and _leads(a, agencies, rest, tasks)] + coop
        out.append(Assignment(
            agency=agency,
            role=role,
            cooperating=coop,
            tasks=[c for t in tasks if (c := clean_task(_without_own_names(t, agencies)))],
            section=node.path,
            span=Span(start=node.start, end=max(n.end for n in node.walk())),
        ))
    return out


def _fragment(task: str) -> bool:
    """A paragraph of a word or two in lower case is the stray end of another one, not a task: 'kèm theo.' left
    under "6.1 Văn phòng Sở Y tế:" by the table above it on a scan."""
    if len(task.split()) > 3:
        return False  # (most tasks: no regex at all)
    text = ITEM_MARK.sub("", task.strip())
    return text[:1].islower() and len(text.split()) <= 2 and not starts_with_task_verb(text)


def _without_own_names(task: str, agencies: list[str]) -> str:
    """A task that opens by naming the item's own bodies, without them: under "2. Sở Khoa học và Công nghệ, Sở
    Nội vụ", "Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ ... tổ chức đào tạo ..." is the task
    "chủ trì, ... tổ chức đào tạo ..." (whose role words clean_task drops); the bodies are the assignment's."""
    first = task.split(None, 1)[0].lower() if task.strip() else ""
    if not any(a.split(None, 1)[0].lower() == first for a in agencies if a.strip()) or not starts_with_agency(task):
        return task  # (most tasks open with a verb: the first word tells)
    name, rest = agency_phrase(task)
    own = {fold(a) for a in agencies}
    if len(rest.split()) < 3 or not any(fold(a) in own for a in split_agencies(name)):
        return task
    return rest


# How many may be proposed for an award: "mỗi đơn vị đề nghị không quá 01 tập thể, 03 cá nhân",
# "chọn không quá 01 trường hợp (tập thể hoặc cá nhân)"
REWARD_ALLOCATION = re.compile(
    r"(?:không\s+quá|tối\s+đa|xét\s+chọn|chọn)\s+\d+\s*(?:tập\s+thể|cá\s+nhân|trường\s+hợp)", re.I)


_DIGIT = re.compile(r"\d")


def _is_quota(task: str) -> bool:
    """'Không quá 05 cá nhân', also after a label: 'Ban Chỉ đạo bầu cử của tỉnh: Không quá 05 cá nhân'."""
    if not _DIGIT.search(task):
        return False  # every quota has a count
    text = clean_task(task)
    if REWARD_ALLOCATION.search(text):
        return True
    parts = [p.strip(" .") for p in text.split(":", 1)[-1].split(";") if p.strip(" .")]
    return bool(parts) and all(QUOTA.match(p) for p in parts)


# "chủ trì" naming another body's role just before it: "phối hợp với cơ quan chủ trì", "của đơn vị chủ trì"
CHAIR_OF_OTHER = re.compile(r"(?:với|của|cùng)\s+(?:các\s+)?(?:cơ\s+quan|đơn\s+vị|sở|ngành)?\s*$", re.I)


@lru_cache(maxsize=1 << 12)
def _chair_after(name: str) -> re.Pattern:
    """'chủ trì' right after a body's name: 'Sở Y tế (cơ quan thường trực) chủ trì', 'Sở Y tế là cơ quan chủ trì'."""
    return re.compile(r"(?i:" + re.escape(name) + r")\s*(?:\([^)]*\))?\s*,?\s*(?:là\s+cơ\s+quan\s+)?chủ\s+trì")


def _leads(agency: str, agencies: list[str], rest: str, tasks: list[str]) -> bool:
    """Does this agency chair the work? 'chủ trì' right after its name, or it alone is named."""
    joined = " ".join([rest] + tasks)
    if not LEAD_WORDS.search(joined):
        return False  # no "chủ trì" at all (most items): nobody chairs here
    if len(agencies) > 1:
        def chairs(name: str) -> bool:
            return _chair_after(name).search(joined) is not None
        if chairs(agency):
            return True
        if any(chairs(other) for other in agencies if other != agency):
            return False
        # the bodies of the heading chair together: "12. UBND các xã: A, B" over "- Chủ trì xây dựng ..."
        return any(LEAD_WORDS.match(clean_start) for clean_start in
                   (ITEM_MARK.sub("", t) for t in [rest] + tasks))
    # "chủ trì" as its own role anywhere in its tasks, not "phối hợp với cơ quan chủ trì"
    for m in LEAD_WORDS.finditer(joined):
        if not CHAIR_OF_OTHER.search(joined[max(0, m.start() - 30):m.start()]):
            return True
    return False


# A label over notes: "Ghi chú:", "Chú thích:", "Chú giải:"
NOTE_LABEL = re.compile(r"^(?:Ghi\s+chú|Chú\s+thích|Chú\s+giải)\s*:?$", re.I)


def _tasks(node: Node, rest: str, children: list[Node] | None = None, clause_only: bool = False) -> list[str]:
    """One task per lettered item or bullet below the agency; else one per paragraph."""
    children = list(node.children) if children is None else children
    if children and node.text_parts and NOTE_LABEL.match(node.text_parts[-1].strip()):
        # the items below a "Ghi chú:" label are the notes of what stands above them (a table the item ran
        # into), not the item's tasks: only the item's own words are
        return [rest] if rest and len(rest.split()) > 2 else []
    if children:
        # a paragraph between the heading and its items is a task of its own ("16. Liên hiệp ..." / "Phối hợp
        # chặt chẽ với ..." / "- Chủ trì ..."), unless it introduces the items ("... như sau:")
        own = node.text_parts[1:] if node.body_in_heading else node.text_parts
        tasks = [p for p in own if p and not p.rstrip().endswith(":")] + [c.full_text() for c in children]
        # a heading that introduces its items ("... tổ chức thực hiện các nhiệm vụ sau. Cụ thể:") is no task
        introduces = (node.text_parts[-1] if node.text_parts else node.heading_text).rstrip().endswith(":")
        if rest and len(rest.split()) > 4 and not rest.rstrip().endswith(":") and not introduces:
            tasks.insert(0, rest)
        return tasks
    parts = node.text_parts[1:] if clause_only and node.body_in_heading else node.text_parts
    paragraphs = [p for p in parts if p]
    if rest and len(rest.split()) > 2:
        return [rest + (" " + " ".join(paragraphs) if paragraphs and rest.rstrip().endswith(":") else "")] + (
            [] if rest.rstrip().endswith(":") else paragraphs)
    return paragraphs


# Words left before a task once its role words are gone: "(chủ trì) trong việc xây dựng ..."
_TASK_LEAD = re.compile(r"^(?:trong|để|trong\s+việc|thực\s+hiện\s+việc)\s+")


@lru_cache(maxsize=1 << 14)
def clean_task(task: str) -> str:
    """Drop the list mark and the role words: 'Chủ trì, phối hợp với X tổ chức ...' -> 'Tổ chức ...'."""
    task = " ".join(task.split())
    task = ITEM_MARK.sub("", task)
    m = ROLE_PREFIX.match(task)
    if m and m.group(0).lower().startswith(("phối hợp", "và phối hợp")):
        # the body's task is to work with another ("Phối hợp với Trưởng thôn rà soát danh sách cử tri"): the
        # cooperation is the task, kept as written; only a lead's role words are dropped ("Chủ trì, phối hợp
        # với Sở Y tế tổ chức ..." -> "Tổ chức ...")
        m = None
    if m and m.end() > 0:
        tail = task[m.end():]
        if "phối hợp" in m.group(0).lower() and (starts_with_agency(tail) or tail.lower().startswith("các ")):
            _, tail = agency_phrase(tail)
        tail = _TASK_LEAD.sub("", tail)
        # a role word is dropped before the task's own verb ("Chủ trì xây dựng ..."), kept when it is the
        # verb itself ("chủ trì các hội nghị hiệp thương")
        own_verb = "phối hợp" not in m.group(0).lower() and not starts_with_task_verb(tail)
        if len(tail.split()) >= 2 and not own_verb:
            task = tail
    return cap_first(clean_value(task))


