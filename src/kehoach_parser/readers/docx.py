"""DOCX -> text with python-docx: paragraphs and tables in body order, text boxes, and Word's automatic
numbering written out as the labels the reader sees ("I.", "1.", "a)", "-").

Word keeps list labels out of the paragraph text: a paragraph points (directly or through its style) at a
numbering instance and a level, whose definition gives the format ("upperRoman", "decimal", "lowerLetter",
"bullet"), the pattern ("%1.", "%1.%2.", "%3)") and the start value. Counters run per instance; using a
level resets the levels below it.

Layout tables of two columns (issuer | national motto, "Nơi nhận" | signer) are written column by column,
as they are read; other tables become pipe rows ("| Nội dung | Cơ quan chủ trì | ... |").
"""
from __future__ import annotations

import io
import zipfile

from .. import limits
from ..errors import InputError
from ..segment.labels import int_to_roman

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def format_number(n: int, fmt: str) -> str:
    """Word's number formats: format_number(4, 'upperRoman') -> 'IV'; (2, 'lowerLetter') -> 'b'.

    A number above ``limits.list_number`` is written in digits whatever the format (Roman numeral
    999,999,999,999 would be a billion 'M's; letters repeat once per 26).
    """
    if not 0 < n <= limits.active().list_number:
        return str(n)
    if fmt == "upperRoman":
        return int_to_roman(n)
    if fmt == "lowerRoman":
        return int_to_roman(n).lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letter = _LETTERS[(n - 1) % 26] * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _bullet(text: str) -> str:
    """Bullet characters of Symbol/Wingdings fonts (private-use code points) -> '•'; '-' stays '-'."""
    text = text.strip()
    if not text or any(0xF000 <= ord(c) <= 0xF0FF for c in text) or text in ("·", "§", "o", "▪", "■", "●", "◦", "Ø", "ü"):
        return "•"
    return text


class Numbering:
    """Resolves (numId, ilvl) of a paragraph to its visible label, keeping Word's counters."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (fmt, lvlText, start)
        self.counters: dict[str, dict[int, int]] = {}
        self.style_numbering: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            root = None
        if root is not None:
            abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
            for node in root.iter(f"{W}abstractNum"):
                levels = {}
                for lvl in node.iter(f"{W}lvl"):
                    ilvl = _int(lvl.get(f"{W}ilvl"), 0)
                    fmt = _val(lvl.find(f"{W}numFmt")) or "decimal"
                    text = _val(lvl.find(f"{W}lvlText")) or ""
                    start = _int(_val(lvl.find(f"{W}start")), 1)
                    levels[ilvl] = (fmt, text, start)
                abstract[node.get(f"{W}abstractNumId")] = levels
            for num in root.iter(f"{W}num"):
                num_id = num.get(f"{W}numId")
                levels = dict(abstract.get(_val(num.find(f"{W}abstractNumId")) or "", {}))
                for override in num.iter(f"{W}lvlOverride"):
                    ilvl = _int(override.get(f"{W}ilvl"), 0)
                    start = _val(override.find(f"{W}startOverride"))
                    if start and ilvl in levels:
                        fmt, text, _ = levels[ilvl]
                        levels[ilvl] = (fmt, text, _int(start, 1))
                for ilvl, definition in levels.items():
                    self.levels[(num_id, ilvl)] = definition
        try:
            styles = document.styles.element
        except AttributeError:
            styles = None
        if styles is not None:
            based_on: dict[str, str] = {}
            direct: dict[str, tuple[str, int]] = {}
            for style in styles.iter(f"{W}style"):
                style_id = style.get(f"{W}styleId")
                parent = style.find(f"{W}basedOn")
                if parent is not None:
                    based_on[style_id] = _val(parent)
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None and num_pr.find(f"{W}numId") is not None:
                    direct[style_id] = (_val(num_pr.find(f"{W}numId")), _int(_val(num_pr.find(f"{W}ilvl")), 0))
            for style_id in list(based_on) + list(direct):
                seen, current = set(), style_id
                while current and current not in direct and current not in seen:
                    seen.add(current)
                    current = based_on.get(current)
                if current in direct:
                    self.style_numbering[style_id] = direct[current]

    def label(self, paragraph) -> str:
        """The label Word shows before this paragraph ('' when it is not a list item)."""
        p_pr = paragraph.find(f"{W}pPr")
        num_id, ilvl = None, 0
        if p_pr is not None:
            num_pr = p_pr.find(f"{W}numPr")
            if num_pr is not None:
                num_id = _val(num_pr.find(f"{W}numId"))
                ilvl = _int(_val(num_pr.find(f"{W}ilvl")), 0)
            if num_id is None:
                style = p_pr.find(f"{W}pStyle")
                if style is not None and _val(style) in self.style_numbering:
                    num_id, ilvl = self.style_numbering[_val(style)]
        if num_id is None or num_id == "0" or (num_id, ilvl) not in self.levels:
            return ""
        fmt, pattern, start = self.levels[(num_id, ilvl)]
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt == "bullet":
            return _bullet(pattern)
        label = pattern
        for level in range(9):
            token = f"%{level + 1}"
            if token in label:
                level_fmt, _, level_start = self.levels.get((num_id, level), ("decimal", "", 1))
                label = label.replace(token, format_number(counters.get(level, level_start), level_fmt))
        return label.strip()


def _int(value: str | None, default: int) -> int:
    """A numbering attribute as Word reads it: a missing or malformed value ('abc', '') is the default."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _val(node) -> str | None:
    return None if node is None else node.get(f"{W}val")


def _paragraph_text(paragraph) -> str:
    """Text of a w:p: runs, tabs and breaks; deleted revisions and text boxes left out."""
    out: list[str] = []
    for node in paragraph.iter():
        tag = node.tag
        if tag == f"{W}t":
            if _inside(node, paragraph, (f"{W}txbxContent", f"{W}del")):
                continue
            out.append(node.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            if not _inside(node, paragraph, (f"{W}txbxContent",)):
                out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            if not _inside(node, paragraph, (f"{W}txbxContent",)):
                out.append("\n")
    return "".join(out)


def _inside(node, stop, tags: tuple[str, ...]) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


class _Writer:
    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.lines: list[str] = []

    def block(self, element) -> None:
        for child in element:
            tag = child.tag
            if tag == f"{W}p":
                self.paragraph(child)
            elif tag == f"{W}tbl":
                self.table(child)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.block(content)

    def paragraph(self, p) -> None:
        text = _paragraph_text(p)
        label = self.numbering.label(p) if text.strip() else ""
        for line in text.split("\n"):
            if label:
                line, label = f"{label} {line.strip()}", ""
            self.lines.append(line.rstrip())
        # text boxes anchored in this paragraph, after it
        for box in p.iter(f"{W}txbxContent"):
            self.lines.append("")
            self.block(box)
            self.lines.append("")

    def cell_lines(self, cell) -> list[str]:
        inner = _Writer(self.numbering)
        inner.block(cell)
        return [l for l in inner.lines if l.strip()]

    def table(self, tbl) -> None:
        rows = []
        for tr in tbl.iter(f"{W}tr"):
            if tr.getparent() is not tbl:
                continue  # rows of nested tables are read inside their cell
            rows.append([self.cell_lines(tc) for tc in tr if tc.tag == f"{W}tc"])
        width = max((len(r) for r in rows), default=0)
        self.lines.append("")
        if width == 2 and not _looks_like_data(rows):
            # a layout table: whole left column, then whole right column
            for column in (0, 1):
                for row in rows:
                    if len(row) > column:
                        self.lines.extend(row[column])
                self.lines.append("")
            return
        for row in rows:
            self.lines.append("| " + " | ".join(" ".join(cell) for cell in row) + " |")
        self.lines.append("")


def _looks_like_data(rows: list[list[list[str]]]) -> bool:
    """Two-column tables of data (a numbered list of names) have many short rows; layout tables have one or two."""
    return len(rows) > 3


def check_zip(data: bytes, name: str | None, kind: str = "Word (.docx)") -> None:
    """Refuse a zip container whose members expand beyond the limits, before anything is decompressed: the
    sizes its directory declares (zipfile stops a member at its declared size, so they cannot lie upward)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(name, f"not a readable {kind} file: damaged, truncated or another format ({exc})",
                         reason="damaged") from None
    total = sum(m.file_size for m in members)
    if total > limits.active().unzipped_mb * 1e6:
        raise limits.LimitError(name, "unzipped_mb", f"the {kind} file expands to {total / 1e6:.0f} MB")
    for member in members:
        if member.filename.endswith((".xml", ".rels")) and member.file_size > limits.active().xml_mb * 1e6:
            raise limits.LimitError(name, "xml_mb",
                                    f"its part {member.filename} holds {member.file_size / 1e6:.0f} MB of XML")


def read_docx(data: bytes, name: str | None) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_zip(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(name, f"not a readable Word (.docx) file: damaged, truncated or another format ({exc})") from None
    writer = _Writer(Numbering(document))
    writer.block(document.element.body)
    return "\n".join(writer.lines)
