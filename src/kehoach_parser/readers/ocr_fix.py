"""Clean-up of OCR text by what plans are made of, applied to OCR output only.

- Roman headings: Tesseract reads "II." as "H." or "IL.", and "III." as "IH.", "HI." or "II.". A
  heading line in capitals whose label is made of such look-alikes takes the numeral that follows the
  previous Roman heading ("I. MỤC TIÊU", "H. NỘI DUNG" -> "II. NỘI DUNG").
- Closed vocabularies set in capitals (signature positions and authorities: "PHỎ CHỦ TỊCH" -> "PHÓ CHỦ TỊCH")
  are matched without diacritics and written as the vocabulary spells them.
- Document-type headings are restored the same way ("KÉ HOẠCH" -> "KẾ HOẠCH", "QUYẾTĐỊNH:" -> "QUYẾT ĐỊNH:").
- Lines with no word of two letters and no number of four characters (seal and scribble remains: "`.", "Z7")
  are dropped.
"""
from __future__ import annotations

from .. import regexes as re

from ..segment.labels import int_to_roman, roman_to_int
from ..vocab import fold, load

# A heading label that may be a misread Roman numeral, then a heading in capitals: "IH. ĐỐI TƯỢNG", "I.MỤC TIÊU"
_ROMANISH_HEADING = re.compile(r"^(?P<label>[IVXHLlJ|!]{1,5})\s*[.,:]\s*(?P<rest>\p{Lu}[\p{Lu}\s,\-–]{3,})$")
_TRUE_ROMAN = re.compile(r"^[IVX]{1,5}$")
# The same in sentence case, a short heading: "IH. Nội dung thanh, kiểm tra:", "H. Tổ chức thực hiện"
_ROMANISH_SENTENCE = re.compile(r"^(?P<label>[IVXHLlJ|!]{1,5})(?P<mark>\s*[.,:]\s*|\s+)(?P<rest>\p{Lu}\p{Ll}[^\n]{2,90})$")
_LETTERS2 = re.compile(r"\p{L}{2,}")
# A token is a word when, punctuation at its ends set aside, letters make this much of it: "KGVX(Hp)" (0.75)
# is; "J„£Os" (0.6), the stroke of a seal read as characters, is not
WORD_LETTER_SHARE = 0.7


def _has_word(line: str) -> bool:
    """Does a line hold a word of two letters or more, as printed (not letters among a seal's strokes)?"""
    for token in line.split():
        core = token.strip("\"'“”‘’()[]{}.,;:!?…-–")
        if core and _LETTERS2.search(core) and sum(map(str.isalpha, core)) >= WORD_LETTER_SHARE * len(core):
            return True
    return False
# Marks of dust or pen before a line's first word: "`. Nguyễn Đức Hòa", "_-KT. CHỦ TỊCH"
_LEADING_JUNK = re.compile(r"^[`'\"_~^|\\¬]+[.\s\-]*")
# Upper-case lines of the signature block, as they are spelt
SIGNATURE_LINES = [
    "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC",
    "BỘ TRƯỞNG", "THỨ TRƯỞNG", "KT. BỘ TRƯỞNG", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "KT. THỦ TƯỚNG", "TRƯỞNG BAN",
    "PHÓ TRƯỞNG BAN", "KT. TRƯỞNG BAN", "CHÁNH VĂN PHÒNG", "TL. CHỦ TỊCH", "TUQ. CHỦ TỊCH", "TM. BAN THƯỜNG TRỰC",
    "TM. BAN THƯỜNG VỤ", "BÍ THƯ", "PHÓ BÍ THƯ", "TM. CHÍNH PHỦ",
]
_SIGNATURE_BY_FOLD = {fold(line).replace(" ", ""): line for line in SIGNATURE_LINES}
# Document-type headings, which decide where a plan's header ends ("KÉ HOẠCH", "QUYẾTĐỊNH" as read): the
# spellings of vocab/doc_types.yaml, own types and part headings ("QUYẾT NGHỊ", "PHỤ LỤC")
DOC_TYPE_LINES = [s for spellings in load("doc_types")["own"].values() for s in spellings] + [
    s.rstrip(":") for s in load("doc_types")["part_headings"]]
# Misread letters allowed in a document-type heading: two, so a heading whose first syllable a stamp or an
# underline took ("HOẠCH" for "KẾ HOẠCH", Bộ Công an 996 scan) is still one; _closest keeps short entries exact
DOC_TYPE_EDITS = 2
# The numeral of a numbered part heading: "PHỤ LỤC II", "PHỤ LỤC 3"
_HEADING_NUMBER = re.compile(r"\s+(?:[IVXL]{1,5}|\d{1,2}[a-z]?)$")
_DOC_TYPE_BY_FOLD = {fold(line).replace(" ", ""): line for line in DOC_TYPE_LINES}


# The recipients' heading with up to two letters lost or misread, compared without diacritics
_RECIPIENTS_MISREAD = re.compile(r"^(?:noi nhan){e<=2}\s*:?$", re.BESTMATCH)
# Icelandic eth, which Vietnamese never uses, is Tesseract's second reading of a "Đ": "QĐÐ-BCA" -> "QĐ-BCA"
_ETH_AFTER_D = re.compile(r"(?<=Đ)Ð")


def fix_ocr_text(text: str) -> str:
    from .ocr_words import restore_diacritics

    text = _ETH_AFTER_D.sub("", text).replace("Ð", "Đ")
    text = restore_diacritics(text)
    out: list[str] = []
    last_roman = 0
    lines = text.split("\n")
    _first_numeral_misread(lines)
    for line in lines:
        line = _LEADING_JUNK.sub("", line)
        stripped = line.strip()
        if len(stripped) <= 14 and _RECIPIENTS_MISREAD.match(fold(stripped)):
            line = stripped = "Nơi nhận:"  # "Ni nhận", "ơi nhận:": the seal or the margin took a letter
        if stripped and not _has_word(stripped) and (not re.search(r"\d", stripped) or len(stripped) <= 3):
            continue  # "`.", "~ ø", "Z7": strokes of seals and signatures read as characters
        m = _ROMANISH_HEADING.match(stripped)
        if not m:
            # a heading in sentence case: "IH. Đối tượng thanh, kiểm tra:". A true numeral stays as printed
            # and counts ("I. Mục đích"); a label no numeral is spelt with ("IH", "H", "IL") takes the next
            # numeral, once a first Roman heading was seen
            m = _ROMANISH_SENTENCE.match(stripped) if not stripped.startswith("|") else None  # not a table row
            if m and not _TRUE_ROMAN.match(m.group("label")) and (not last_roman or not m.group("mark").strip()):
                m = None  # a look-alike needs a Roman heading before it and its full stop
        if m:
            label = m.group("label")
            value = roman_to_int(label) if _TRUE_ROMAN.match(label) else None
            expected = last_roman + 1
            # a true numeral is kept when it fits or restarts (an appendix "I."); look-alikes and miscounted
            # strokes ("II" for "III") take the expected numeral
            # ("I" right after "I" is a miscount too: an appendix restarting at I follows more than one heading)
            suspicious = value is None or (value not in (expected, 1) and set(label) == {"I"}) \
                or (value == 1 and last_roman == 1)
            if suspicious and len(label) <= len(int_to_roman(expected)) + 1 and expected <= 15:
                label, value = int_to_roman(expected), expected
            if value:
                last_roman = value
                stripped = f"{label}. {m.group('rest')}"
                line = stripped
        fixed = signature_line(stripped)
        if fixed:
            line = fixed
        elif len(stripped) <= 24 and stripped.isupper():
            words, label = stripped.rstrip(" :"), ""
            numbered = _HEADING_NUMBER.search(words)
            if numbered:  # "PHỤ LỤC II": the numeral is kept, only the words are matched
                words, label = words[: numbered.start()], numbered.group(0)
            heading = _closest(words, _DOC_TYPE_BY_FOLD, DOC_TYPE_EDITS)
            if heading:
                line = heading + label + (":" if stripped.endswith(":") else "")
        out.append(line)
    return "\n".join(out)


# A first heading in capitals numbered "1." where "I." was printed: "1. MỤC ĐÍCH, YÊU CẦU"
_ONE_FOR_I = re.compile(r"^1\s*[.,]\s*(?=\p{Lu}[\p{Lu}\s,\-–]{3,}$)")


def _first_numeral_misread(lines: list[str]) -> None:
    """'1. MỤC ĐÍCH' before any Roman heading becomes 'I. MỤC ĐÍCH' when the headings in capitals that
    follow are Roman with at most one 'I' (the next heading's 'II' misread as 'I', or none), in place."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if _ROMANISH_HEADING.match(stripped):
            return  # a Roman heading comes first: nothing was misread
        if _ONE_FOR_I.match(stripped):
            later = [m.group("label") for m in map(_ROMANISH_HEADING.match, (l.strip() for l in lines[index + 1:])) if m]
            if later and later.count("I") <= 1:
                lines[index] = _ONE_FOR_I.sub("I. ", stripped)
            return


def signature_line(text: str) -> str | None:
    """The signature-block line an OCR'd line stands for, allowing two misread characters:
    'PHỎ CHỦ TỊCH' -> 'PHÓ CHỦ TỊCH', 'Z—t. CHỦ TỊCH' -> 'KT. CHỦ TỊCH'."""
    if not text or len(text) > 40 or sum(map(str.islower, text)) > 2:
        return None
    return _closest(text, _SIGNATURE_BY_FOLD, 2)


def _closest(text: str, spellings: dict[str, str], max_edits: int) -> str | None:
    """The spelling whose folded form is within ``max_edits`` edits of the folded text (the nearest wins);
    entries shorter than 6 letters must match exactly."""
    key = fold(text).replace(" ", "").rstrip(".")
    if key in spellings:
        return spellings[key]
    best, best_edits = None, max_edits + 1
    for folded, line in spellings.items():
        if len(folded) < 6 or abs(len(folded) - len(key)) > max_edits:
            continue
        m = re.fullmatch(f"(?:{re.escape(folded)}){{e<={max_edits}}}", key, flags=re.BESTMATCH)
        if m and sum(m.fuzzy_counts) < best_edits:
            best, best_edits = line, sum(m.fuzzy_counts)
    return best
