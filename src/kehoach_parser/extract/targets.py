"""Targets: every quantified goal stated as a percentage, with comparator, indicator and year."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .. import regexes as re

from .. import patterns as P
from ..models import Span, Target
from ..segment.outline import Node
from ..segment.zones import Zones
from ..vocab import load

# Clause boundaries inside a paragraph: ";" and sentence ends ("... kịp thời. Đến năm ...")
CLAUSE_SPLIT = re.compile(r";\s+|\.\s+(?=\p{Lu})|:\s+(?=\p{Lu}|\d)")
# A stated period "giai đoạn 2026 - 2030" -> its last year
# "giai đoạn 2026 - 2030", "Giai đoạn 1 (2026 - 2028)", "Giai đoạn II (2029-2031)"
PERIOD = re.compile(r"giai\s+đoạn\s+(?:(?:\d{1,2}|[IVX]{1,4})\s*)?\(?\s*(?:19|20)\d{2}\s*[-–]\s*(?P<y>(?:19|20)\d{2})", re.I)
# Lead words dropped from the start of an indicator: "Phấn đấu đến năm 2030,", "Hằng năm,", "Đảm bảo"
LEAD_WORDS = re.compile(
    r"^(?:(?:phấn\s+đấu|mục\s+tiêu|đến\s+(?:hết\s+)?năm\s+\d{4}|năm\s+\d{4}|trong\s+giai\s+đoạn\s+\d{4}\s*[-–]\s*\d{4}|giai\s+đoạn\s+\d{4}\s*[-–]\s*\d{4}|"
    r"hằng\s+năm|hàng\s+năm|đảm\s+bảo|bảo\s+đảm|có|đạt|trên|khoảng|tối\s+thiểu|ít\s+nhất|phấn\s+đấu\s+có)\s*,?\s*)+",
    re.I,
)
# Words that end an indicator before its number: "Tỷ lệ ... đạt 60%", "... chiếm 45%", "... tăng trên 3%"
BEFORE_VERB = re.compile(r"\s+(?:đạt|chiếm|tăng|giảm|ở\s+mức|là|bằng|lên|xuống)(?:\s+(?:từ|tối\s+thiểu|trên|ít\s+nhất|khoảng|dưới|tối\s+đa|hơn))?\s*$", re.I)
# Connectors trimmed from the ends of an indicator: "và", ",", "đạt", "trở lên"
TRAILING = re.compile(r"(?:\s*(?:,|và|hoặc|đạt|trở\s+lên|đến\s+năm\s+\d{4}|năm\s+\d{4}|trong|từ|trên|$))+$", re.I)
LEADING_AFTER = re.compile(r"^\s*(?:trở\s+lên|số|tổng\s+số)?\s*[,:]?\s*", re.I)
BUDGET_WORDS = re.compile(r"\b(?:kinh\s+phí|ngân\s+sách|vốn\s+đối\s+ứng|nguồn\s+vốn|thuế\s+suất|lãi\s+suất)\b", re.I)


@lru_cache(maxsize=1)
def _comparators() -> tuple[re.Pattern, dict[str, str]]:
    """One pattern for the comparator words that end a text ("... có trên", "tối thiểu"), and the
    comparator of each word (lower-cased). The match that starts leftmost is the longest word."""
    table = load("targets")["comparators"]
    by_word = {word.lower(): comparator for comparator, words in table.items() for word in words if word != "trở lên"}
    words = sorted(by_word, key=len, reverse=True)
    pattern = re.compile(rf"(?:^|\s)(?P<word>{'|'.join(re.escape(w) for w in words)})\s*$", re.I)
    return pattern, by_word


# "trở lên" right after a value: "80% trở lên" is at least 80 %
OR_MORE_AFTER = re.compile(r"^\s*(?:trở\s+lên|trở\s+lên\.)", re.I)
# A comparator word left at the end of an indicator: "tỷ lệ hộ nghèo giảm trên" (3 %), "... đạt tối thiểu"
COMPARATOR_AT_END = re.compile(r"\s+(?:trên|tối\s+thiểu|ít\s+nhất|khoảng|từ|dưới|tối\s+đa)\s*$", re.I)


def comparator_before(text_before: str, text_after: str) -> str:
    """'Trên 90%' -> '>'; 'tối thiểu 50%' -> '>='; 'đạt từ 98% trở lên' -> '>='.

    >>> comparator_before("Hằng năm có trên", " cán bộ")
    '>'
    >>> comparator_before("Phấn đấu", " gia đình")
    '='
    """
    window = text_before[-30:]
    if OR_MORE_AFTER.match(text_after):
        return ">="
    pattern, by_word = _comparators()
    m = pattern.search(window)
    return by_word[m.group("word").lower()] if m else "="


def parse_number(text: str) -> float:
    """'6,5' -> 6.5; '100' -> 100.0; '12.5' -> 12.5."""
    return float(text.replace(",", "."))


@dataclass
class _Unit:
    text: str
    node: Node | None
    lead_year: int | None
    start: int
    end: int


# A year the work is due by: "đến năm 2025", "trước hết năm 2030", "tới 2026"
BY_YEAR = re.compile(r"(?:đến|tới|trước|hết)\s+(?:hết\s+)?(?:năm\s+)?(?P<y>(?:19|20)\d{2})", re.I)
# A year that opens a clause: "Năm 2025, ...", "năm 2026:"
YEAR_LEAD = re.compile(r"(?:^|\s)(?:Năm|năm)\s+(?P<y>(?:19|20)\d{2})\s*[,:]")


@lru_cache(maxsize=1 << 14)
def _year_in(text: str) -> int | None:
    """The deadline year a clause states: 'đến năm 2025' -> 2025; 'giai đoạn 2026 - 2030' -> 2030."""
    if "19" not in text and "20" not in text:
        return None
    best = None
    for m in BY_YEAR.finditer(text):
        best = int(m.group("y"))
    if best is None:
        m = PERIOD.search(text)
        if m:
            best = int(m.group("y"))
    if best is None:
        m = YEAR_LEAD.search(text)
        if m:
            best = int(m.group("y"))
    return best


def _node_year(node: Node | None) -> int | None:
    while node is not None:
        year = _year_in(node.title)
        if year:
            return year
        node = node.parent
    return None


def _units(z: Zones, roots: list[Node]) -> list[_Unit]:
    """The paragraphs to search, each with the deadline year its lead-in or heading gives."""
    units: list[_Unit] = []
    blocks = z.blocks

    def visit(node: Node, inherited: int | None) -> None:
        if node.kind == "budget":
            return
        lead = inherited or _node_year(node)
        for bi in node.block_indices:
            block = blocks[bi]
            if block.cell:
                continue
            text = node.heading_text if bi == node.block_index else block.text
            units.append(_Unit(text, node, lead, block.start, block.end))
            # a lead-in ending with ":" gives its year to what follows ("Phấn đấu đến năm 2020 đạt ...:")
            if text.rstrip().endswith(":"):
                lead = _year_in(text) or lead
        for child in node.children:
            visit(child, lead)

    for root in roots:
        visit(root, None)
    if not roots:  # prose without an outline (a news item): every block of the text
        for block in blocks:
            if not block.cell:
                units.append(_Unit(block.text, None, None, block.start, block.end))
    return units


def extract_targets(z: Zones, roots: list[Node]) -> list[Target]:
    targets: list[Target] = []
    for unit in _units(z, roots):
        if "%" not in unit.text and "phần trăm" not in unit.text:
            continue
        for clause in _clauses(unit.text):
            targets.extend(_targets_in_clause(clause, unit))
    return targets


def _clauses(text: str) -> list[str]:
    parts, last = [], 0
    for m in CLAUSE_SPLIT.finditer(text):
        parts.append(text[last:m.start()])
        last = m.end()
    parts.append(text[last:])
    return [p.strip() for p in parts if p.strip()]


# What makes a sentence about money a goal: "phấn đấu", "mục tiêu", "chỉ tiêu", a ratio ("tỷ trọng", "/GRDP")
RATIO_GOAL = re.compile(r"phấn\s+đấu|mục\s+tiêu|chỉ\s+tiêu|tỷ\s+(?:lệ|trọng)|tỉ\s+(?:lệ|trọng)|GRDP", re.I)


# A share that describes the present: "(Chiếm 32,2 %)"
STATUS_SHARE = re.compile(r"\bchiếm\s*$", re.I)
# Text after a value that opens a new clause: "và triển khai ...", ", đồng thời ..."
NEW_CLAUSE = re.compile(r"^(?:và|,)\s+\p{Ll}+\s+\p{Ll}+", re.I)
# What a value is raised or lowered to, the indicator between the verb and "lên"/"xuống": "tăng độ che phủ
# rừng toàn quốc lên 45%", "nâng cao tỷ lệ ... lên", "giảm tỷ lệ hộ nghèo xuống" (the last such at the end)
MOVED_TO = re.compile(r"(?:^|\s)(?:nâng\s+cao|tăng\s+cường|tăng|nâng|giảm|hạ)\s+(?P<what>(?:(?!\s(?:tăng|nâng|giảm|hạ)\s).)+?)"
                      r"\s+(?:lên|xuống)(?:\s+(?:mức|tối\s+thiểu|ít\s+nhất|khoảng|trên|dưới))?\s*$", re.I)
# Where the words a value closes begin: after a comma or semicolon, or after a goal word
HEAD_BOUNDARY = re.compile(r"[,;:]\s*|\b(?:mục\s+tiêu|phấn\s+đấu|đảm\s+bảo|bảo\s+đảm)\s+", re.I)
# The measure a value is given for, standing before it: "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành
# chính các cấp đạt tối thiểu 90%", "tỷ lệ giải ngân ... đạt trên 90% kế hoạch được giao" (the words after the
# value are its base, commas inside the measure list what it counts)
RATIO_WORD = re.compile(r"(?<!\p{L})t[ỷỉ]\s+(?:lệ|trọng)(?!\p{L})", re.I)
# A rise or fall left at the end of an indicator once "lên"/"xuống" is gone: "mức đóng góp có thể tăng (lên 25%)"
RISE_AT_END = re.compile(r"\s+(?:có\s+thể\s+)?(?:tăng|giảm|nâng|hạ)\s*$", re.I)
# A condition after a value, not what it measures: "mức đóng góp có thể tăng lên 25% khi nhận được hỗ trợ quốc tế"
CONDITION_AFTER = re.compile(r"(?:khi|nếu|trong\s+trường\s+hợp)(?!\p{L})", re.I)
# A goal word between the measure and its verb: "Tỷ lệ doanh nghiệp ứng dụng thương mại điện tử phấn đấu đạt ..."
GOAL_AT_END = re.compile(r"\s+(?:phấn\s+đấu|phải|cần)\s*$", re.I)
# A deadline at the end of an indicator: "... tại các KCN đến năm 2030"
YEAR_TAIL = re.compile(r"\s+(?:đến|tới|trước|trong)\s+(?:hết\s+)?(?:năm\s+)?\d{4}\s*$", re.I)


def _measure_before(before: str) -> str | None:
    """The ratio a value closes when the words before it name one and a verb gives it the value ('Tỷ lệ khai
    thác, sử dụng lại thông tin, dữ liệu số hóa các cấp đạt tối thiểu'): from the last ratio word on, when that
    holds three words at least and no clause break; else None."""
    head = BEFORE_VERB.sub("", before)
    if head == before:
        return None  # no verb before the value: "bảo đảm tỷ lệ 100% hồ sơ ..." counts what follows it
    last = None
    for last in RATIO_WORD.finditer(head):
        pass
    if last is None:
        return None
    measure = GOAL_AT_END.sub("", YEAR_TAIL.sub("", COMPARATOR_AT_END.sub("", head[last.start():]))).strip(" ,;:")
    return measure if len(measure.split()) >= 3 and ";" not in measure else None


@lru_cache(maxsize=1)
def _quorum_re() -> re.Pattern:
    words = sorted(load("targets")["quorum_words"], key=len, reverse=True)
    return re.compile(r"(?<![\p{L}])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")(?![\p{L}])", re.I)


def _targets_in_clause(clause: str, unit: _Unit) -> list[Target]:
    hits = list(P.PERCENT.finditer(clause))
    if not hits:
        return []
    # a funding share ("Kinh phí: ngân sách tỉnh 50%") is no target, unless it is itself a ratio goal
    # ("Kinh phí chi cho nghiên cứu phát triển (R&D)/GRDP tối thiểu 2%", "Tỷ trọng kinh phí từ xã hội ... 60%")
    if BUDGET_WORDS.search(clause) and not RATIO_GOAL.search(clause):
        return []
    # a quorum or a vote threshold is a rule, not a goal: "được trên 50% tổng số cử tri ... tán thành"
    if _quorum_re().search(clause):
        return []
    out = []
    indicators = []
    for i, m in enumerate(hits):
        seg_end = hits[i + 1].start() if i + 1 < len(hits) else len(clause)
        raw_after = clause[m.end():seg_end]
        after = LEADING_AFTER.sub("", raw_after)
        after = TRAILING.sub("", after).strip(" ,;.")
        before_start = hits[i - 1].end() if i > 0 else 0
        before = clause[before_start:m.start()]
        # a new clause right after the value ("đạt 100% và triển khai ...", "lên 45%, góp phần ..."), the
        # comma read before it is trimmed off: after a comma, the value closes its own clause (it shares no
        # later value's words, as "đạt 85% và đến năm 2025 đạt 100% cơ sở ..." does)
        lead = raw_after.lstrip()
        after_comma = lead.startswith(",") and NEW_CLAUSE.match(lead) is not None
        opens_clause = after_comma or bool(NEW_CLAUSE.match(after))
        indicators.append((after, before, opens_clause, after_comma))
    # for each value, the next value's indicator of three words or more (one pass from the end: asking each
    # value to look ahead was quadratic in the values of a clause)
    next_long: list[str | None] = [None] * len(indicators)
    following: str | None = None
    for i in range(len(indicators) - 1, -1, -1):
        next_long[i] = following
        if len(indicators[i][0].split()) >= 3:
            following = indicators[i][0]
    for i, m in enumerate(hits):
        after, before, opens_clause, after_comma = indicators[i]
        if STATUS_SHARE.search(before) and not RATIO_GOAL.search(clause):
            continue  # "(Chiếm 32,2 %)": how things stand, not a goal
        indicator = after
        closes_own = False
        measure = _measure_before(before)
        if measure and not opens_clause:
            # "tỷ lệ giải ngân ... đạt trên 90% kế hoạch được giao": the measure, not its base, is the indicator
            indicator, after = measure, ""
        if opens_clause and len(BEFORE_VERB.sub("", before).split()) >= 2:
            after = ""  # "xây dựng trạm BTS 5G đạt 100% và triển khai ...": the value closes its clause
            closes_own = after_comma
        if len(after.split()) < 3 or CONDITION_AFTER.match(after):
            # shared with a later value ("đạt 85% và đến năm 2025 đạt 100% cơ sở giáo dục ...")
            later = None if closes_own else next_long[i]
            if later:
                indicator = later
            elif measure:
                indicator = measure  # its commas list what it counts: no cut at them
            else:
                moved = MOVED_TO.search(before)
                head = moved.group("what") if moved else BEFORE_VERB.sub("", before)
                head = RISE_AT_END.sub("", COMPARATOR_AT_END.sub("", head))
                # the indicator is what the value closes: back to the last clause boundary or goal word
                cut = None
                for cut in HEAD_BOUNDARY.finditer(head):
                    pass
                if cut is not None and len(head[cut.end():].split()) >= 2:
                    head = head[cut.end():]
                head = YEAR_TAIL.sub("", head)
                head = LEADING_AFTER.sub("", head)
                head = LEAD_WORDS.sub("", head.strip(" ,;:")).strip(" ,;:")
                if len(head.split()) >= 2:
                    indicator = (head + (" " + after if after else "")).strip()
        indicator = LEAD_WORDS.sub("", indicator).strip(" ,;:.")
        if len(indicator.split()) < 2:
            continue
        value = m.group("value") or m.group("lo")
        value_max = m.group("hi")
        comparator = ">=" if value_max else comparator_before(clause[:m.start()], clause[m.end():])
        year = _year_in(clause[: m.start()]) or _year_in(clause) or unit.lead_year
        out.append(Target(
            value=parse_number(value),
            value_max=parse_number(value_max) if value_max else None,
            comparator=comparator,
            indicator=indicator,
            year=year,
            section=unit.node.path if unit.node else None,
            text=clause.rstrip(" .;"),
            span=Span(start=unit.start, end=unit.end),
        ))
    return out
