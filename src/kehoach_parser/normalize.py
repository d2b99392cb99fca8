"""Character-level normalisation with a map back to source offsets.

Each step is a plain function ``MappedText -> MappedText`` chosen by name (like eyecite's clean.py).
The map lets every extracted item point into the text the reader produced.
"""
from __future__ import annotations

import re as plain_re  # the standard library's engine, for patterns of plain characters (see _ODD_SPACES)
import unicodedata
from bisect import bisect_right
from pathlib import Path
from dataclasses import dataclass
from typing import Callable

from . import regexes as re

from .errors import KehoachError


@dataclass
class MappedText:
    """Text plus a map from each character back to its offset in the source.

    The map is kept as segments (``None`` = identical offsets): a segment starting at text index ``start``
    either copies the source from ``source`` on, or (a replacement) points every character at ``source``.
    """

    text: str
    segments: tuple[list[int], list[int], list[bool]] | None = None  # (starts, sources, copies)
    source_len: int = 0

    def source_offset(self, index: int) -> int:
        """Source offset of character ``index`` (``len(text)`` maps to the source end)."""
        if self.segments is None:
            return min(index, self.source_len)
        if index >= len(self.text):
            return self.source_len
        starts, sources, copies = self.segments
        k = bisect_right(starts, index) - 1
        return sources[k] + (index - starts[k]) if copies[k] else sources[k]

    def replace(self, pattern: re.Pattern, repl: Callable[[re.Match], str]) -> "MappedText":
        """Substitute like ``pattern.sub`` and keep the map: new characters map to the match start."""
        edits = []
        for m in pattern.finditer(self.text):
            replacement = repl(m)
            if replacement != m.group(0):
                edits.append((m.start(), m.end(), replacement))
        return self.edit(edits)

    def edit(self, edits: list[tuple[int, int, str]]) -> "MappedText":
        """Replace ``text[start:end]`` by each replacement (spans in order, not overlapping), keeping the map."""
        if not edits:
            return self
        pieces: list[str] = []
        out: tuple[list[int], list[int], list[bool]] = ([], [], [])
        last = 0
        length = 0
        for start, end, replacement in edits:
            pieces.append(self.text[last:start])
            self._copy_map(last, start, length, out)
            length += start - last
            pieces.append(replacement)
            if replacement:
                _add_segment(out, length, self.source_offset(start), False)
            length += len(replacement)
            last = end
        pieces.append(self.text[last:])
        self._copy_map(last, len(self.text), length, out)
        return MappedText("".join(pieces), out, self.source_len)

    def _copy_map(self, start: int, end: int, base: int, out) -> None:
        """Append the map of text[start:end] to ``out``, placed at new index ``base``."""
        if start >= end:
            return
        if self.segments is None:
            _add_segment(out, base, start, True)
            return
        starts, sources, copies = self.segments
        k = bisect_right(starts, start) - 1
        pos = start
        while pos < end:
            source = sources[k] + (pos - starts[k]) if copies[k] else sources[k]
            _add_segment(out, base + pos - start, source, copies[k])
            k += 1
            pos = starts[k] if k < len(starts) else end


def _add_segment(out, start: int, source: int, copy: bool) -> None:
    starts, sources, copies = out
    if starts and copy and copies[-1] and sources[-1] + (start - starts[-1]) == source:
        return  # continues the previous copied run
    if starts and starts[-1] == start:
        sources[-1], copies[-1] = source, copy
        return
    starts.append(start)
    sources.append(source)
    copies.append(copy)



# --- Steps ---------------------------------------------------------------------------------

# Characters that are spaces in disguise: no-break, thin, zero-width, BOM, soft hyphen
# (compiled by the standard library's engine, which scans a text for a class of plain characters about three
# times as fast as regex's: 2.5 against 8.3 ms over the 24 dev texts; the two agree on such patterns)
_ODD_SPACES = plain_re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]|[\u200b-\u200d\u2060\ufeff\u00ad]")


def odd_spaces(mt: MappedText) -> MappedText:
    """No-break and zero-width spaces -> plain space or nothing."""
    return mt.replace(_ODD_SPACES, lambda m: "" if m.group(0) in "\u200b\u200c\u200d\u2060\ufeff\u00ad" else " ")


# Between the pages of a document: a form feed on a line of its own, as pdftotext writes it; readers put
# one between pages and offsets before it tell an item's page
PAGE_BREAK = "\f"
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b]|\x0c(?!\n)|(?<!\n)\x0c")
# The characters _LINE_BREAKS starts with: a text holding none of them (most) is not scanned by it
_LINE_BREAK_FIRST = "\r\u2028\u2029\x0b\x0c"


def line_breaks(mt: MappedText) -> MappedText:
    """CRLF, CR and Unicode separators -> LF. A form feed on a line of its own stays: it is a page break
    (readers write one between pages); one inside a line is a line break."""
    if not any(c in mt.text for c in _LINE_BREAK_FIRST):
        return mt
    return mt.replace(_LINE_BREAKS, lambda m: "\n")


# A grapheme cluster with combining marks: "a\u0301" (decomposed á)
_DECOMPOSED = re.compile(r"\P{M}\p{M}+")


def nfc(mt: MappedText) -> MappedText:
    """Unicode NFC, cluster by cluster so the offset map stays exact."""
    if unicodedata.is_normalized("NFC", mt.text):
        return mt
    return mt.replace(_DECOMPOSED, lambda m: unicodedata.normalize("NFC", m.group(0)))


# An orphan combining mark after a space, as PDF copy-paste leaves it: "linh v ̃ ưc ̣" (lĩnh vực)
# (tried at word starts only: from inside a long run of letters it would rescan the run, O(n²))
_ORPHAN_MARK = re.compile(r"(?<!\p{L})(?P<word>\p{L}+)(?P<gap>\s+)(?P<mark>[\u0300\u0301\u0303\u0309\u0323])")
# A lone consonant left in front of the vowels it lost: "v ực" -> "vực"
_SPLIT_SYLLABLE = re.compile(r"(?<!\p{L})(?P<cons>[bcdđghklmnpqrstvx]{1,2})\s+(?P<rest>[aăâeêioôơuưyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]\p{Ll}*)")
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = "aăâeêioôơuưy"
_HAT_VOWELS = "ăâêôơư"


def _place_tone(word: str, mark: str) -> str | None:
    """Put ``mark`` on the vowel that carries the tone in ``word`` (new-style placement)."""
    base = unicodedata.normalize("NFD", word)
    if any(c in _TONE_MARKS for c in base):
        return None
    letters = unicodedata.normalize("NFC", base)
    lower = letters.lower()
    idx = [i for i, c in enumerate(lower) if c in _VOWELS]
    if lower.startswith(("qu", "gi")) and len(idx) > 1 and idx[0] == 1:
        idx = idx[1:]
    if not idx:
        return None
    hats = [i for i in idx if lower[i] in _HAT_VOWELS]
    if hats:
        pos = hats[-1]
    elif idx[-1] < len(lower) - 1 or len(idx) == 1:
        pos = idx[-1]  # closed syllable or one vowel: "linh" -> "lĩnh", "toán"
    elif len(idx) >= 3:
        pos = idx[1]  # "oai" -> "oái"
    elif lower[idx[0]:idx[0] + 2] in ("oa", "oe", "uy"):
        pos = idx[-1]  # new style: "hòa", "thủy"
    else:
        pos = idx[0]  # "tài", "mùa"
    return letters[:pos] + unicodedata.normalize("NFC", letters[pos] + mark) + letters[pos + 1:]


# A mark after a consonant-only fragment belongs to the word before it: "linh v ̃" -> "lĩnh v"
_MARK_AFTER_FRAGMENT = re.compile(
    r"(?<!\p{L})(?P<prev>\p{L}+)(?P<gap1>\s+)(?P<cons>[bcdđghklmnpqrstvx]{1,2})(?P<gap2>\s+)(?P<mark>[\u0300\u0301\u0303\u0309\u0323])"
)


def orphan_marks(text: str) -> int:
    """How many tone marks stand apart from their syllable ("v \u0303 ưc" has one)."""
    return sum(1 for _ in _ORPHAN_MARK.finditer(text)) if any(c in text for c in _TONE_MARKS) else 0


def _mark_to_previous_word(m: re.Match) -> str:
    toned = _place_tone(m.group("prev"), m.group("mark"))
    return toned + m.group("gap1") + m.group("cons") if toned else m.group(0)


def broken_diacritics(mt: MappedText) -> MappedText:
    """Re-attach tone marks that PDF extraction separated from their syllable.

    >>> broken_diacritics(MappedText("linh v \u0303 ưc \u0323 bình đẳng", None, 25)).text
    'lĩnh vực bình đẳng'
    """
    if not any(c in mt.text for c in _TONE_MARKS):
        return mt
    text = mt.text
    # orphan marks: attach to the nearest preceding syllable with a vowel and no tone yet
    result = mt
    for _ in range(3):
        if not _ORPHAN_MARK.search(result.text):
            break

        def fix(m: re.Match) -> str:
            word = m.group("word")
            toned = _place_tone(word, m.group("mark"))
            if toned is not None:
                return toned
            return m.group(0)

        result = result.replace(_ORPHAN_MARK, fix)
        result = result.replace(_MARK_AFTER_FRAGMENT, _mark_to_previous_word)
    if result is mt or result.text == text:
        return mt
    # rejoin consonant fragments only where marks were repaired (near the fixes)
    return result.replace(_SPLIT_SYLLABLE, lambda m: m.group("cons") + m.group("rest") if _near_fix(result, m) else m.group(0))


def _near_fix(mt: MappedText, m: re.Match) -> bool:
    """True when the fragment sits in a stretch whose source had orphan marks (lengths differ)."""
    start, end = mt.source_offset(m.start()), mt.source_offset(m.end())
    return (end - start) > (m.end() - m.start())


# The end of a syllable with old tone placement, as in real plans: "hoà", "Uỷ", "thuỷ", "khoẻ"
# (found by its ending, then widened to the word: a leading \p{L}* would make the search ten times slower)
_OLD_TONE = re.compile(r"(?:o[àáảãạ]|o[èéẻẽẹ]|u[ỳýỷỹỵ])(?!\p{L})", re.I)


def new_tone_placement(word: str) -> str:
    """One word in the new tone placement: 'hoà' -> 'hòa', 'uỷ' -> 'ủy' (other words unchanged)."""
    if not _OLD_TONE.search(word):
        return word
    new = _underthesea_token_normalize()(word)
    return new if len(new) == len(word) else word


def tone_placement(mt: MappedText) -> MappedText:
    """Old-style tone placement -> new style ('hoà' -> 'hòa', 'Uỷ' -> 'Ủy') with underthesea."""
    text = mt.text
    edits = []
    for m in _OLD_TONE.finditer(text):
        start = m.start()
        while start > 0 and text[start - 1].isalpha():
            start -= 1
        word = text[start:m.end()]
        new = _underthesea_token_normalize()(word)
        if new != word and len(new) == len(word):
            edits.append((start, m.end(), new))
    return mt.edit(edits)


_TOKEN_NORMALIZE = None
# underthesea's token_normalize does not look at longer tokens (its own cut-off, kept so the output is the same)
_TOKEN_NORMALIZE_MAX_LEN = 6


def _underthesea_token_normalize():
    """underthesea's token normaliser, reading its rule file without importing the package.

    ``import underthesea`` costs about 1 s of CPU and 65 MB in every process for a table lookup; the rules
    (tn_rules_*.bin: a character map and a token map, a plain pickle shipped inside the installed package,
    as trusted as its code) are read directly and applied as ``token_normalize`` does: NFC, the character
    map, then the token map. When the file is not where this version keeps it, the package is imported.
    """
    global _TOKEN_NORMALIZE
    if _TOKEN_NORMALIZE is None:
        rules = _underthesea_rules()
        if rules is None:
            from underthesea.pipeline.text_normalize import token_normalize

            _TOKEN_NORMALIZE = token_normalize
        else:
            characters, tokens = rules

            def token_normalize(token: str) -> str:
                if len(token) > _TOKEN_NORMALIZE_MAX_LEN:
                    return token
                token = unicodedata.normalize("NFC", token)
                for odd, standard in characters.items():
                    token = token.replace(odd, standard)
                return tokens.get(token, token)

            _TOKEN_NORMALIZE = token_normalize
    return _TOKEN_NORMALIZE


def _underthesea_rules() -> tuple[dict[str, str], dict[str, str]] | None:
    """(character map, token map) from underthesea's installed rule file, or None when it is not found."""
    import importlib.util
    import pickle

    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "pipeline" / "text_normalize"
    files = sorted(folder.glob("tn_rules_*.bin"))
    if not files:
        return None
    try:
        with open(files[-1], "rb") as handle:
            data = pickle.load(handle)
        return dict(data["character"]), dict(data["token"])
    except (OSError, pickle.UnpicklingError, KeyError, TypeError, EOFError):
        return None


STEPS: dict[str, Callable[[MappedText], MappedText]] = {
    "line_breaks": line_breaks,
    "odd_spaces": odd_spaces,
    "nfc": nfc,
    "broken_diacritics": broken_diacritics,
    "tone_placement": tone_placement,
}
DEFAULT_STEPS = ("line_breaks", "odd_spaces", "nfc", "broken_diacritics", "tone_placement")


def normalize(text: str, steps: tuple[str, ...] = DEFAULT_STEPS) -> MappedText:
    """Run the named steps in order; an unknown step name raises with the valid names."""
    mt = MappedText(text, None, len(text))
    for name in steps:
        try:
            step = STEPS[name]
        except KeyError:
            raise KehoachError(f"unknown normalisation step {name!r}; valid: {', '.join(STEPS)}") from None
        mt = step(mt)
    return mt
