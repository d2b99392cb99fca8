"""Clean-up of OCR text by what plans are made of, applied to OCR output only.

- Roman headings: Tesseract reads "II." as "H." or "IL.", and "III." as "IH.", "HI." or "II.". A
  heading line in capitals whose label is made of such look-alikes takes the numeral that follows the
  previous Roman heading ("I. MỤC TIÊU", "H. NỘI DUNG" -> "II. NỘI DUNG").
- Closed vocabularies set in capitals (signature positions and authorities: "PHỎ CHỦ TỊCH" -> "PHÓ CHỦ TỊCH")
  are matched without diacritics and written as the vocabulary spells them.
- Lines with no word of two letters (seal and scribble remains: "`.", "~ ø") are dropped.
"""
from __future__ import annotations

import regex as re

from ..segment.labels import roman_to_int
from ..vocab import fold

# A heading label that may be a misread Roman numeral, then a heading in capitals: "IH. ĐỐI TƯỢNG", "I.MỤC TIÊU"
_ROMANISH_HEADING = re.compile(r"^(?P<label>[IVXHLlJ|!]{1,5})\s*[.,:]\s*(?P<rest>\p{Lu}[\p{Lu}\s,\-–]{3,})$")
_TRUE_ROMAN = re.compile(r"^[IVX]{1,5}$")
_WORD = re.compile(r"\p{L}{2,}")
# Upper-case lines of the signature block, as they are spelt
SIGNATURE_LINES = [
    "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "KT. GIÁM ĐỐC",
    "BỘ TRƯỞNG", "THỨ TRƯỞNG", "KT. BỘ TRƯỞNG", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "KT. THỦ TƯỚNG", "TRƯỞNG BAN",
    "PHÓ TRƯỞNG BAN", "KT. TRƯỞNG BAN", "CHÁNH VĂN PHÒNG", "TL. CHỦ TỊCH", "TUQ. CHỦ TỊCH", "TM. BAN THƯỜNG TRỰC",
    "TM. BAN THƯỜNG VỤ", "BÍ THƯ", "PHÓ BÍ THƯ", "TM. CHÍNH PHỦ",
]
_SIGNATURE_BY_FOLD = {fold(line).replace(" ", ""): line for line in SIGNATURE_LINES}


def _int_to_roman(n: int) -> str:
    pairs = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for value, numeral in pairs:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def fix_ocr_text(text: str) -> str:
    out: list[str] = []
    last_roman = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and not _WORD.search(stripped) and not re.search(r"\d", stripped):
            continue
        m = _ROMANISH_HEADING.match(stripped)
        if m:
            label = m.group("label")
            value = roman_to_int(label) if _TRUE_ROMAN.match(label) else None
            expected = last_roman + 1
            # a true numeral is kept when it fits or restarts (an appendix "I."); look-alikes and miscounted
            # strokes ("II" for "III") take the expected numeral
            suspicious = value is None or (value not in (expected, 1) and set(label) == {"I"})
            if suspicious and len(label) <= len(_int_to_roman(expected)) + 1 and expected <= 15:
                label, value = _int_to_roman(expected), expected
            if value:
                last_roman = value
                stripped = f"{label}. {m.group('rest')}"
                line = stripped
        key = fold(stripped).replace(" ", "").rstrip(".")
        if key in _SIGNATURE_BY_FOLD:
            line = _SIGNATURE_BY_FOLD[key]
        out.append(line)
    return "\n".join(out)
