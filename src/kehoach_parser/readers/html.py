"""HTML (legal-site pages, Word 'Save as Web Page'): a real HTML parser, block tags become line breaks.

Tables are read as tables: a table of data becomes pipe rows ("| 1 | Nhiệm vụ ... | Sở Y tế | Quý I/2026 |"),
one row per ``<tr>``, its cells' lines joined; a layout table of two columns and at most three rows (issuer |
national motto, "Nơi nhận" | signer) is written column by column, as it is read; the same choice the DOCX
reader makes. A table inside a cell is flattened into that cell's text.
"""
from __future__ import annotations

from html.parser import HTMLParser

_BLOCK_TAGS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "header", "footer", "blockquote", "pre", "ul", "ol", "dd", "dt",
}
_SKIP_TAGS = {"script", "style", "head", "title", "noscript", "xml", "template"}
# A two-column table with at most this many rows is page layout, not data (as in readers/docx.py)
LAYOUT_TABLE_ROWS = 3


class _Table:
    def __init__(self) -> None:
        self.rows: list[list[list[str]]] = []   # rows of cells of text parts
        self.cell: list[str] | None = None

    def start_row(self) -> None:
        self.rows.append([])
        self.cell = None

    def start_cell(self) -> None:
        if not self.rows:
            self.start_row()
        self.cell = []
        self.rows[-1].append(self.cell)

    def lines(self) -> list[str]:
        rows = [[_cell_text(cell) for cell in row] for row in self.rows if row]
        rows = [row for row in rows if any(row)]
        width = max((len(r) for r in rows), default=0)
        if width == 2 and len(rows) <= LAYOUT_TABLE_ROWS:
            columns = [[line for row in rows if len(row) > c for line in row[c].split("\n")] for c in (0, 1)]
            return ["", *columns[0], "", *columns[1], ""]
        return ["", *("| " + " | ".join(" ".join(cell.replace("|", "/").split()) for cell in row) + " |" for row in rows), ""]


def _cell_text(parts: list[str]) -> str:
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tables: list[_Table] = []
        self.skip = 0

    def _sink(self) -> list[str]:
        """Where text goes now: the open cell of the innermost table, else the page."""
        for table in reversed(self.tables):
            if table.cell is not None:
                return table.cell
            break
        return self.parts if not self.tables else []  # between a <table> and its first cell: dropped

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "table":
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self.tables[-1].start_row()
        elif tag in ("td", "th") and self.tables:
            self.tables[-1].start_cell()
        elif tag in _BLOCK_TAGS:
            self._sink().append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag == "table" and self.tables:
            lines = self.tables.pop().lines()
            if self.tables:
                # a table inside a cell: its text joins the cell's, row by row
                self._sink().append("\n" + "\n".join(l.strip("| ").replace(" | ", " ") for l in lines if l) + "\n")
            else:
                self.parts.append("\n" + "\n".join(lines) + "\n")
        elif tag in _BLOCK_TAGS:
            self._sink().append("\n")

    def handle_data(self, data):
        if not self.skip:
            self._sink().append(data.replace("\n", " "))


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block element per line, data tables as pipe rows."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    while parser.tables:  # a table never closed (truncated page) still counts
        parser.handle_endtag("table")
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) if not line.startswith("| ") else line for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()
