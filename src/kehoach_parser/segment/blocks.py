"""Lines -> blocks: strip markup, then join hard-wrapped lines into paragraphs.

A *block* is one paragraph, heading, list item or table cell, with its source offsets.
Hard-wrapped text (copied from PDF, or Markdown exports wrapped at ~80 columns) is joined by rules
about how plans are laid out: a new block starts at an outline label, after a line that closes a
sentence, where capitals (a heading) give way to ordinary text, and at every blank or table line.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from .. import regexes as re

from .. import patterns as P
from ..normalize import PAGE_BREAK, MappedText
from ..vocab import load
from .labels import match_label

__all__ = ["Line", "Block", "split_lines", "build_blocks", "is_upper_text", "DOC_TYPE_LINE", "OWN_DOC_TYPE_LINE"]


@dataclass
class Line:
    text: str                 # cleaned text (markup removed)
    start: int                # offsets in the normalised text
    end: int
    sep: bool = False         # blank line, table rule or decorative rule
    pipe: bool = False        # the separator was a table pipe line
    heading: bool = False     # a Markdown heading ("## KẾ HOẠCH")
    footnote: bool = False    # a footnote body ("[1] Nghị quyết ...")
    cells: list[tuple[str, int, int]] | None = None  # inline table row "| a | b |" (non-empty cells)
    columns: list[str] | None = None  # every cell of that row, empty ones included, border pipes dropped
    open_pipe: bool = False   # the row starts with '|': a border, or an empty first cell of a borderless table
    page_break: bool = False  # a form feed on its own line: the pages of the source meet here


@dataclass
class Block:
    text: str
    start: int                # offsets in the source text
    end: int
    heading: bool = False
    cell: bool = False        # came from an inline table row
    row: int | None = None    # line index of that row
    footnote: bool = False
    line_texts: list[str] = field(default_factory=list)

    @property
    def upper(self) -> bool:
        return is_upper_text(self.text)


def _spelling(text: str) -> str:
    return r"\s+".join(map(re.escape, text.split()))


def _part_heading(text: str) -> str:
    if text.endswith(":"):
        return _spelling(text[:-1]) + r"\s*:"
    return _spelling(text) + r"(?:\s+[\dIVX]+)?\s*:?"


_OWN_TYPES = "|".join(_spelling(s) for spellings in load("doc_types")["own"].values() for s in spellings)
_PART_HEADINGS = "|".join(_part_heading(s) for s in load("doc_types")["part_headings"])
# A line that only names the document's own type, in capitals: "KẾ HOẠCH", "QUYẾT ĐỊNH", "CÔNG VĂN"
# (vocab/doc_types.yaml "own")
OWN_DOC_TYPE_LINE = re.compile(f"^(?:{_OWN_TYPES})$")
# ... or a part heading standing alone the same way: "PHỤ LỤC II", "QUYẾT NGHỊ:", "QUYẾT ĐỊNH:" ("part_headings")
DOC_TYPE_LINE = re.compile(f"^(?:{_OWN_TYPES}|{_PART_HEADINGS})$")
# Words glued by a spaced hyphen that a wrap can split: "Lao động - Thương binh", "kinh tế - xã hội"
_HYPHEN_COMPOUND_END = re.compile(r"(?:lao\s+động|kinh\s+tế|độc\s+lập|tự\s+do|văn\s+hóa|chính\s+trị|khoa\s+học|an\s+ninh|\d)\s*$", re.I)


def ends_with_punct(text: str) -> bool:
    """patterns.LINE_END_PUNCT without a regex: '... thực hiện.', '... như sau:', '... (năm 2025).”'"""
    return text.rstrip().rstrip("'\"”’)")[-1:] in (".", ";", ":", "!", "?")


@lru_cache(maxsize=1 << 16)
def letter_count(text: str) -> int:
    return sum(map(str.isalpha, text))


# Two letters, anything but letters between them (a letter here is what str.isalpha calls one: \p{L})
_TWO_LETTERS = re.compile(r"\p{L}\P{L}*\p{L}")


def has_two_letters(text: str) -> bool:
    """letter_count(text) >= 2, without counting: '2026 - 2030' has none, 'V.' one."""
    return _TWO_LETTERS.search(text) is not None


@lru_cache(maxsize=1 << 16)
def is_upper_text(text: str) -> bool:
    """True for headings set in capitals: 'I. MỤC TIÊU', 'ỦY BAN NHÂN DÂN'.

    At most one letter in twelve may be lower case. Counting is avoided where it can be: a text without a
    lower-case letter (most headings) only needs two letters; one whose first sixth already holds more
    lower-case letters than a twelfth of its length (most lines) cannot be in capitals.
    """
    if text.upper() == text:
        return has_two_letters(text)
    limit = len(text) // 12  # letters // 12 is never more
    if sum(map(str.islower, text[: len(text) // 6 + 16])) > limit:
        return False
    lower = sum(map(str.islower, text))
    if lower > limit:
        return False
    letters = letter_count(text)
    return letters >= 2 and lower <= letters // 12


def _clean(text: str) -> str:
    # each pattern runs only when its marker character is present (most lines have none)
    if "<" in text:
        text = P.HTML_TAG.sub(" ", text)
    if "\\" in text:
        text = P.MD_ESCAPE.sub(r"\1", text)
    if "*" in text or "_" in text or "`" in text:
        text = P.MD_EMPHASIS.sub("", text)
    if "[" in text:
        text = P.FOOTNOTE_REF.sub("", text)
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # no whitespace but single inner spaces (every other space character is unprintable)
    return " ".join(text.split())


# First letters of the lines that open furniture: "CÔNG BÁO", "Ký bởi", "Người ký", "Được ký bởi", "Signed by"
_FURNITURE_FIRST = frozenset("CKNĐSckn")


class _Furniture:
    """Page furniture that text copied from a PDF kept: the gazette's running head and the page number
    after it ("CÔNG BÁO/Số 286/Ngày 27-05-2026" / "91"), and an e-signature stamp ("Ký bởi: ...",
    "Cơ quan: VĂN PHÒNG CHÍNH PHỦ", "Ngày ký: 2026-06-02 08:06:33 +07:00"). A "Cơ quan:" line counts
    only inside a stamp: elsewhere it is a field."""

    def __init__(self) -> None:
        self.after_head = False
        self.in_stamp = False

    def drops(self, line: str) -> bool:
        if not (self.after_head or self.in_stamp) and line[0] not in _FURNITURE_FIRST:
            return False  # most lines: no regex at all
        if P.GAZETTE_HEAD.match(line):
            self.after_head = True
            return True
        if self.after_head and P.PAGE_NUMBER.match(line):
            self.after_head = False
            return True
        self.after_head = False
        if P.E_SIGNATURE_OPEN.match(line) or (self.in_stamp and P.E_SIGNATURE.search(line)):
            self.in_stamp = True
            return True
        self.in_stamp = False
        return False


# The characters a decorative rule line can open with (patterns.DECOR_RULE)
_DECOR_FIRST = frozenset(P.DECOR_CHARS + " ")


def split_lines(mt: MappedText) -> list[Line]:
    """Cut the normalised text into cleaned lines, keeping offsets."""
    lines: list[Line] = []
    pos = 0
    text = mt.text
    furniture = _Furniture()
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        stripped = raw.strip()
        if not stripped:
            lines.append(Line("", start, end, sep=True, page_break=raw == PAGE_BREAK))
            continue
        if furniture.drops(stripped):
            lines.append(Line("", start, end, sep=True))
            continue
        # each pattern runs only when the line starts (or holds) its marker: most lines have none
        if "|" in stripped and P.TABLE_RULE.match(stripped):
            lines.append(Line("", start, end, sep=True, pipe=True))
            continue
        heading = stripped[0] == "#" and bool(P.MD_HEADING.match(stripped))
        if heading:
            stripped = P.MD_HEADING.sub("", stripped)
        bullet_star = stripped.startswith("* ")
        if "|" in stripped:
            cells = []
            offset = start + raw.find(stripped[:1])
            col = 0
            for part in stripped.split("|"):
                cleaned = _clean(part)
                if cleaned:
                    cells.append((cleaned, offset + col, offset + col + len(part)))
                col += len(part) + 1
            if not cells:
                lines.append(Line("", start, end, sep=True, pipe=True))
                continue
            parts = stripped.split("|")
            if parts and not parts[0].strip():
                parts = parts[1:]
            if parts and not parts[-1].strip():
                parts = parts[:-1]
            lines.append(Line(" | ".join(c[0] for c in cells), start, end, cells=cells,
                              columns=[_clean(part) for part in parts], open_pipe=stripped.startswith("|")))
            continue
        cleaned = _clean(stripped)
        if bullet_star:
            cleaned = "- " + cleaned
        if not cleaned or (cleaned[0] in _DECOR_FIRST and P.DECOR_RULE.match(cleaned)):
            lines.append(Line("", start, end, sep=True))
            continue
        lines.append(Line(cleaned, start, end, heading=heading,
                          footnote=cleaned[0] == "[" and bool(P.FOOTNOTE_LINE.match(cleaned))))
    return lines


def detect_wrapped(lines: list[Line]) -> bool:
    """Is the text hard-wrapped? Many lines end mid-sentence and go on in lower case."""
    pairs = wraps = 0
    for a, b in zip(lines, lines[1:]):
        if a.sep or b.sep or a.cells or b.cells or len(a.text) < 25:
            continue
        pairs += 1
        if not ends_with_punct(a.text) and b.text[:1].islower():
            wraps += 1
    return wraps >= 3 and wraps > 0.08 * pairs


def _scoped(pattern: re.Pattern) -> str:
    """A pattern's text with its case flag kept inside it, to be one branch of an alternation."""
    return f"(?i:{pattern.pattern})" if pattern.flags & re.I else f"(?:{pattern.pattern})"


# A line that is always a block of its own: the document type, a signature line, "Nơi nhận", a footnote;
# the five patterns in one alternation, so that a line costs one match, not five
_STANDALONE_LINE = re.compile("|".join(_scoped(p) for p in (
    DOC_TYPE_LINE, P.SIGN_AUTHORITY, P.SIGN_POSITION, P.RECIPIENTS_HEAD, P.FOOTNOTE_LINE)))


def _standalone(text: str) -> bool:
    """Lines that are always a block of their own: doc type, signature lines, 'Nơi nhận'."""
    return _STANDALONE_LINE.match(text) is not None


_LABEL_ONLY = re.compile(r"^(?:[IVX]+|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)]?$")


# A labelled line shorter than this share of the text's wrap width ended before the margin: it is a whole
# heading ("3. Bộ Công Thương"), and a capital on the next line opens its body. 0.6: headings cut by the margin
# fill at least ~85 % of the width in the dev texts; whole short headings stay under half of it.
SHORT_LINE_SHARE = 0.6


@lru_cache(maxsize=1)
def _task_verb_start() -> re.Pattern:
    verbs = sorted(load("agencies")["task_verbs"], key=len, reverse=True)
    alternation = "|".join(re.escape(v[:1].upper() + v[1:]).replace(r"\ ", r"\s+") for v in verbs)
    return re.compile(rf"^(?:{alternation})(?![\p{{L}}])")


def _opens_with_task_verb(text: str) -> bool:
    """'Chủ trì, phối hợp với ...', 'Xây dựng và triển khai ...': a line that starts the body of an item."""
    return bool(_task_verb_start().match(text))


def wrap_width(lines: list[Line]) -> int:
    """The width at which a hard-wrapped text breaks its lines: the 80th percentile of the longer lines."""
    lengths = sorted(len(l.text) for l in lines if not l.sep and not l.cells and len(l.text) >= 25)
    return lengths[int(len(lengths) * 0.8)] if lengths else 0


# The first words of the motto's halves, in one pattern: a line holding none of them cannot hold the motto
_MOTTO_WORD = re.compile("|".join(P.MOTTO_FIRST_WORDS))


def _has_motto(text: str) -> bool:
    if _MOTTO_WORD.search(text.lower()) is None:
        return False
    return P.MOTTO.search(text) is not None


class _Traits(NamedTuple):
    """What the joining rules ask of one line, found once per line (a line is asked as itself, then as the
    line before the next)."""
    label_only: bool      # "1." alone on its line
    sign_authority: bool  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"
    standalone: bool      # always a block of its own (_STANDALONE_LINE)
    motto: bool           # holds "Độc lập - Tự do - Hạnh phúc" or "CỘNG HÒA ..."
    punct_end: bool       # closes a sentence or a clause
    upper: bool           # set in capitals
    letters: bool         # has two letters at least


def _traits(text: str) -> _Traits:
    standalone = _standalone(text)
    # a signature authority line is one of the standalone lines: looked for only among them
    sign_authority = standalone and P.SIGN_AUTHORITY.match(text) is not None
    return _Traits(_LABEL_ONLY.match(text) is not None, sign_authority, standalone, _has_motto(text),
                   ends_with_punct(text), is_upper_text(text), has_two_letters(text))


def _starts_new_block(prev: Line, line: Line, before: _Traits, this: _Traits, width: int = 0) -> bool:
    """Whether ``line`` opens a block of its own after ``prev`` (``before`` and ``this``: their traits)."""
    if (width and len(prev.text) < SHORT_LINE_SHARE * width and _opens_with_task_verb(line.text)
            and not before.upper and not P.LINE_RUNS_ON.search(prev.text)):
        label = match_label(prev.text)
        if label is not None and label.style != "bullet" and len(label.rest.split()) >= 2:
            return True
    if before.label_only:
        return False  # "1." alone on its line, its heading on the next: "**1.\nCông an thành phố**"
    if before.sign_authority and this.upper and not this.standalone:
        return False  # "TM. ỦY BAN" / "NHÂN DÂN"
    if before.standalone or this.standalone:
        return True
    if prev.heading or line.heading:
        return True
    if this.motto != before.motto:
        return True  # "Độc lập - Tự do - Hạnh phúc" never runs on into the place and date
    if before.punct_end:
        return True
    label = match_label(line.text)
    if label is not None:
        if label.style == "bullet" and _HYPHEN_COMPOUND_END.search(prev.text) and line.text[:1] in "-–":
            return False
        if label.style in ("arabic", "decimal") and not (before.upper or len(prev.text) < 120):
            return False
        return True
    if not this.letters:
        return False  # "2026 - 2030" continues a heading in capitals
    return before.upper != this.upper


def runs_on(text: str) -> bool:
    """A paragraph line that cannot end there: it stops on a comma or on a word that needs the next ('... đại
    diện các', '... của', '... Sở'; patterns.LINE_RUNS_ON), not on a closing mark."""
    if ends_with_punct(text):
        return False
    # the pattern looks at the line's end only: its last words (from a space, so that a word's start stays one)
    tail = text[-32:]
    if len(text) > 32:
        tail = tail[tail.find(" ") + 1:]
    return P.LINE_RUNS_ON.search(tail) is not None


# A sentence that a paragraph gap cannot end: a date's lead word ("... Nghị định số 109/2016/NĐ-CP, ngày") and the
# date itself after the gap ("01/7/2016, của Chính phủ ..."); OCR and PDF layouts leave such gaps
_DATE_WORD_END = re.compile(r"(?<!\p{L})ngày\s*$", re.I)
_DATE_START = re.compile(r"^\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|^\d{1,2}\s+tháng\s")


def _cut_short(text: str) -> bool:
    """A paragraph's last line that leaves its sentence open: it runs on, or ends on a date's 'ngày'."""
    return runs_on(text) or (text[-4:].lower() == "ngày" and _DATE_WORD_END.search(text[-6:]) is not None)


def _goes_on_after_gap(text: str, following: str) -> bool:
    """Whether ``following``, after a blank line, finishes the sentence ``text`` left open: a date after
    'ngày', a lower-case word after a line that runs on."""
    if _DATE_WORD_END.search(text):
        return _DATE_START.match(following) is not None
    return following[:1].islower()


def build_blocks(mt: MappedText, lines: list[Line] | None = None) -> list[Block]:
    """Join lines into blocks (paragraphs, headings, items, cells) with source offsets."""
    lines = split_lines(mt) if lines is None else lines
    wrapped = detect_wrapped(lines)
    width = wrap_width(lines) if wrapped else 0
    blocks: list[Block] = []
    current: list[Line] = []
    before: _Traits | None = None  # the traits of current[-1] (wrapped texts only)

    def flush():
        if not current:
            return
        texts = [l.text for l in current]
        blocks.append(Block(
            text=" ".join(texts) if len(texts) > 1 else texts[0],
            start=mt.source_offset(current[0].start),
            end=mt.source_offset(current[-1].end),
            heading=current[0].heading if len(current) == 1 else any(l.heading for l in current),
            footnote=current[0].footnote,
            line_texts=texts,
        ))
        current.clear()

    over_page = False  # a page broke a paragraph that runs on: the next line of text goes on with it
    over_gap = False   # a blank line stands after a sentence cut short: the next line may go on with it
    for index, line in enumerate(lines):
        if line.sep:
            if line.page_break and current and not current[-1].heading and _cut_short(current[-1].text):
                over_page = True
            elif (not line.page_break and not line.pipe and current and not current[-1].heading
                  and not over_page and _cut_short(current[-1].text)):
                over_gap = True
            elif not over_page:
                flush()
                over_gap = False
            continue  # (blank lines and page furniture between the halves of the paragraph are no end)
        if over_page or over_gap:
            goes_on = not (line.cells or line.heading or match_label(line.text) is not None)
            if over_gap or _DATE_WORD_END.search(current[-1].text):
                goes_on = goes_on and _goes_on_after_gap(current[-1].text, line.text)
            over_page = over_gap = False
            if not goes_on:
                flush()
            else:
                current.append(line)
                before = _traits(line.text) if wrapped else None
                continue
        if line.cells:
            flush()
            for text, start, end in line.cells:
                blocks.append(Block(text, mt.source_offset(start), mt.source_offset(end), cell=True, row=index,
                                    line_texts=[text]))
            continue
        if wrapped:
            traits = _traits(line.text)
            if current and _starts_new_block(current[-1], line, before, traits, width):
                flush()
            before = traits
        elif current:
            flush()
        current.append(line)
    flush()
    return blocks
