"""Agency names: where a name starts, where it ends, and how a list of names splits.

Names are recognised by how Vietnamese bodies are named (a head word such as "Sở", "Ủy ban nhân dân",
"Công an", "Hội"), not by a list of every agency: the vocabulary is in vocab/agencies.yaml.
"""
from __future__ import annotations

from functools import lru_cache

from .. import regexes as re

from .. import patterns as P
from ..vocab import fold, load
from .common import cap_first


def _plural_teams(v: dict) -> list[str]:
    """The teams of vocab heads named in the plural: "Đoàn kiểm tra" -> "Các đoàn kiểm tra" (matched as
    "các Đoàn kiểm tra" too); a plan that sets up several teams assigns them work together."""
    teams = tuple(h + " " for h in v["team_heads"])
    return [f"Các {h[0].lower()}{h[1:]}" for h in v["heads"] if h.startswith(teams)]


@lru_cache(maxsize=1)
def _vocab():
    v = load("agencies")
    heads = sorted(v["heads"] + v["officials"] + _plural_teams(v), key=len, reverse=True)
    # capitalised heads match as written; "Các sở" may also be written "các sở"
    alternation = "|".join(
        (rf"[Cc](?i:{re.escape(h[1:])})" if h.startswith("Các") else re.escape(h)).replace(r"\ ", r"\s+") for h in heads
    )
    # ambiguous heads ("Báo cáo", "Hội nghị", "Đoàn kiểm tra") name a body only before a capital
    # (a longer head that starts with one, "Hội đồng", "Phòng Cảnh sát", is a head of its own)
    def ambiguous(word: str) -> str:
        longer = [h[len(word):].strip() for h in heads if h.startswith(word + " ")]
        guard = rf"(?!\s+(?:{'|'.join(re.escape(x).replace(chr(92) + ' ', chr(92) + 's+') for x in longer)})(?!\p{{L}}))" if longer else ""
        return re.escape(word) + guard

    # a unit code ("C04", "PC06"; vocab unit_code_branches), followed by neither a letter nor a digit
    branches = "".join(sorted(v["unit_code_branches"]))
    alternation += rf"|P?[{branches}]\d{{2}}(?![\p{{L}}\d])"
    capital_next = "|".join(ambiguous(h) for h in v["capital_next"])
    # ... or before "và" and a capital: "Báo và Phát thanh, Truyền hình tỉnh"
    head_re = re.compile(rf"^(?!(?:{capital_next})(?:\s+(?!và\s+\p{{Lu}})\p{{Ll}}|\s*,))(?:{alternation})(?![\p{{Ll}}])")
    not_heads = sorted(v["not_heads"], key=len, reverse=True)
    not_head_re = re.compile(r"^(?:" + "|".join(re.escape(w) for w in not_heads) + r")\b")
    verbs = sorted(v["task_verbs"], key=len, reverse=True)
    verb_re = re.compile(r"(?<![\p{L}])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in verbs) + r")(?![\p{L}])")
    ends = sorted(v["name_ends"], key=len, reverse=True)
    end_re = re.compile(r"\s+(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ends) + r")(?!\p{L})")
    return head_re, not_head_re, verb_re, end_re


@lru_cache(maxsize=1)
def _standalone_kinds():
    kinds = sorted(load("agencies")["standalone_kinds"], key=len, reverse=True)
    alternation = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in kinds)
    # the kind itself, and an office before it ("Thủ trưởng cơ quan ngang bộ")
    return re.compile(rf"^(?:{alternation})(?!\p{{L}})", re.I), re.compile(rf"^(?P<office>\p{{Lu}}[\p{{L}}\s]{{2,30}}?)\s+(?:{alternation})(?!\p{{L}})", re.I)


# Prefixes before the agencies of an item: "Đề nghị", "Giao", "Đề nghị các", "Trách nhiệm của"; a body
# the issuer does not direct is asked or invited: "Mời BHXH tỉnh cử cán bộ tham gia ..."
REQUEST_PREFIX = re.compile(r"^(?:Đề\s+nghị|Kính\s+đề\s+nghị|(?:Kính\s+)?[Mm]ời)\s+", re.I)
ORDER_PREFIX = re.compile(r"^(?:Giao|Yêu\s+cầu|Trách\s+nhiệm\s+của|Nhiệm\s+vụ\s+của)\s+", re.I)
# A list by kind: "Các Sở, ngành: Tư pháp, Y tế" -> "Sở Tư pháp", "Sở Y tế";
# "Ủy ban nhân dân các huyện: Đăk Song, Đăk Mil" -> "Ủy ban nhân dân huyện Đăk Song", ...;
# "Đại sứ quán các nước: Trung Quốc, Ấn Độ" -> "Đại sứ quán Trung Quốc", "Đại sứ quán Ấn Độ"
KIND_LIST = re.compile(
    r"^(?:[Cc]ác\s+)?(?P<unit>[Ss]ở|(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+(?:các\s+)?(?:huyện|xã|phường|quận|thị\s+xã)"
    r"|Đại\s+sứ\s+quán(?=\s+các\s+nước))(?:\s+các\s+nước)?"
    r"(?:\s*,\s*(?:[Bb]an\s*,\s*)?ngành)?\s*:\s*(?P<names>[^:]+?)(?=\s*:|$)"
)
# An agency list after a lead-in: "Căn cứ Kế hoạch này, các sở, ban, ngành ...", "Trên cơ sở nội dung Chỉ thị số
# 52-CT/TW, Kế hoạch hành động, các Bộ, cơ quan ngang bộ ..." (the lead-in ends at the comma a body follows)
LEAD_IN_START = re.compile(r"^(?:Căn\s+cứ|Trên\s+cơ\s+sở|Theo\s+chức\s+năng|Trong\s+phạm\s+vi)\s")
# How far into an item its lead-in may run, in characters (the longest seen cite two documents, ~120)
LEAD_IN_SPAN = 200


# A comma and the spaces after it: where a lead-in may end ("Căn cứ Kế hoạch này, các sở ...")
_COMMA = re.compile(r",\s*")
# A sentence or clause break: past one, the text is no lead-in any more ("... thực hiện. Các sở ...")
_SENTENCE_BREAK = re.compile(r"[.;:]\s")
# Punctuation that a list or a sentence holds and a team's name does not: "Tổ A, Tổ B", "Tổ giúp việc: ..."
_LIST_PUNCT = re.compile(r"[,;:]")
# The words before a verb that make it a noun of the name: "các tổ chức", "những đơn vị", "và quản lý", "cơ sở đào tạo"
_NOUN_BEFORE_VERB = re.compile(r"(?:[Cc]ác|[Nn]hững|và|cơ\s+sở)\s+$")
# A plural inside a unit of a list by kind: "Ủy ban nhân dân các huyện" -> "Ủy ban nhân dân huyện"
_PLURAL_INSIDE = re.compile(r"\s+các\s+")
# "phối hợp với", "phối hợp chặt chẽ với", "phối hợp cùng", "phối hợp": the cooperating bodies follow
_COOPERATE_WITH = re.compile(r"phối\s+hợp\s+(?:chặt\s+chẽ\s+)?(?:với|cùng)?\s*", re.I)


def lead_in(title: str) -> re.Match | None:
    """The lead-in before an item's bodies, up to the comma after which a body is named (the match of that
    comma; its end is where the bodies start)."""
    if not LEAD_IN_START.match(title):
        return None
    for comma in _COMMA.finditer(title[:LEAD_IN_SPAN]):
        if _SENTENCE_BREAK.search(title[: comma.start()]):
            return None
        rest = title[comma.end():]
        if starts_with_agency(rest) or starts_with_agency(rest[:1].upper() + rest[1:]):
            return comma
    return None


# A name that is one person, whatever posts follow: "Đồng chí ...", "Đ/c ..."
PERSON = re.compile(r"^(?:[Đđ]ồng\s+chí|[Đđ]/[Cc])\s")
# How long a person's posts before a colon can be (two posts with their bodies, ~100 characters)
PERSON_LABEL_MAX = 160


# Where a name's phrase stops at the latest: a colon, a parenthesis, a sentence end, a semicolon
_PHRASE_STOP = re.compile(r"[:(]|\.\s|;")
# What separates the names of a list: "A, B và C; D"
_LIST_SEPARATORS = re.compile(r"(\s*,\s*|\s+và\s+|\s*;\s*)")
# A plural before a capitalised head: "các Ủy ban của Quốc hội"
_PLURAL_BEFORE_CAPITAL = re.compile(r"^(?:các|những)\s+(?=\p{Lu})")


@lru_cache(maxsize=1 << 14)  # the rules ask it of the same items and cells again and again
def starts_with_agency(text: str) -> bool:
    """Whether ``text`` opens with an agency's name: a head of the vocabulary, or a list by kind ("các Đại sứ
    quán các nước: Trung Quốc, Ấn Độ ...", KIND_LIST)."""
    head_re = _vocab()[0]
    return bool(head_re.match(text)) or (":" in text and KIND_LIST.match(text) is not None)  # (the list has one)


@lru_cache(maxsize=1 << 14)
def head_end(text: str) -> int:
    """Where the head word a name opens with ends ('Doanh nghiệp số' -> 12), 0 when it opens with none."""
    m = _vocab()[0].match(text)
    return m.end() if m else 0


# A team's name in a performer cell is short: a head and its purpose ("Tổ xây dựng hồ sơ mời thầu", 9 words
# with a body after it); a longer cell says more than a name
TEAM_NAME_MAX_WORDS = 12


@lru_cache(maxsize=1)
def _team_heads() -> list[tuple[int, dict[str, str]]]:
    """vocab/agencies.yaml team_heads by their number of words, most words first: (size, {folded head: head}),
    the first spelling of the vocabulary kept where two fold alike."""
    groups: dict[int, dict[str, str]] = {}
    for head in load("agencies")["team_heads"]:
        groups.setdefault(len(head.split()), {}).setdefault(fold(head), head)
    return sorted(groups.items(), reverse=True)


def team_name(cell: str) -> str | None:
    """A performer cell that is one team's name ("Tổ xây dựng kế hoạch lựa chọn nhà thầu"): the cell, its head
    spelled as the vocabulary does where OCR lost a mark ("Tô đóng và mở thầu"); None when it is not."""
    words = cell.split()
    if not 2 <= len(words) <= TEAM_NAME_MAX_WORDS or _LIST_PUNCT.search(cell):
        return None
    for size, heads in _team_heads():
        if len(words) > size and words[size][:1].islower():
            head = heads.get(fold(" ".join(words[:size])))
            if head is not None:
                return " ".join([head, *words[size:]])
    return None


def starts_with_task_verb(text: str) -> bool:
    """'chịu trách nhiệm chỉ đạo chung' starts with a task verb (vocab/agencies.yaml task_verbs)."""
    return bool(_vocab()[2].match(text))


@lru_cache(maxsize=1 << 14)  # rules read the same item and cell text more than once
def agency_phrase(text: str) -> tuple[str, str]:
    """Split 'Sở Tư pháp hướng dẫn về trợ giúp pháp lý' into ('Sở Tư pháp', 'hướng dẫn về trợ giúp pháp lý').

    The name runs until a task verb written in lower case, a colon, a parenthesis or a sentence end.
    """
    _, _, verb_re, end_re = _vocab()
    text = text.strip()
    kinds = KIND_LIST.match(text)
    if kinds:
        end = kinds.end()
        # the names end where a task starts: "... các huyện: Đăk Song, Krông Nô phối hợp với ..."
        verb = verb_re.search(text, kinds.start("names"), end)
        if verb:
            end = verb.start()
        return text[:end].strip(" ,"), text[end:].strip(" :,;")
    stop = len(text)
    m = _PHRASE_STOP.search(text)
    while m and m.group(0) == ";" and starts_with_agency(text[m.end():].lstrip()):
        # bodies listed with semicolons: "Các sở, ngành có liên quan; Ủy ban nhân dân các xã, phường"
        m = _PHRASE_STOP.search(text, m.end())
    if m:
        stop = m.start()
    if PERSON.match(text) and text[stop:stop + 1] == ":" and stop <= PERSON_LABEL_MAX:
        # a person as the label of an item: the posts run to the colon ("Đồng chí Trưởng Ban xây dựng Đảng -
        # Trưởng Tiểu ban: Phụ trách chung ..."); the post's own words are no task
        return text[:stop].strip(" ,;:-–"), text[stop:].strip(" :,;")
    # a verb inside the head itself ("Các chủ đầu tư", "Ban Tổ chức") is part of the name
    head = _vocab()[0].match(text)
    m = verb_re.search(text, head.end() if head else 1, stop)
    # a verb that is part of a name in capitals ("Ban Tổ chức") does not match: verbs are lower case
    # a verb that is a noun after "các" ("các tổ chức thành viên") does not end the name
    # a verb right after a capitalised verb-noun belongs to the name ("Viện Nghiên cứu phát triển Thành phố")
    while m and m.start() > 0 and (text[m.start() - 1] not in " ," or _NOUN_BEFORE_VERB.search(text[: m.start()])
                                   or _after_capitalised_verb(text, m.start(), verb_re)
                                   or _passive_of_class(text, m.start())
                                   or _completes_bare_head(text, m) or _joins_team_work(text, m)
                                   or _inside_a_head(text, m) or _assigned_class(text, m)):
        m = verb_re.search(text, m.end(), stop)
    field = OFFICE_FIELD.search(text, 0, m.start() if m else stop)
    if field:
        # an office's field runs on past verbs of its own ("phụ trách lĩnh vực giám sát và phản biện xã hội")
        # to the verb that gives the office its task
        m = FIELD_ENDS.search(text, field.end(), stop)
    if m:
        stop = m.start()
    name = text[:stop].strip(" ,;:-–")
    rest = text[stop:].strip(" :,;")
    role = _ROLE_IN_REST.search(rest) if (" - " in name or " – " in name) and _APPOSITION_OPEN.search(name) else None
    if role:
        # "Phòng 5, Cục ..., Bộ Công an - đơn vị thường trực Tổ Công tác ... chủ trì, ...": the apposition is the
        # name's (split_agencies drops it), the task starts at the role
        name, rest = f"{name} {rest[:role.start()].strip()}", rest[role.start():]
    # "có liên quan" stays part of a name: "các sở, ngành có liên quan"
    e = end_re.search(text, stop - 1 if stop else 0)
    if e and e.start() <= stop + 1 and e.start() >= stop - 1:
        name = text[: e.end()].strip(" ,;:")
        rest = text[e.end():].strip(" :,;")
    return name, rest


# A class of bodies described by what is done to them: the verb after 'được' is part of the name ("Các cơ quan,
# đơn vị được kiểm tra", "các xã được chọn làm điểm"); 'được giao' / 'được phân công' are task verbs of their own
_PASSIVE_OF_CLASS = re.compile(r"(?:cơ\s+quan|đơn\s+vị|địa\s+phương|tổ\s+chức|cá\s+nhân|doanh\s+nghiệp|cơ\s+sở|xã|"
                               r"phường|huyện|trường)\s+được\s+$")


def _passive_of_class(text: str, verb_start: int) -> bool:
    """Whether the verb at ``verb_start`` follows '<class of bodies> được' (a cheap test first: the pattern
    would scan the whole text before the verb)."""
    before = text[:verb_start]
    if not before.rstrip().endswith("được"):
        return False
    if _PASSIVE_OF_CLASS.search(before):
        return True
    # a kind of body named by a head of the vocabulary: "Cơ sở khám bệnh, chữa bệnh được thẩm định"
    kind = before.rstrip()[:-4].rstrip()
    return head_end(kind) == len(kind) > 0


# An office named by its field: "Phó Chủ tịch phụ trách lĩnh vực Công tác Xã hội", "Chuyên viên phụ trách
# lĩnh vực Hành chính, Văn phòng", "Cán bộ phụ trách công tác giám sát"
OFFICE_FIELD = re.compile(r"\bphụ\s+trách\s+(?:các\s+)?(?:lĩnh\s+vực|mảng|công\s+tác)\s", re.I)
# What ends such a field: the verbs that give the office its task ("... Công tác Xã hội chủ trì xây dựng ...")
FIELD_ENDS = re.compile(r"(?<=\s)(?:chủ\s+trì|phối\s+hợp|chịu\s+trách\s+nhiệm|có\s+trách\s+nhiệm|chỉ\s+đạo|"
                        r"thực\s+hiện|tham\s+gia|tham\s+mưu|được\s+giao|là)(?!\p{L})")


# Verbs that give a role and so always end a name, even right after a bare head ("Các cơ quan chủ trì")
_ROLE_VERB = re.compile(r"^(?:chủ\s+trì|phối\s+hợp|tham\s+gia|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|được\s+giao|là\b)")


def _completes_bare_head(text: str, verb) -> bool:
    """A verb-noun of a field right after a bare head completes the name: 'Các cơ quan thông tin, truyền thông'
    (vocab field_verbs; other verbs start the task: 'các ngành tăng cường'). A head in capitals and digits is a
    whole name already (an acronym or a unit code: 'SYT chuẩn bị', 'V01 chuẩn bị')."""
    before = text[: verb.start()].rstrip()
    head = _vocab()[0].match(before)
    if not head or head.end() != len(before) or _ROLE_VERB.match(verb.group(0)):
        return False
    return not _WHOLE_NAME_HEAD.match(before) and " ".join(verb.group(0).split()) in _field_verbs()


# What follows a team's name, not a task's object: "Đoàn kiểm tra, giám sát của Tỉnh", "... liên ngành",
# "... cấp tỉnh", "... số 2", a capital, or the end ("Đoàn kiểm tra, giám sát việc ..." gives a task)
_TEAM_NAME_GOES_ON = re.compile(r"\s*(?:$|[,;:.()]|(?:của|cấp|số|tỉnh|huyện|xã|liên\s+ngành|chuyên\s+ngành)(?!\p{L})|"
                                r"thành\s+phố(?!\p{L})|\p{Lu}|\d)")


# A class of bodies named by what was given to them, before the verb of their duty: "Các cơ quan, đơn vị được phân
# công nhiệm vụ có trách nhiệm ...", "Các sở, ngành được giao nhiệm vụ chịu trách nhiệm ..."
_ASSIGNED_THEN_DUTY = re.compile(r"(?:được\s+(?:giao|phân\s+công))\s+nhiệm\s+vụ\s+(?:có|chịu)\s+trách\s+nhiệm(?!\p{L})")


def _assigned_class(text: str, verb) -> bool:
    """Whether the verb is the 'được giao' / 'được phân công' of such a class (then it is part of the name)."""
    return verb.group(0).startswith("được") and _ASSIGNED_THEN_DUTY.match(text, verb.start()) is not None


def _inside_a_head(text: str, verb) -> bool:
    """A verb inside the head of a later name of the list: "Phòng 5, Cục Cảnh sát điều tra tội phạm ..." (the
    vocabulary head "Cục Cảnh sát điều tra" starts after the comma)."""
    start = max(text.rfind(", ", 0, verb.start()) + 2, text.rfind(" và ", 0, verb.start()) + 4, 0)
    if start == 0 or verb.start() - start > 40:
        return False  # (a head of the vocabulary is at most a few words long)
    end = head_end(text[start:verb.end() + 40])
    return end > 0 and start + end >= verb.end()


def _joins_team_work(text: str, verb) -> bool:
    """A second field of work joined to a team's name by a comma or 'và' is part of the name: 'Đoàn kiểm
    tra, giám sát của tỉnh', 'các Đoàn thanh tra và kiểm tra liên ngành' (a team head of the vocabulary, then
    field_verbs, then what follows a name)."""
    before = text[: verb.start()].rstrip()
    if before.endswith(","):
        before = before[:-1].rstrip()
    elif before.endswith(" và"):
        before = before[:-3].rstrip()
    else:
        return False
    if not _TEAM_NAME_GOES_ON.match(text, verb.end()):
        return False
    head = _vocab()[0].match(before)
    if not head or head.end() != len(before) or " ".join(verb.group(0).split()) not in _field_verbs():
        return False
    words = head.group(0).split()
    if words[0].lower() == "các":
        words = words[1:]
    return any(fold(" ".join(words[:size])) in heads and len(words) > size for size, heads in _team_heads())


@lru_cache(maxsize=1)
def _field_verbs() -> frozenset[str]:
    """vocab/agencies.yaml field_verbs: the task verbs that may continue a bare head's name."""
    return frozenset(load("agencies")["field_verbs"])


# A head that names a body by itself: capitals, digits and '&' only ("SYT", "BHXH", "SGD&ĐT", "C04", "PC06")
_WHOLE_NAME_HEAD = re.compile(r"^[\p{Lu}\d&]{2,}$")


@lru_cache(maxsize=1)
def _capitalised_verb_end():
    verbs = sorted(load("agencies")["task_verbs"], key=len, reverse=True)
    alternation = "|".join(re.escape(w[:1].upper() + w[1:]).replace(r"\ ", r"\s+") for w in verbs)
    # "Nghiên cứu", "Quản lý", "Phát triển" at the end of the text, first letter upper case
    return re.compile(r"(?<![\p{L}])(?:" + alternation + r")\s*$")


def _after_capitalised_verb(text: str, position: int, verb_re) -> bool:
    """Is the verb at ``position`` part of a name, as in 'Viện Nghiên cứu phát triển Thành phố'?

    It is when it follows a capitalised verb-noun and the name goes on in capitals after it (or ends);
    not in 'Sở Giáo dục và Đào tạo chủ trì, ...' nor 'Sở ... Đào tạo hướng dẫn các trường'.
    """
    if not _capitalised_verb_end().search(text[max(0, position - 25):position]):
        return False
    verb = verb_re.match(text, position)
    after = text[verb.end():].lstrip() if verb else ""
    return not _ROLE_VERB.match(text[position:]) and (not after or after[:1].isupper())


def continues_name(piece: str) -> bool:
    """Does a piece after a comma go on with the name before it ('Thể thao và Du lịch', 'thành phố')?"""
    return bool(_vocab()[1].match(piece.lower()))


# A body's role put after its name as an apposition: "Bộ Công an - đơn vị thường trực", "Sở Y tế - cơ quan đầu mối"
_APPOSITION = r"\s+[-–]\s+(?:là\s+)?(?:đơn\s+vị|cơ\s+quan)"
_ROLE_APPOSITION = re.compile(_APPOSITION + r"(?!\p{L}).*$")
# The same apposition where the name's phrase stopped inside it ("... Bộ Công an - đơn vị" | "thường trực Tổ Công
# tác ... chủ trì, ..."), and the role verb after it that starts the task
_APPOSITION_OPEN = re.compile(_APPOSITION + "$")
_ROLE_IN_REST = re.compile(r"(?<!\p{L})(?:chủ\s+trì|phối\s+hợp|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm)(?!\p{L})")
# A numbered division addressed by the units above it, one body: "Phòng 5, Cục Cảnh sát điều tra tội phạm về ma
# túy, Bộ Công an" (a division is known by its number only inside its department)
_NUMBERED_DIVISION = re.compile(r"^(?:Phòng|Đội|Tổ)\s+\d{1,2}\s*,\s*(?:Cục|Vụ|Sở|Chi\s+cục|Công\s+an)\s[^;]+?"
                                r"(?:,\s*(?:Bộ|Tổng\s+cục|Công\s+an)\s[^,;]+)?$")


def split_agencies(phrase: str, kinds: bool = True) -> list[str]:
    """A new list each call (callers extend it); the work is memoised in ``_split_agencies``."""
    return list(_split_agencies(phrase, kinds))


@lru_cache(maxsize=1 << 14)
def _split_agencies(phrase: str, kinds: bool = True) -> tuple[str, ...]:
    """'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Tỉnh đoàn, Hội Nông dân tỉnh' -> three names.

    Kinds of state bodies (vocab standalone_kinds) are names of their own, unless the list also holds a
    collective that is no body ("địa phương và các cơ quan liên quan"): then it is one addressee as written.

    >>> split_agencies("Sở Văn hóa, Thể thao và Du lịch, Sở Y tế")
    ['Sở Văn hóa, Thể thao và Du lịch', 'Sở Y tế']
    >>> split_agencies("Các Sở, ngành: Tư pháp, Y tế")
    ['Sở Tư pháp', 'Sở Y tế']
    >>> split_agencies("UBND các phường: Ba Đình, Từ Liêm và UBND xã Bát Tràng")
    ['UBND phường Ba Đình', 'UBND phường Từ Liêm', 'UBND xã Bát Tràng']
    >>> split_agencies("Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ")
    ['Các bộ', 'cơ quan ngang bộ', 'cơ quan thuộc Chính phủ']
    >>> split_agencies("Các bộ, cơ quan ngang bộ, địa phương")
    ['Các bộ, cơ quan ngang bộ, địa phương']
    >>> split_agencies("Các bộ, cơ quan ngang bộ, địa phương và các cơ quan liên quan")
    ['Các bộ, cơ quan ngang bộ, địa phương và các cơ quan liên quan']
    >>> split_agencies("Báo và Đài Phát thanh, Truyền hình Lâm Đồng")
    ['Báo và Đài Phát thanh, Truyền hình Lâm Đồng']
    """
    head_re, not_head_re, _, _ = _vocab()
    phrase = " ".join(phrase.split()).strip(" ,;:.")
    if PERSON.match(phrase) or OFFICE_FIELD.search(phrase):
        # "Đồng chí Ủy viên Ban Thường vụ Đảng ủy, Chủ tịch Ủy ban MTTQ xã": one person, two posts;
        # "Chuyên viên phụ trách lĩnh vực Hành chính, Văn phòng": one office, two fields
        return (phrase,)
    m = KIND_LIST.match(phrase)
    if m:
        unit = _PLURAL_INSIDE.sub(" ", " ".join(m.group("unit").split()))
        unit = unit[:1].upper() + unit[1:]
        out: list[str] = []
        pieces = []
        for piece in P.LIST_COMMA.split(m.group("names")):
            # the last place may be followed by a body of another kind: "..., Từ Liêm và UBND xã Bát Tràng"
            place, sep, other = piece.partition(" và ")
            pieces += [place, other] if sep and head_re.match(other.strip()) else [piece]
        for piece in pieces:
            piece = piece.strip(" .")
            if not piece:
                continue
            if head_re.match(piece) and " " in piece:
                out.append(piece)
            elif out and not_head_re.match(piece.lower()):
                out[-1] += ", " + piece  # "Văn hóa, Thể thao và Du lịch"
            else:
                out.append(f"{unit} {piece}")
        return tuple(out)
    phrase = _ROLE_APPOSITION.sub("", phrase)
    division = _NUMBERED_DIVISION.match(phrase)
    if division:
        return (division.group(0).strip(" ,"),)
    parts = _LIST_SEPARATORS.split(phrase)
    out: list[str] = []
    kind_at: set[int] = set()  # indexes in ``out`` of the kinds split off
    for i in range(0, len(parts), 2):
        piece = parts[i].strip()
        sep = parts[i - 1] if i > 0 else ""
        if not piece:
            continue
        # "các Ủy ban của Quốc hội": a plural before a head still starts a body
        head = head_re.match(piece) or head_re.match(_PLURAL_BEFORE_CAPITAL.sub("", piece)) or _plural_of_head(piece)
        # a bare head word ("Ban" in "Các Sở, Ban, ngành") names no body of its own
        is_head = bool(head) and " " in piece and not not_head_re.match(piece)
        kind_re, office_kind_re = _standalone_kinds()
        if kinds and kind_re.match(piece) and "," in sep:
            # "Các bộ, cơ quan ngang bộ": a kind of body of its own; an office before the first kind goes on
            office = office_kind_re.match(out[-1]) if out else None
            piece = f"{office.group('office')} {piece}" if office and not kind_re.match(out[-1]) else piece
            kind_at.add(len(out))
            out.append(piece)
            continue
        if not is_head and out and piece[:1].isupper() and _PLACE_SERIES.search(out[-1]) and not head:
            # "Ủy ban nhân dân xã Gia Thuận, Tân Điền" -> one body per place
            out.append(_PLACE_SERIES.search(out[-1]).group("prefix") + piece)
            continue
        if not kinds and out and "và" in sep and _RELATED_BODIES.match(piece):
            # the related bodies close a collective addressee: "Các bộ, cơ quan ngang bộ, địa phương và các cơ
            # quan liên quan" is one addressee, as the kinds before it are
            out[-1] = f"{out[-1]} và {piece}"
            continue
        if out and "và" in sep and " " not in out[-1] and head_re.match(out[-1]):
            # a bare head before 'và' shares the name after it: "Báo và Đài Phát thanh, Truyền hình Lâm Đồng"
            out[-1] = f"{out[-1]} và {piece}"
            continue
        if out and not is_head:
            if len(out) - 1 in kind_at:
                return _split_agencies(phrase, kinds=False)  # a collective follows the kinds: one addressee
            out[-1] = out[-1] + (", " if "," in sep else " và " if "và" in sep else "; ") + piece
        else:
            out.append(piece)
    return tuple(o.strip() for o in out if o.strip())


# Bodies named only as related to the work, in lower case: "các cơ quan liên quan", "các đơn vị có liên quan"
_RELATED_BODIES = re.compile(r"^(?:các|những)\s+\p{Ll}[\p{Ll}\s]*?\s(?:có\s+)?liên\s+quan$")


# A plural before a head written in lower case: "Các bệnh viện và trung tâm y tế" (heads are Bệnh viện, ...)
_PLURAL_BEFORE_LOWER = re.compile(r"^[Cc]ác\s+(?=\p{Ll})")


def _plural_of_head(piece: str) -> bool:
    """'Các bệnh viện ...' names bodies of a head ('Bệnh viện'), as 'Các sở' does."""
    m = _PLURAL_BEFORE_LOWER.match(piece)
    if not m:
        return False
    return bool(_vocab()[0].match(cap_first(piece[m.end():])))


# A body named for one place: "Ủy ban nhân dân xã Gia Thuận"
_PLACE_SERIES = re.compile(r"^(?P<prefix>(?:Ủy\s+ban\s+nhân\s+dân|UBND)\s+(?:xã|phường|huyện|quận|thị\s+xã|tỉnh)\s+)\p{Lu}")


def cooperating_agencies(text: str) -> list[str]:
    """Agencies after 'phối hợp với' / 'phối hợp' up to the task verb that follows them."""
    out: list[str] = []
    for m in _COOPERATE_WITH.finditer(text):
        tail = text[m.end():]
        if not tail or not (starts_with_agency(tail) or tail.lower().startswith("các ")):
            continue
        name, _ = agency_phrase(tail)
        for agency in split_agencies(name):
            if agency and agency not in out and len(agency) < 150:
                out.append(agency)
    return out
