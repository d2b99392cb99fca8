"""Outline labels at the start of a block: 'I.', '1.', '1.1.', 'a)', '-', '+'."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .. import patterns as P

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_to_int(label: str) -> int:
    """'IV' -> 4; 0 when it is not a Roman numeral."""
    total, prev = 0, 0
    for ch in reversed(label.upper()):
        value = ROMAN_VALUES.get(ch)
        if value is None:
            return 0
        total = total - value if value < prev else total + value
        prev = max(prev, value)
    return total


_NUMERALS = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
             (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def int_to_roman(number: int) -> str:
    """4 -> 'IV', 1990 -> 'MCMXC'."""
    out = []
    for value, numeral in _NUMERALS:
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)


LETTERS = "abcdđeghiklmnopqrstuvxy"


def letter_index(label: str) -> int:
    """Position in the Vietnamese item alphabet (a, b, c, d, đ, e, g, h, i, k, ...)."""
    idx = LETTERS.find(label.lower())
    return idx + 1 if idx >= 0 else 0


@dataclass(frozen=True)
class Label:
    style: str        # roman | arabic | decimal | letter | bullet
    label: str        # "IV", "3", "3.1", "a", "-"
    rest: str         # the block text after the label
    ordinal: int      # position in its sequence (roman/arabic/letter), 0 for bullets
    upper_letter: bool = False
    parenthesized: bool = False  # "(1)": a numbered list of its own, below the items it stands in

    key: str = field(init=False, repr=False, compare=False)  # what nesting compares (see _nesting_key)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", _nesting_key(self))


def _nesting_key(label: Label) -> str:
    """What nesting compares: bullets by character, decimals by depth."""
    if label.style == "bullet":
        return "bullet" + ("+" if label.label == "+" else "-" if label.label in "-–—" else label.label)
    if label.style == "decimal":
        return f"decimal{label.label.count('.')}"
    if label.style == "letter" and label.upper_letter:
        return "LETTER"
    if label.parenthesized:
        return "(arabic)"
    return label.style


@lru_cache(maxsize=1 << 16)
def match_label(text: str) -> Label | None:
    """The outline label that starts ``text``, or None.

    >>> match_label("IV. TỔ CHỨC THỰC HIỆN").label
    'IV'
    >>> match_label("3.1. Mục tiêu tổng quát").style
    'decimal'
    >>> match_label("đ) Tổ chức").ordinal
    5
    >>> match_label("1464/QĐ-TTg ngày") is None
    True
    """
    first = text[:1]
    if first == "(":
        m = P.LABEL_PARENTHESIZED.match(text)
        return Label("arabic", m.group("label"), text[m.end():], int(m.group("label")), parenthesized=True) if m else None
    if not first or not (first in _LETTER_LABELS or first in _BULLET_FIRST or first.isdigit()):
        return None  # most lines (a sentence going on, a name) cannot open with a label: no regex at all
    if first in "IVX":
        m = P.LABEL_ROMAN.match(text)
        if m and m.group("label"):
            label = m.group("label")
            rest = text[m.end():]
            # a single letter I/V/X followed by ")" in lower-case text is more likely a letter item
            if not (len(label) == 1 and text[len(label):].lstrip().startswith(")") and not rest[:1].isupper()):
                return Label("roman", label, rest, roman_to_int(label))
    if first.isdigit():
        m = P.LABEL_DECIMAL.match(text)
        if m:
            label = m.group("label").rstrip(".")
            return Label("decimal", label, text[m.end():], int(label.split(".")[-1]))
        m = P.LABEL_ARABIC.match(text)
        if m:
            return Label("arabic", m.group("label"), text[m.end():], int(m.group("label")))
        return None
    if first in _LETTER_LABELS:
        if text[1:].lstrip()[:1] not in (")", "."):
            return None  # a word, not "a)" nor "b." (LABEL_LETTER: the letter, spaces, then the mark)
        m = P.LABEL_LETTER.match(text)
        if m:
            label = m.group("label")
            return Label("letter", label.lower(), text[m.end():], letter_index(label), upper_letter=label.isupper())
        return None
    m = P.LABEL_BULLET.match(text)
    if m and len(text) > 2:
        rest = text[m.end():].lstrip()
        if rest[:1] in _LETTER_LABELS and rest[:1] not in "IVX" and rest[1:2] == ")":
            # a dash before a letter item is what a conversion left of Word's list mark: "- a) Xây dựng ..."
            lettered = match_label(rest)
            if lettered is not None and lettered.style == "letter":
                return lettered
        return Label("bullet", m.group("label"), rest, 0)
    return None


# The characters a label can open with, by the patterns of match_label: Roman and letter items open with a
# letter of LABEL_LETTER's classes (Roman ones with I, V or X), numbered ones with a digit (any Unicode digit,
# as \d is), bullets with a list mark of patterns.BULLET or Markdown's "*"
_LETTER_LABELS = frozenset("abcdefghijklmnopqrstuvwxyzđABCDEFGHIJKLMNOPQRSTUVWXYZĐ")
_BULLET_FIRST = frozenset(P.BULLET.strip("[]")) | {"*"}
