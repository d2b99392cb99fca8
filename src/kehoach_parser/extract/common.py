"""Small helpers shared by the extractors: dates, casing, abbreviations, clean values."""
from __future__ import annotations

import datetime as _dt
from functools import lru_cache

from .. import regexes as re

from .. import patterns as P
from ..vocab import load


def iso_date(day: str | int, month: str | int, year: str | int) -> str | None:
    """('22', '7', '2016') -> '2016-07-22'; None for an impossible date.

    >>> iso_date("31", "2", "2020") is None
    True
    """
    try:
        return _dt.date(int(year), int(month), int(day)).isoformat()
    except (TypeError, ValueError):
        return None


def find_date(text: str) -> tuple[str | None, re.Match | None]:
    """The first full date in ``text`` in any of the usual spellings.

    >>> find_date("ngày 28 tháng 12 năm 2020 của")[0]
    '2020-12-28'
    >>> find_date(", ngày 23/12/2019 của Thủ tướng")[0]
    '2019-12-23'
    """
    best = None
    for pattern in (P.DATE_LONG, P.DATE_SHORT):
        m = pattern.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is None:
        return None, None
    return iso_date(best.group("d"), best.group("m"), best.group("y")), best


@lru_cache(maxsize=1)
def _abbreviations() -> list[tuple[re.Pattern, str]]:
    table = load("abbreviations")
    return [(re.compile(rf"(?<!\w){re.escape(k)}(?!\w)"), v) for k, v in sorted(table.items(), key=lambda kv: -len(kv[0]))]


def expand_abbreviations(text: str) -> str:
    """'UBND tỉnh Quảng Nam' -> 'Ủy ban nhân dân tỉnh Quảng Nam'."""
    for pattern, full in _abbreviations():
        text = pattern.sub(full, text)
    return text


# Administrative words that stay lower case in a name: "Ủy ban nhân dân tỉnh Bình Thuận"
_LOWER_WORDS = {
    "tỉnh", "thành", "phố", "huyện", "quận", "xã", "phường", "thị", "trấn", "đặc", "khu", "và", "các", "của",
    "ban", "nhân", "dân", "hội", "đồng", "vụ", "thường", "trực", "tổ", "quốc", "mặt", "trận", "bầu", "cử",
    "tế", "dục", "đào", "tạo", "chính", "tài", "công", "an", "nội", "tư", "pháp", "lao", "động", "xây", "dựng",
    "liên", "ngành", "kế", "hoạch", "đầu", "ban", "thông", "tin", "truyền", "khoa", "học",
    "nghệ", "nông", "nghiệp", "môi", "trường", "văn", "hóa", "thể", "thao", "du", "lịch", "y", "giáo",
    "phát", "triển", "tiểu", "khánh", "tiết", "tuyên", "thường", "trực", "đoàn", "thanh", "niên", "phụ", "nữ",
    "tra", "tác",
}
# Head words whose next word begins the body's proper name: "BỘ CÔNG AN" -> "Bộ Công an"
_NAME_HEADS = {"bộ", "sở", "cục", "viện", "ban", "tổng", "phòng"}
_PROPER_AFTER = {"tỉnh", "phố", "huyện", "quận", "xã", "phường", "trấn", "khu"}


# A Vietnamese vowel, lower case: a word without one is an abbreviation ("MTTQ", "HĐND")
_VOWEL = re.compile(r"[aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]")
# A document number, whose capitals stay: "06/qđ-ttg" restored to "06/QĐ-TTg"
_DOC_NUMBER_LIKE = re.compile(r"\d+/[\p{L}\d\-./]+")


def title_from_upper(text: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN' -> 'Ủy ban nhân dân tỉnh Bình Thuận'.

    Administrative words go lower case; what follows a level word (tỉnh, thành phố, xã) is a place
    name and is capitalised. Text that is not in capitals is returned unchanged.
    """
    from ..segment.blocks import is_upper_text

    if not is_upper_text(text):
        return text
    words = text.split()
    out = []
    place = False
    acronyms = load("abbreviations")
    for i, word in enumerate(words):
        low = word.lower()
        if word in acronyms:
            out.append(word)  # "UBND", "HĐND": spelled out later by expand_abbreviations
            continue
        if not _VOWEL.search(low):
            out.append(word)  # an abbreviation: "MTTQ", "HĐND"
            continue
        if i == 0 or (i == 1 and words[0].lower() in _NAME_HEADS):
            out.append(low[:1].upper() + low[1:])  # "Bộ Công an", "Sở Tư pháp": the name starts capitalised
        elif place or low not in _LOWER_WORDS:
            out.append(low[:1].upper() + low[1:])
        else:
            out.append(low)
        if low in _PROPER_AFTER:
            place = True
    pattern, spelling = _national_spelling()
    return pattern.sub(lambda m: spelling[m.group(0).lower()], " ".join(out))


@lru_cache(maxsize=1)
def _national_spelling() -> tuple[re.Pattern, dict[str, str]]:
    """The names of national bodies of two words or more (vocab/provinces_2025.yaml national_issuers), found
    in any case, and each as it is spelt: 'THỦ TƯỚNG CHÍNH PHỦ' comes out 'Thủ tướng Chính phủ', not 'Thủ Tướng
    chính Phủ'."""
    names = sorted((n for n in load("provinces_2025")["national_issuers"] if len(n.split()) >= 2), key=len, reverse=True)
    pattern = re.compile(r"(?<!\p{L})(?:" + "|".join(re.escape(n) for n in names) + r")(?!\p{L})", re.I)
    return pattern, {n.lower(): n for n in names}


def sentence_case(text: str, keep: list[str] | None = None) -> str:
    """'HÀNH ĐỘNG PHÒNG, CHỐNG BẠO LỰC ... TỈNH BÌNH THUẬN' -> 'Hành động phòng, chống ... tỉnh Bình Thuận'.

    Text not in capitals is returned unchanged. Names in ``keep`` (places, agencies) keep their case.
    """
    from ..segment.blocks import is_upper_text

    if not is_upper_text(text):
        return text
    low = text.lower()
    out = low[:1].upper() + low[1:]
    for name in keep or []:
        if not name:
            continue
        out = re.sub(re.escape(name.lower()), name, out)
    # "VỀ VIỆC" rules and document numbers keep their capitals: "06/QĐ-TTg"
    out = _DOC_NUMBER_LIKE.sub(lambda m: _restore(text, m), out)
    return out


def _restore(original: str, m: re.Match) -> str:
    return original[m.start():m.end()] if len(original) == len(m.string) else m.group(0)


# List marks before a value and punctuation after it: "- Sở Y tế;"
_LEADING_MARKS = re.compile(r"^[\s\-+•–—*]+")
_TRAILING_PUNCT = re.compile(r"[\s;,.:]+$")


def clean_value(text: str) -> str:
    """Strip list marks, closing punctuation and spaces: '- Sở Y tế;' -> 'Sở Y tế'."""
    text = _LEADING_MARKS.sub("", text)
    text = _TRAILING_PUNCT.sub("", text)
    text = P.BODY_CLOSE.sub("", text)
    return text.strip()


def cap_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
