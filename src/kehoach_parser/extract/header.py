"""Header: issuer, number, place, date, document type and title."""
from __future__ import annotations

from functools import lru_cache

from .. import regexes as re

from .. import patterns as P
from ..errors import Warn
from ..models import Header
from ..segment.zones import AUTHORITY_LINE, Zones
from ..vocab import fold, load
from .common import _LOWER_WORDS, _PROPER_AFTER, expand_abbreviations, find_date, iso_date, sentence_case, title_from_upper

# Pieces of the motto when a flattened table broke it over lines: "CỘNG HÒA XÃ" / "HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_PART = re.compile(r"^\s*(?:CỘNG\s*H[OÒ][AÀ](?:\s*X[AÃ])?(?:\s*H[OỘ]I)?|(?:H[OỘ]I\s*)?CHỦ\s*NGHĨA\s*VIỆT\s*NAM)\s*$")
# A leading "VỀ VIỆC" / "Về việc" of a title
ABOUT = re.compile(r"^(?:V[Ềề]\s+VI[Ệệ]C|Về\s+việc)\s*[:,]?\s*", re.I)
# An issuer named in the body: "Ủy ban nhân dân tỉnh Đắk Nông", "UBND tỉnh Ninh Bình", "Ủy ban nhân dân tỉnh"
BODY_ISSUER = re.compile(
    r"(?P<body>Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|UBND)\s+(?P<level>tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường)"
    r"(?P<name>(?:\s+(?!Kế\b|Ban\b)\p{Lu}[\p{Ll}\p{Lu}]*(?:-\p{Lu}?\p{Ll}+)?){0,4})"
)
# A place named by its level: "trên địa bàn tỉnh Hải Dương", "thành phố Cần Thơ"
PLACE_NAME = re.compile(r"(?P<level>tỉnh|thành\s+phố)(?P<name>(?:\s+\p{Lu}[\p{Ll}]*){1,4})")
# A news item reporting a plan: "UBND tỉnh Ninh Bình ban hành Kế hoạch số 63/KH-UBND"
NEWS_PLAN = re.compile(r"ban\s+hành\s+(?P<type>Kế\s+hoạch|Quyết\s+định|Chương\s+trình)\s+số\s+(?P<number>\S+?/[\w\-Đđ]+)")
# "(Ban hành kèm theo Nghị quyết số 1339/NQ-UBTVQH15 ngày 28 tháng 12 năm 2024 của ...)"
ATTACHED_TO = re.compile(r"(?:Ban\s+hành\s+)?[Kk]èm\s+theo\s+(?P<type>Quyết\s+định|Nghị\s+quyết|Chỉ\s+thị)\s+số\s*(?P<number>[^\s,;]+)")


@lru_cache(maxsize=1)
def _own_types() -> list[tuple[str, str]]:
    table = load("doc_types")["own"]
    return sorted(((fold(s), canon) for canon, spellings in table.items() for s in spellings), key=lambda p: -len(p[0]))


def canonical_doc_type(text: str) -> str | None:
    key = fold(" ".join(text.split())).rstrip(" :")
    for spelling, canon in _own_types():
        if key == spelling:
            return canon
    return None


# A decorative rule left inside a header cell: "THỦ TƯỚNG CHÍNH PHỦ -------", "SỞ Y TẾ ______"
_RULE_RUN = re.compile(r"(?<!\S)[\-–—_=~*]{3,}(?!\S)")
# A draft's mark in the header: "DỰ THẢO", "(Dự thảo lần 2)", "BẢN DỰ THẢO"
DRAFT_MARK = re.compile(r"\(?\s*(?:BẢN\s+)?(?:DỰ\s+THẢO|Dự\s+thảo)(?:\s+(?:lần\s+)?\d+)?\s*\)?")


# The motto's first line as OCR gives it, compared without diacritics and allowing five misread or lost
# characters: "CỘNG HÒA XÃ CHỦ NGHĨA VIỆT NAM" (HỘI lost), "... YIỆT NAM"
_MOTTO_OCR = re.compile(r"(?:cong hoa xa hoi chu nghia viet nam){e<=5}", re.BESTMATCH)


# The words of the motto's first line: an edit breaks at most one of its eight words, so five edits leave
# three of them whole inside the match, and a match is at most the line's 34 characters and five more. A text
# without three of the words within so many characters cannot match _MOTTO_OCR (the fuzzy search is skipped:
# most header texts hold "xa", "nam" or "hoa" somewhere, in a place name)
_MOTTO_WORDS = ("cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam")
_MOTTO_WORDS_LEFT = len(_MOTTO_WORDS) - 5
_MOTTO_MATCH_MAX = len("cong hoa xa hoi chu nghia viet nam") + 5


def _motto_words_close(folded: str) -> bool:
    """Whether _MOTTO_WORDS_LEFT different words of the motto stand within _MOTTO_MATCH_MAX characters."""
    found = []  # (start, end, word)
    for word in _MOTTO_WORDS:
        at = folded.find(word)
        while at >= 0:
            found.append((at, at + len(word), word))
            at = folded.find(word, at + 1)
    found.sort()
    for i, (start, _, _) in enumerate(found):
        words = set()
        for begin, end, word in found[i:]:
            if begin - start > _MOTTO_MATCH_MAX:
                break
            if end - start <= _MOTTO_MATCH_MAX:
                words.add(word)
        if len(words) >= _MOTTO_WORDS_LEFT:
            return True
    return False


def _without_misread_motto(text: str) -> str:
    folded = fold(text)
    if len(folded) != len(text) or "ng" not in folded:
        return text  # fold keeps one character for each (NFC text); otherwise the spans would not line up
    if sum(word in folded for word in _MOTTO_WORDS) < _MOTTO_WORDS_LEFT or not _motto_words_close(folded):
        return text
    m = _MOTTO_OCR.search(folded)
    return text[: m.start()] + " " + text[m.end():] if m else text


def _strip_header_noise(text: str) -> str:
    text = P.MOTTO_FULL.sub(" ", text)
    text = _without_misread_motto(text)
    text = MOTTO_PART.sub(" ", text)
    text = P.NUMBER_LINE.sub(" ", text)
    text = P.PLACE_DATE.sub(" ", text)
    text = re.sub(r"\bSố\s*:?\s*$", " ", text)
    text = DRAFT_MARK.sub(" ", text)
    text = _RULE_RUN.sub(" ", text)
    return " ".join(text.split())


def extract_header(z: Zones, warnings: list[str]) -> Header:
    blocks = z.blocks
    header = Header()
    top = z.doc_type_at if z.doc_type_at is not None else 0
    zone_blocks = blocks[:top]
    zone_text = "\n".join(b.text for b in zone_blocks)

    # issuer: upper-case text of the header zone, with the motto, number and date taken out
    issuer_parts: list[str] = []
    for b in zone_blocks:
        rest = _strip_header_noise(b.text)
        if rest and b.upper or (rest and AUTHORITY_LINE.match(rest)):
            if P.SIGN_POSITION.match(rest) or P.DOC_NUMBER.fullmatch(rest):
                continue
            issuer_parts.append(rest)
        if len(issuer_parts) >= 3:
            break
    if issuer_parts:
        header.issuer = _issuing_body(issuer_parts)

    # number and place/date from the header zone (two-column flattening keeps them there)
    search_zone = zone_text if z.doc_type_at is not None else "\n".join(b.text for b in blocks[:5])
    m = P.NUMBER_LINE.search(search_zone)
    if m:
        number = re.sub(r"\s+", "", m.group("number"))
        # a readable number is digits right before the slash: "687/KH-UBND", "12a/KH-UBND"
        if re.match(r"^\d{1,5}[a-zđ]?/", number):
            header.number = number
        else:
            warnings.append(Warn.W004.format(text=m.group(0).strip()))
    m = P.PLACE_DATE.search(search_zone)
    if m:
        place = re.sub(r"^[^\p{L}]+", "", m.group("place")).strip()
        header.place = place or None
        if m.group("day").strip(" ._…").isdigit() and m.group("month").strip(" ._…").isdigit():
            header.date = iso_date(m.group("day"), m.group("month"), m.group("year"))
        else:
            warnings.append(Warn.W003.format(text=m.group(0).strip()))

    # document type and title
    if z.doc_type_at is not None:
        header.doc_type = canonical_doc_type(blocks[z.doc_type_at].text)
    title_blocks = [blocks[i].text for i in z.title]
    if title_blocks:
        title = " ".join(title_blocks)
        title = ABOUT.sub("", title)
        header.title = sentence_case(title, keep=_names_to_keep(header)) or None

    # a plan attached to a decision or resolution that has no header of its own
    if header.number is None:
        for b in blocks[: (z.body.start if z.body.start else 40) + 1]:
            m = ATTACHED_TO.search(b.text)
            if m:
                header.number = m.group("number").rstrip(".,;)")
                date, _ = find_date(b.text[m.end():m.end() + 60])
                header.date = header.date or date
                header.doc_type = re.sub(r"\s+", " ", m.group("type"))
                break

    # a news item about a plan: "ngày 12/5/2021, UBND tỉnh Ninh Bình ban hành Kế hoạch số 63/KH-UBND"
    if z.doc_type_at is None:
        warnings.append(Warn.W001)
        for b in blocks[:15]:
            m = NEWS_PLAN.search(b.text)
            if m:
                warnings.append(Warn.W006)
                header.number = header.number or m.group("number")
                header.doc_type = header.doc_type or re.sub(r"\s+", " ", m.group("type")).capitalize()
                date, _ = find_date(b.text[max(0, m.start() - 120):m.start()])
                header.date = header.date or date
                issuer = BODY_ISSUER.search(b.text[max(0, m.start() - 120):m.start()])
                if issuer and issuer.group("name").strip():
                    header.issuer = expand_abbreviations(" ".join(issuer.group(0).split()))
                break

    # a resolution's authority line after its title ("ỦY BAN THƯỜNG VỤ QUỐC HỘI"), then the body
    if header.issuer is None:
        after = z.title.stop
        if after < len(blocks) and blocks[after].upper and AUTHORITY_LINE.match(blocks[after].text):
            header.issuer = title_from_upper(blocks[after].text)
    if header.issuer is None:
        header.issuer = _issuer_from_body(z, header)
        if header.issuer:
            warnings.append(Warn.W002)
    return header


# The body a header names first, over the issuing body (Decree 30/2020, Appendix I: "tên cơ quan, tổ chức
# chủ quản trực tiếp" above "tên cơ quan, tổ chức ban hành văn bản"): a People's Committee of a place ...
_GOVERNING_COMMITTEE = re.compile(r"^(?:UBND|ỦY\s+BAN\s+NHÂN\s+DÂN|UỶ\s+BAN\s+NHÂN\s+DÂN)\s+(?P<place>(?:TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ)\s+\S.*)$")
# ... or a department, ministry or committee with its own name
_GOVERNING_BODY = re.compile(r"^(?:SỞ|BỘ|TỈNH\s+ỦY|THÀNH\s+ỦY|HUYỆN\s+ỦY|BAN\s+CHẤP\s+HÀNH)\s+\S")
# The issuing bodies that sit under one: "SỞ Y TẾ", "THANH TRA", "PHÒNG GIÁO DỤC", "TỔ CÔNG TÁC ..."
_SUBORDINATE = re.compile(r"^(?:SỞ|PHÒNG|THANH\s+TRA|BAN|CỤC|CHI\s+CỤC|VỤ|VĂN\s+PHÒNG|TRUNG\s+TÂM|TỔ|HỘI\s+ĐỒNG"
                          r"|BỆNH\s+VIỆN|TRƯỜNG|ĐOÀN|BỘ\s+PHẬN)(?:\s|$)")


@lru_cache(maxsize=1)
def _header_words() -> dict[str, str]:
    """Words of body names in capitals by their folded form, where the fold tells one word only: 'tinh' ->
    'TỈNH', 'te' -> 'TẾ' (agency heads, province names, the administrative words of names)."""
    names = list(load("agencies")["heads"]) + list(_LOWER_WORDS) + ["SỞ", "Y", "TẾ", "TỈNH"]
    spellings: dict[str, set[str]] = {}
    for name in names:
        for word in name.upper().split():
            if any(c.isalpha() for c in word):
                spellings.setdefault(fold(word), set()).add(word)
    return {key: next(iter(words)) for key, words in spellings.items() if len(words) == 1}


def _respelled(line: str) -> str:
    """An upper-case header line with OCR's misread marks put right where the word can only be one:
    'UBND TĨNH KIÊN GIANG' -> 'UBND TỈNH KIÊN GIANG', 'SƠ Y TẺ' -> 'SỞ Y TẾ'."""
    words = _header_words()
    known = set(words.values())
    out: list[str] = []
    line_words = line.split()
    for i, word in enumerate(line_words):
        if out and out[-1] in _LEVELS:
            return " ".join(out + line_words[i:])  # a place's name follows its level: "XÃ LƯƠNG MINH" is no misread
        out.append(word if word in known or not word.isupper() else words.get(fold(word), word))
    return " ".join(out)


# Administrative levels, after which a header line names a place (the words title_from_upper capitalises after)
_LEVELS = {word.upper() for word in _PROPER_AFTER}


def _issuing_body(parts: list[str]) -> str:
    """The issuer from the header's upper-case lines. Two bodies one over the other name the issuing body
    under its governing one: 'UBND TỈNH KIÊN GIANG' / 'SỞ Y TẾ' -> 'Sở Y tế tỉnh Kiên Giang' (the place of
    the committee), 'SỞ Y TẾ KIÊN GIANG' / 'THANH TRA' -> 'Thanh tra Sở Y tế Kiên Giang'; lines of one name
    ('ỦY BAN NHÂN DÂN' / 'TỈNH BÌNH THUẬN') are joined."""
    def named(text: str) -> str:
        return expand_abbreviations(title_from_upper(text))

    parts = [_respelled(part.lstrip("-–• ")) for part in parts]

    if len(parts) >= 2 and _SUBORDINATE.match(parts[1]) and not _SUBORDINATE.match(parts[0]) or (
            len(parts) >= 2 and _GOVERNING_BODY.match(parts[0]) and _SUBORDINATE.match(parts[1])
            and not parts[0].startswith(parts[1].split()[0])):
        parent, child = parts[0], " ".join(parts[1:])
        committee = _GOVERNING_COMMITTEE.match(parent)
        if committee:
            place = named(parent)  # "Ủy ban nhân dân tỉnh Kiên Giang": the level stays lower case
            return f"{named(child)} {place[len(place) - len(committee.group('place')):]}"
        if _GOVERNING_BODY.match(parent):
            return f"{named(child)} {named(parent)}"
    return named(" ".join(parts))


def _names_to_keep(header: Header) -> list[str]:
    names = []
    if header.issuer:
        m = PLACE_NAME.search(header.issuer)
        if m:
            names.append(m.group("name").strip())
    if header.place:
        names.append(header.place)
    return names


def _issuer_from_body(z: Zones, header: Header) -> str | None:
    """'Ủy ban nhân dân tỉnh xây dựng Kế hoạch' + 'trên địa bàn tỉnh Hải Dương' -> the issuer."""
    # headings in capitals are read in title case, so place names keep their capitals: "TỈNH HẢI DƯƠNG"
    texts = [header.title or ""] + [title_from_upper(b.text) for b in z.blocks[z.title.start: z.body.start or 30][:12]]
    for text in texts:
        m = BODY_ISSUER.search(text)
        if m and m.group("name").strip():
            return expand_abbreviations(" ".join(m.group(0).split()))
    for text in texts:
        m = BODY_ISSUER.search(text)
        if m:
            level = m.group("level")
            for other in texts:
                p = PLACE_NAME.search(other)
                if p and p.group("level") == level:
                    return f"Ủy ban nhân dân {level}{p.group('name')}"
            return f"Ủy ban nhân dân {level}"
    return None
