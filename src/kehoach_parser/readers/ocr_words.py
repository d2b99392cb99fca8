"""Diacritics of OCR'd Vietnamese restored with a dictionary: "Tô chức" -> "Tổ chức", "triên khai" -> "triển khai",
"Nghị quyêt sô" -> "Nghị quyết số".

Tesseract's fast Vietnamese model often drops or swaps one mark (circumflex, hook, dot). Letters without marks
are read reliably, so a word is repaired only to a dictionary word with the same letters (same text once
diacritics are folded) and only when what was read is not a word itself:
- two or three syllables that together are not a word, but fold to exactly one dictionary word, take it when
  it changes only syllables that exist nowhere ("triên khai" -> "triển khai"), or take the dictionary word the
  same document prints elsewhere with those letters ("thâm định" where "thẩm định" is printed too: Tesseract is
  sure of both, 96 %, so its confidence cannot tell);
- a syllable that exists in no word takes the most common syllable with the same letters;
- a long token that is no syllable is split into syllables when the spaces were lost ("BỘCÔNGAN").
The dictionary is underthesea's word list (Viet74K, shipped with the package): a source of facts, read at
run time, not copied here.
"""
from __future__ import annotations

import math
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from .. import regexes as re

from ..vocab import fold

NAME_SYLLABLES = ("nguyễn",)
_TOKEN = re.compile(r"\p{L}+|[^\p{L}]+")
# A capitalised syllable run into the capital after it, the space lost: "SởY tế", "BộCông an" (acronyms such
# as "TTra", "HĐND" start with two capitals and do not match)
_GLUED_CAPITAL = re.compile(r"^(\p{Lu}\p{Ll}+)(\p{Lu}(?:\p{Lu}*|\p{Ll}+))$")


@lru_cache(maxsize=1)
def _dictionary() -> tuple[set[str], dict[str, list[str]], Counter, dict[str, str]] | None:
    import importlib.util

    spec = importlib.util.find_spec("underthesea")  # finds the package without importing it (about 1 s)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "corpus" / "data" / "Viet74K.txt"
    if not path.exists():
        return None
    from .. import normalize, vocab
    from ..cache import cached

    # built once per machine (1.2 s), loaded by every later process (about 0.1 s); the key holds the word
    # list and the code that builds from it
    builders = [path, Path(__file__), Path(normalize.__file__), Path(vocab.__file__)]
    return cached("viet74k", builders, lambda: _build_dictionary(path))


def _build_dictionary(path: Path) -> tuple[set[str], dict[str, list[str]], Counter, dict[str, str]]:
    """The dictionary of the repairs, from the word list at ``path``: (words, the one word each folded pair
    or triple of syllables spells, syllable counts, the most common syllable of each folded syllable)."""
    words: set[str] = set()
    by_fold: dict[str, set[str]] = {}
    syllable_count: Counter[str] = Counter()
    text = path.read_text(encoding="utf-8").lower()
    # folded once for the whole list (the same as folding each word: fold ignores where the tone mark sits)
    folded_lines = fold(text).split("\n")
    for raw, folded in zip(_new_tone_placement_text(text).split("\n"), folded_lines):
        parts = raw.split()
        if not parts or "-" in raw:
            continue
        word = " ".join(parts)
        words.add(word)
        syllable_count.update(parts)
        if 2 <= len(parts) <= 3:
            by_fold.setdefault(" ".join(folded.split()), set()).add(word)
    # syllables of names the word list lacks: "Nguyễn", the surname of about 38 % of Vietnamese (it would
    # otherwise become "Nguyên Văn", verbatim, in every signature "Nguyễn Văn ...")
    for name_syllable in NAME_SYLLABLES:
        syllable_count[name_syllable] += 1
    syllables = syllable_count  # a Counter: membership, and how common a syllable is
    best_syllable: dict[str, str] = {}
    for syllable, count in syllable_count.items():
        key = fold(syllable)
        if key not in best_syllable or count > syllable_count[best_syllable[key]]:
            best_syllable[key] = syllable
    unique = {key: sorted(values) for key, values in by_fold.items()}
    return words, unique, syllables, best_syllable


def makes_a_word(first: str, second: str) -> bool:
    """Whether two OCR'd words together are a dictionary word ("Thư" "ký" -> "thư ký"), punctuation aside."""
    data = _dictionary()
    if data is None:
        return False
    pair = f"{first.strip(_EDGE_PUNCTUATION)} {second.strip(_EDGE_PUNCTUATION)}".lower()
    return pair in data[0]


_EDGE_PUNCTUATION = ".,;:!?()\"'“”-–—_"


def _new_tone_placement_text(text: str) -> str:
    """The text with every whitespace-separated token in the new tone placement (normalize.new_tone_placement,
    token by token), found by one search of the whole text: only tokens with an old-style ending are looked at."""
    from ..normalize import _OLD_TONE, new_tone_placement

    out, last = [], 0
    for m in _OLD_TONE.finditer(text):
        if m.start() < last:
            continue  # a second old-style ending inside a token already done
        start, end = m.start(), m.end()
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        out += [text[last:start], new_tone_placement(text[start:end])]
        last = end
    out.append(text[last:])
    return "".join(out)


# A syllable in at most RARE_SYLLABLE entries of Viet74K, and RARER_BY times rarer than the one it would
# become, counts as a misreading ("nọi" is in 1 entry, "nội" in 139; "dích" 3 / "đích" 20; "đên" 1 / "đến"
# 118). Measured: with any syllable 4 times rarer ("tỏ" 19 / "tổ" 87) right words of the dev scans turned
# wrong ("nhận" -> "nhân", "đài" -> "đại": CER 0.30 % -> 0.36 %)
RARE_SYLLABLE = 3
RARER_BY = 5


def _one_mark_apart(read: str, word: str, syllables: set[str]) -> bool:
    """A safe repair changes only syllables that are no syllable at all ('triên khai' -> 'triển khai') or
    far rarer ones (RARER_BY: 'NỌI DUNG' -> 'NỘI DUNG').

    Changing real syllables ('trong khi' -> 'trọng khi', 'hại tình' -> 'hải tinh') was measured to do
    more harm than good: most pairs of syllables in a text are not dictionary words.
    """
    changed = [(a, b) for a, b in zip(read.split(), word.split()) if a != b]
    # the syllables of names the word list lacks are rare in it, not in plans ("Nguyễn Văn" stays)
    return bool(changed) and all(a not in syllables or (a not in NAME_SYLLABLES and syllables[a] <= RARE_SYLLABLE
                                                        and syllables[b] >= RARER_BY * syllables[a])
                                 for a, b in changed)


def _same_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


# A consonant then 'l' at a word's start: no Vietnamese onset (OCR reads 'i' as 'l': "Glang", "Klên")
_MISREAD_I = re.compile(r"^([bcdđghkmnpqrstvx])l(?=[aăâeêioôơuưy])")


def restore_diacritics(text: str) -> str:
    """Repair OCR'd syllables and words as described above; other text is returned unchanged."""
    data = _dictionary()
    if data is None:
        return text
    words, by_fold, syllables, best_syllable = data
    tokens = _TOKEN.findall(text)
    # indexes of letter tokens, and whether each is separated from the next letter token by one space
    letters = [i for i, t in enumerate(tokens) if t[:1].isalpha()]
    out = list(tokens)
    spelled_here = _spelled_here(tokens, letters, words)
    k = 0
    while k < len(letters):
        done = False
        for size in (3, 2):
            found = _spaced_words(tokens, letters, k, size)
            if found is None:
                continue
            group, read = found
            if read in words:
                continue
            key = fold(read)
            candidates = by_fold.get(key)
            if candidates and len(candidates) == 1 and _one_mark_apart(read, candidates[0], syllables):
                chosen = candidates[0]
            elif key in spelled_here and _marks_misread(read, spelled_here[key].most_common(1)[0][0]) \
                    and not any(_is_acronym(tokens[i]) for i in group) \
                    and not _word_across(tokens, letters, k, size, words):
                # a word the document spells right elsewhere: "thâm định", "thầm định" where "thẩm định" is
                # printed too
                chosen = spelled_here[key].most_common(1)[0][0]
            else:
                chosen = None
            if chosen:
                for i, syllable in zip(group, chosen.split()):
                    out[i] = _same_case(tokens[i], syllable)
                k += size
                done = True
                break
        if done:
            continue
        token = tokens[letters[k]]
        glued = _GLUED_CAPITAL.match(token)
        if glued and glued.group(1).lower() in syllables:
            out[letters[k]] = f"{glued.group(1)} {glued.group(2)}"  # "SởY tế" -> "Sở Y tế"
            k += 1
            continue
        lower = token.lower()
        misread_i = _MISREAD_I.match(lower)
        if misread_i and lower not in syllables:
            fixed = f"{misread_i.group(1)}i{lower[misread_i.end():]}"
            if fixed in syllables:  # no Vietnamese syllable starts with a consonant and 'l': 'Glang' is 'Giang'
                out[letters[k]] = _same_case(token, fixed)
                k += 1
                continue
        # a capitalised word may be a name the dictionary does not hold ("Nguyễn"): left alone
        if lower not in syllables and len(lower) > 1 and (token.islower() or token.isupper()):
            replacement = best_syllable.get(fold(lower))
            if replacement:
                out[letters[k]] = _same_case(token, replacement)
            elif len(lower) >= 6:
                pieces = _split_glued(lower, syllables)
                if pieces:
                    out[letters[k]] = _same_case(token, " ".join(pieces)) if token.isupper() else " ".join(pieces)
        k += 1
    return "".join(out)



def _marks(syllable: str) -> tuple[str, list[str]]:
    """(base letters, marks in order) of a syllable: 'tế' -> ('te', ['\u0302', '\u0301'])."""
    base, marks = [], []
    for char in unicodedata.normalize("NFD", syllable.lower()):
        (marks if unicodedata.combining(char) else base).append(char)
    return "".join(base), marks


def _marks_misread(read: str, word: str) -> bool:
    """The changed syllables differ only in their marks (and 'd' read for 'đ'): 'thâm' -> 'thẩm',
    'thầm' -> 'thẩm', 'NỌI' -> 'NỘI', 'dích' -> 'đích'; the letters Tesseract reads reliably are kept."""
    changed = [(a, b) for a, b in zip(read.split(), word.split()) if a != b]
    return bool(changed) and all(_marks(a)[0].replace("đ", "d") == _marks(b)[0].replace("đ", "d") for a, b in changed)


def _is_acronym(token: str) -> bool:
    """A short word in capitals without marks is an abbreviation: '08-CTr/TU ngày' is no 'từ ngày'."""
    return token.isupper() and len(token) <= 3 and fold(token) == token.lower()


def _word_across(tokens: list[str], letters: list[int], k: int, size: int, words: set[str]) -> bool:
    """Does the first or last syllable of the group make a word with the syllable beside it? Then the group
    straddles two words ('Công an tỉnh hướng dẫn': 'hướng dẫn'), and its syllables are as printed."""
    def pair(a: int, b: int) -> bool:
        if a < 0 or b >= len(letters) or tokens[letters[a] + 1] != " " or letters[b] != letters[a] + 2:
            return False
        return f"{tokens[letters[a]].lower()} {tokens[letters[b]].lower()}" in words
    return pair(k - 1, k) or pair(k + size - 1, k + size)


def _spaced_group(tokens: list[str], letters: list[int], k: int, size: int) -> list[int] | None:
    """Token indexes of ``size`` letter tokens from the k-th, when one space parts each from the next."""
    group = letters[k:k + size]
    if len(group) < size or any(tokens[group[j] + 1] != " " or group[j + 1] != group[j] + 2 for j in range(size - 1)):
        return None
    return group


def _spaced_words(tokens: list[str], letters: list[int], k: int, size: int) -> tuple[list[int], str] | None:
    """The token indexes of a spaced group (see _spaced_group) and its text in lower case, or None."""
    group = _spaced_group(tokens, letters, k, size)
    if group is None:
        return None
    return group, " ".join(tokens[i].lower() for i in group)


def _spelled_here(tokens: list[str], letters: list[int], words: set[str]) -> dict[str, Counter]:
    """Words of two or three syllables the text holds as dictionary words, by their folded form, with how
    often each spelling occurs: a misread of one of them is repaired to the document's own spelling."""
    found: dict[str, Counter] = {}
    for k in range(len(letters)):
        for size in (2, 3):
            group = _spaced_words(tokens, letters, k, size)
            if group is not None and group[1] in words:
                found.setdefault(fold(group[1]), Counter())[group[1]] += 1
    return found


def _split_glued(word: str, syllables) -> list[str] | None:
    """Syllables run together when OCR lost the spaces: 'bộcôngan' -> ['bộ', 'công', 'an'] (fewest pieces,
    each a syllable of two letters or more; among those, the most common syllables), or None."""
    best: list[tuple[int, float, list[str]] | None] = [None] * (len(word) + 1)
    best[0] = (0, 0.0, [])
    for end in range(2, len(word) + 1):
        for start in range(max(0, end - 7), end - 1):
            piece = word[start:end]
            if best[start] is None or piece not in syllables:
                continue
            count, weight, pieces = best[start]
            candidate = (count + 1, weight - math.log(syllables[piece]), pieces + [piece])
            if best[end] is None or candidate[:2] < best[end][:2]:
                best[end] = candidate
    result = best[len(word)]
    return result[2] if result and len(result[2]) > 1 else None
