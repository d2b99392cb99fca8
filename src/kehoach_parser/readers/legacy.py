r"""Vietnamese text in the legacy font encodings of the 1990s-2000s, turned into Unicode.

Plans typed with the ABC fonts (".VnTime", TCVN3) or the VNI fonts ("VNI-Times", VNI-Windows) store bytes that
only those fonts draw as Vietnamese; read as Windows text they look like "KÕ ho¹ch" (TCVN3) or "Keá hoaïch"
(VNI). The same bytes come back from a .txt file, from the runs of a .doc/.docx or an HTML export, and from a
PDF text layer, so the conversion works on text: each character is taken back to its Windows-1252 byte and
read with the font's table.

Sources of the tables (facts, not code): TCVN 5712:1993 as tabulated in X-TrueType's TCVNtoUCS2.c (XFree86,
1998; upper half 0xA1-0xFF is the VN3 set of the ABC fonts, 0x80-0x9F and a few control positions hold the
capitals of VN1); VNI-Windows as listed in xvnkb's vni.h (Đào Hải Lâm, 2002): a base letter followed by one or
two mark characters.

ABC fonts have no capitals with marks: a heading is set in the "H" font (".VnTimeH"), whose bytes are those
of the lower-case letters; a word whose plain letters are all capitals, on a line mostly in capitals, is
therefore written in capitals ("KÕ HO¹CH" -> "KẾ HOẠCH").

    >>> to_unicode("KÕ HO¹CH\nThùc hiÖn c¸c nhiÖm vô cña tØnh n¨m 2026")
    ('KẾ HOẠCH\nThực hiện các nhiệm vụ của tỉnh năm 2026', 'tcvn3')
    >>> to_unicode("KEÁ HOAÏCH\nThöïc hieän caùc nhieäm vuï cuûa tænh naêm 2026")
    ('KẾ HOẠCH\nThực hiện các nhiệm vụ của tỉnh năm 2026', 'vni')
    >>> to_unicode("Kế hoạch phòng, chống bạo lực gia đình")
    ('Kế hoạch phòng, chống bạo lực gia đình', None)
"""
from __future__ import annotations

from functools import lru_cache

from .. import regexes as re

# TCVN 5712:1993, bytes 0x80-0xFF (0xA0 is a space), then the control positions that hold capitals
_TCVN_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"
    " ĂÂÊÔƠƯĐăâêôơưđẰ"
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịò"
    "ỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"
)
_TCVN_LOW = {0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự", 0x13: "Ỳ", 0x14: "Ỷ",
             0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ"}

# VNI-Windows: the capitals as written with their marks (lower case: the same characters in lower case)
_VNI_VOWELS = {
    "A": "A AÙ AØ AÛ AÕ AÏ", "Â": "AÂ AÁ AÀ AÅ AÃ AÄ", "Ă": "AÊ AÉ AÈ AÚ AÜ AË",
    "E": "E EÙ EØ EÛ EÕ EÏ", "Ê": "EÂ EÁ EÀ EÅ EÃ EÄ",
    "O": "O OÙ OØ OÛ OÕ OÏ", "Ô": "OÂ OÁ OÀ OÅ OÃ OÄ", "Ơ": "Ô ÔÙ ÔØ ÔÛ ÔÕ ÔÏ",
    "U": "U UÙ UØ UÛ UÕ UÏ", "Ư": "Ö ÖÙ ÖØ ÖÛ ÖÕ ÖÏ",
    "I": "I Í Ì Æ Ó Ò", "Y": "Y YÙ YØ YÛ YÕ Î",
}
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # none, sắc, huyền, hỏi, ngã, nặng

# Letters only Vietnamese has in Unicode (never in Windows-1252 text): the block U+1EA0-U+1EF9 and ă đ ơ ư
_VIETNAMESE_ONLY = re.compile(r"[\u1EA0-\u1EF9\u0102\u0103\u0110\u0111\u01A0\u01A1\u01AF\u01B0]")
# Words nearly every Vietnamese plan uses, to tell a conversion that made Vietnamese from one that made noise
_COMMON_WORDS = ("của", "các", "được", "những", "thực", "hiện", "năm", "tỉnh", "này", "với", "theo", "trên", "để")
# A text is taken for legacy when fewer than this share of its letters are Vietnamese-only (Unicode Vietnamese
# has about 10 %), and a conversion is kept when it reaches this share and brings common words (see below)
LEGACY_MAX_SHARE = 0.005
CONVERTED_MIN_SHARE = 0.03
MIN_COMMON_WORDS = 3
# How much of a text the decision reads (the first page of a plan: header, title, legal bases)
SAMPLE_CHARS = 4_000


# Bytes 0x80-0x9F of a file read byte for byte come as C1 controls; the legacy fonts drew them as Windows did
# (quotes, dashes, bullets): "\x93" -> "“"
_C1_AS_CP1252 = {code: bytes([code]).decode("cp1252", errors="ignore") or None for code in range(0x80, 0xA0)}


def _byte(char: str) -> int | None:
    """The Windows-1252 byte a character stands for (what the legacy font was given)."""
    code = ord(char)
    if code < 0x100:
        return code
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        return None


@lru_cache(maxsize=1)
def _tcvn_table() -> dict[str, str]:
    """The VN3 set of the ABC fonts, 0xA1-0xFF. Bytes 0x80-0x9F (VN1's capitals) are left alone: in files typed
    with the ABC fonts they are the Windows quotes, dashes and bullets ("“", "–", "•")."""
    table = {}
    for offset, target in enumerate(_TCVN_HIGH):
        code = 0x80 + offset
        if code >= 0xA1:
            table[chr(code)] = target
    return table


# A body's name keeps its capital where the "H" font wrote it and the bytes cannot say so: "của ủy ban" is
# "của Ủy ban" (names of bodies are capitalised; Quy định 30/2020/NĐ-CP, Phụ lục II)
BODY_NAMES = re.compile(r"(?<!\p{L})ủy(?=\s+ban\b)")


def _ends_sentence(word: str) -> bool:
    """'bệnh.' ends a sentence; 'bệnh,...' and 'như:' do not (what follows them is in lower case)."""
    return word.endswith((".", "!", "?")) and not word.endswith(("..", "…"))


def from_tcvn3(text: str) -> str:
    """Characters read as TCVN3 (ABC) bytes; capitals restored in words set in the "H" font."""
    table = _tcvn_table()
    out_lines: list[str] = []
    sentence_ended = True  # before the first line, and after a line ending a sentence or a blank line
    for line in text.split("\n"):
        converted = "".join(table.get(c, c) for c in line)
        # the line's words of two plain letters or more, codes left out ("687/KH-UBND"): mostly capitals?
        plain_words = [[c for c in w if c.isascii() and c.isalpha()] for w in line.split()
                       if not any(c in "0123456789/" for c in w)]
        plain_words = [w for w in plain_words if len(w) >= 2]
        upper_line = bool(plain_words) and sum(all(c.isupper() for c in w) for w in plain_words) >= 0.7 * len(plain_words)
        words: list[str] = []
        for raw, word in zip(line.split(" "), converted.split(" ")):
            letters = [c for c in raw if c.isascii() and c.isalpha()]
            if (letters and all(c.isupper() for c in letters) and (len(letters) >= 2 or upper_line)) or (
                    upper_line and not letters and any(c.isalpha() for c in word)):
                word = word.upper()  # set in the "H" font: "KÕ HO¹CH", "§¶NG Bé"
            elif word[:1] != raw[:1] and word[:1].islower() and sum(map(str.isalpha, word)) >= 2 and (
                    (not words and sentence_ended) or (words and _ends_sentence(words[-1]))):
                # a sentence starts with a capital ("ñy ban" -> "Ủy ban"); a list label ("®)" -> "đ)") does not
                word = word[:1].upper() + word[1:]
            words.append(word)
        out_lines.append(" ".join(words))
        stripped = line.rstrip()
        sentence_ended = not stripped or stripped.endswith((".", "!", "?", ":", ";"))
    return BODY_NAMES.sub(lambda m: m.group(0)[:1].upper() + m.group(0)[1:], "\n".join(out_lines))


@lru_cache(maxsize=1)
def _vni_pattern() -> tuple[re.Pattern, dict[str, str]]:
    import unicodedata

    table: dict[str, str] = {}
    for base, spellings in _VNI_VOWELS.items():
        for spelling, tone in zip(spellings.split(), _TONES):
            letter = unicodedata.normalize("NFC", base + tone)
            table[spelling] = letter
            table[spelling.lower()] = letter.lower()
    table.update({"Ñ": "Đ", "ñ": "đ"})
    # single characters that are plain letters by themselves ("A", "e") need no rule
    table = {k: v for k, v in table.items() if k != v}
    alternation = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.compile(alternation), table


def from_vni(text: str) -> str:
    """Characters read as VNI-Windows: a base letter and its mark characters make one letter."""
    pattern, table = _vni_pattern()
    return pattern.sub(lambda m: table[m.group(0)], text)


def _vietnamese_share(text: str) -> float:
    letters = sum(map(str.isalpha, text))
    return len(_VIETNAMESE_ONLY.findall(text)) / letters if letters else 0.0


def _common_words(text: str) -> int:
    words = set(text.lower().split())
    return sum(1 for w in _COMMON_WORDS if w in words)


def to_unicode(text: str) -> tuple[str, str | None]:
    """(text in Unicode, the legacy encoding found: 'tcvn3', 'vni' or None when the text was Unicode)."""
    # the decision is read on the opening of the text (a plan's first pages say enough; parsing stays cheap)
    sample = text[:SAMPLE_CHARS]
    if not text or _vietnamese_share(sample) >= LEGACY_MAX_SHARE:
        return text, None
    if sample.isascii():
        return text, None  # plain ASCII: no marks to restore
    best_name, best_score = None, (0.0, 0)
    for name, convert in _CONVERTERS.items():
        candidate = convert(sample).translate(_C1_AS_CP1252)
        share, common = _vietnamese_share(candidate), _common_words(candidate)
        if share >= CONVERTED_MIN_SHARE and common >= MIN_COMMON_WORDS and (share, common) > best_score:
            best_name, best_score = name, (share, common)
    if best_name is None:
        return text, None
    return _CONVERTERS[best_name](text).translate(_C1_AS_CP1252), best_name


_CONVERTERS = {"tcvn3": from_tcvn3, "vni": from_vni}


def to_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 as the ABC fonts store it (capitals with marks as their lower-case bytes, like the "H"
    fonts); the inverse of ``from_tcvn3`` for tests and for making legacy samples."""
    inverse = {}
    for offset, target in enumerate(_TCVN_HIGH):
        if target.strip() and not 0x0300 <= ord(target) <= 0x0323:
            inverse.setdefault(target, bytes([0x80 + offset]).decode("cp1252", errors="ignore") or chr(0x80 + offset))
    out = []
    for char in text:
        lower = char.lower()
        if char in inverse and 0xA1 <= _byte(inverse[char]) <= 0xFF:
            out.append(inverse[char])
        elif char != lower and lower in inverse:
            out.append(inverse[lower])  # a capital with marks: the lower-case byte, drawn by the "H" font
        else:
            out.append(inverse.get(char, char))
    return "".join(out)


def to_vni(text: str) -> str:
    """Unicode -> VNI-Windows; the inverse of ``from_vni``."""
    _, table = _vni_pattern()
    inverse = {v: k for k, v in table.items()}
    return "".join(inverse.get(c, c) for c in text)
