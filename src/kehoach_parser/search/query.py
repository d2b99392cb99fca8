"""Queries over the plan database: words (accent-insensitive, ranked) and structure (filters).

User text never reaches FTS5's query language as such: words and quoted phrases are folded like the index
and passed as quoted strings, so FTS operators, stray quotes or brackets are searched as words, never
parsed. Unbalanced quotes close at the end; overlong queries are cut with a note.
"""
from __future__ import annotations

import contextlib
import json
import math
import os
import sqlite3
import threading
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .. import regexes as re

from ..models import PlanDocument
from ..vocab import fold
from .index import ROWS_PER_PLAN, connect, meta_token, meta_words
from .ranker import RankedPart, Ranker

MAX_QUERY_CHARS = 500
MAX_TERMS = 32
SNIPPET_CHARS = 220
# A word of the query: letters and digits, with inner / - . as in "2232/QĐ-TTg" or "6,5"
_WORD = re.compile(r"[\p{L}\p{N}]+(?:[/\-.,][\p{L}\p{N}]+)*")


# Words (folded) that open an indicator without naming it: "các", "số", "tỷ lệ", "phấn đấu", "đạt" ...
_FUNCTION_WORDS = frozenset("cac cua va so ty ti le trong phan dau dat tren it nhat khoang tong nhung duoc co "
                            "toi thieu".split())


class QueryError(ValueError):
    """A query that cannot be run; the message is meant for the user."""


@dataclass
class Filters:
    issuer: str | None = None          # part of the issuer or province (as written, or on the 2025 map of 34
                                       # provinces), accent-insensitive: "binh thuan", "lam dong"
    year_from: int | None = None
    year_to: int | None = None
    kind: str | None = None            # section kind of the hit: "objectives", "implementation" ...
    agency: str | None = None          # part of an assigned agency: "so y te"
    cites: str | None = None           # a cited document number: "2232/QĐ-TTg"
    value_min: float | None = None     # a target value range
    value_max: float | None = None
    include_non_plans: bool = False    # documents without a plan's structure (a README, a letter) are left out

    def chosen(self) -> bool:
        """Whether any filter narrows the plans (``include_non_plans`` widens them, so it does not count)."""
        return any(v not in (None, "") for k, v in vars(self).items() if k != "include_non_plans")


@dataclass
class Hit:
    plan_id: int
    file: str
    number: str | None
    issuer: str | None
    province: str | None
    date: str | None
    title: str | None
    section_path: str
    section_title: str
    snippet: str                       # original text, matches between [[ and ]]
    score: float
    province_now: str | None = None    # the province on the map of 2025 (34 provinces)
    format: str | None = None          # of the rendition shown: "text", "pdf", "docx", "image" ...
    ocr: bool = False                  # its text was read by OCR (check it against the original)

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class SearchResult:
    hits: list[Hit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    total: int | None = None  # sections that match in all (None when a value filter is checked hit by hit)
    plans: int | None = None  # plans those sections belong to (with facets)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # plans by province, year, kind, agency


def query_parts(text: str) -> tuple[list[RankedPart], list[str]]:
    """(words and quoted phrases as typed, notes about what was cut or closed).

    >>> [p.text for p in query_parts('Đà Nẵng "học đường" OR NEAR(')[0]]
    ['Đà', 'Nẵng', 'học đường', 'OR', 'NEAR']
    """
    notes = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(f"the query was cut to its first {MAX_QUERY_CHARS} characters")
    if text.count('"') % 2:
        text += '"'
        notes.append("an unclosed quote was closed at the end")
    parts = []
    for i, part in enumerate(text.split('"')):
        words = _WORD.findall(part)
        if not words:
            continue
        if i % 2:  # inside quotes: a phrase
            parts.append(RankedPart(" ".join(words), quoted=True))
        else:
            parts.extend(RankedPart(w) for w in words)
    if len(parts) > MAX_TERMS:
        parts = parts[:MAX_TERMS]
        notes.append(f"only the first {MAX_TERMS} words were searched")
    return parts, notes


def parse_query(text: str) -> tuple[list[str], list[str]]:
    """(FTS5 terms, notes). Quoted parts become phrases; everything is folded and quoted.

    >>> parse_query('bạo lực "học đường" OR NEAR(')[0]
    ['"bao"', '"luc"', '"hoc duong"', '"or"', '"near"']
    """
    parts, notes = query_parts(text)
    return _fts_terms(parts), notes


def _fts_terms(parts: list[RankedPart]) -> list[str]:
    """Query parts folded and quoted, as FTS5 terms and as the snippet's patterns: 'Bạo lực' -> '"bao luc"'."""
    return ['"' + " ".join(fold(w) for w in _WORD.findall(p.text)) + '"' for p in parts]


def _letter_classes() -> dict[str, str]:
    """Base letter -> regex class of every Vietnamese letter that folds to it: 'd' -> '[dDđĐ]'."""
    import unicodedata

    classes: dict[str, set[str]] = {}
    for code in list(range(0x41, 0x5B)) + list(range(0x61, 0x7B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        char = chr(code)
        base = fold(char)
        if len(base) == 1 and base.isalpha():
            classes.setdefault(base, set()).add(char)
    return {base: "[" + "".join(sorted(chars)) + "]" for base, chars in classes.items()}


_CLASSES = _letter_classes()


def _term_pattern(phrase: str) -> str:
    """A folded phrase as a pattern over the original text: 'bao luc' matches 'bạo lực', 'BẢO LỰC' ..."""
    parts = []
    for char in phrase:
        if char == " ":
            parts.append(r"\s+")
        else:
            parts.append(_CLASSES.get(char, re.escape(char)))
    return r"(?<![\p{L}\p{N}])" + "".join(parts) + r"(?![\p{L}\p{N}])"


_FOLD_ARRAY = None


def fold_in_place(text: str) -> str | None:
    """``fold`` one character for one, so positions stay those of the original (a combining mark or a
    character whose lower case is longer is kept as it is); None for text beyond the Basic Multilingual
    Plane. A table lookup over the whole text with numpy: ten times faster than str.translate, which was
    most of a query's time (0.3 ms a section shown)."""
    global _FOLD_ARRAY
    import numpy as np

    if _FOLD_ARRAY is None:
        table = np.arange(0x10000, dtype=np.uint32)
        for code in range(0x10000):
            folded = fold(chr(code)) if not 0xD800 <= code < 0xE000 else ""
            if len(folded) == 1:
                table[code] = ord(folded)
        _FOLD_ARRAY = table
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.size and int(codes.max()) >= 0x10000:
        return None
    return _FOLD_ARRAY[codes].tobytes().decode("utf-32-le", "surrogatepass")


def _folded_pattern(phrase: str) -> str:
    """A folded phrase as a pattern over folded text: 'bao luc' -> whole words 'bao' then 'luc'."""
    return r"(?<![\p{L}\p{N}])" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?![\p{L}\p{N}])"


def _unmarked(text: str) -> str:
    """Document text that holds '[[' or ']]' itself, with a word joiner (U+2060, invisible) between the
    brackets, so that only the snippet's own marks read as marks ('<mark>' tags stay balanced)."""
    while "[[" in text or "]]" in text:  # again for runs: '[[[' leaves a '[[' after one pass
        text = text.replace("[[", "[\u2060[").replace("]]", "]\u2060]")
    return text


def highlight(original: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """A window of the original text around the best match, matches wrapped in [[ ]].

    Terms are folded; each becomes a pattern of letter classes, so the original text is searched as it is.
    """
    spans = []
    words = [w for term in terms for w in term.strip('"').split()]
    # the folded text has the original's character positions, and plain-letter patterns over it cost a
    # tenth of letter-class patterns over the original
    folded = fold_in_place(original)
    if folded is None:  # characters beyond the Basic Multilingual Plane: letter classes over the original
        folded, pattern_of = original, _term_pattern
    else:
        pattern_of = _folded_pattern
    if len(words) > 1:
        # where the words stand together, in order ("phòng, chống ma túy"), that is what is shown and marked
        together = pattern_of(" ".join(words)).replace(r"\s+", r"[\s,;:\-–]+")
        spans = [(m.start(), m.end(), "all") for m in re.finditer(together, folded)]
    for term in terms if not spans else []:
        phrase = term.strip('"')
        if phrase:
            spans.extend((m.start(), m.end(), phrase) for m in re.finditer(pattern_of(phrase), folded))
    if not spans:
        return " ".join(_unmarked(original[:width]).split()) + ("…" if len(original) > width else "")
    spans.sort()
    # the window that shows the most different query words, earliest first (two pointers over the matches)
    best_first, best_count = spans[0][0], 0
    counts: dict[str, int] = {}
    right = 0
    reach = width * 2 // 3
    for left, (s0, _, word0) in enumerate(spans):
        while right < len(spans) and spans[right][1] <= s0 + reach:
            word = spans[right][2]
            counts[word] = counts.get(word, 0) + 1
            right += 1
        if len(counts) > best_count:
            best_first, best_count = s0, len(counts)
        if counts.get(word0):
            counts[word0] -= 1
            if not counts[word0]:
                del counts[word0]
    start = max(0, best_first - width // 3)
    end = min(len(original), start + width)
    out, pos = [], start
    for s0, e0, _ in spans:
        if s0 < pos or e0 > end:
            continue
        out.append(_unmarked(original[pos:s0]))
        out.append("[[" + _unmarked(original[s0:e0]) + "]]")
        pos = e0
    out.append(_unmarked(original[pos:end]))
    text = " ".join("".join(out).split())
    return ("…" if start > 0 else "") + text + ("…" if end < len(original) else "")


class Corpus:
    """A read-only view of a plan database.

    >>> # corpus = Corpus("corpus.sqlite"); corpus.search("bạo lực học đường", Filters(year_from=2020))
    """

    def __init__(self, db_path: str | os.PathLike, rank_window: int = 500) -> None:
        self.conn = connect(db_path, read_only=True)
        try:
            self.conn.execute("SELECT 1 FROM plans LIMIT 1").fetchall()
            self.conn.execute("SELECT 1 FROM text_rows LIMIT 1").fetchall()
        except sqlite3.DatabaseError:
            self.conn.close()
            raise FileNotFoundError(f"{db_path}: not a plan database (build one with: kehoach-parser index OUT_DIR "
                                    f"--db {db_path})") from None
        self.rank_window = rank_window  # matching sections scored per query by the SQLite fallback
        self._lock = threading.Lock()  # one connection, shared by the web server's threads
        self._open_ranker(db_path)
        self._indicators: dict[int, list[tuple[str, int]]] = {}
        self.problem: str | None = None  # why the ranked index is not used, for the notes of every search
        try:
            self.ranked: Ranker | None = Ranker(db_path)
        except (FileNotFoundError, ValueError) as exc:
            self.ranked = None  # a database without its ranked index: SQLite's FTS5 ranks a window of matches
            self.problem = str(exc)

    @contextlib.contextmanager
    def _snapshot(self):
        """One read transaction over a query: every row it reads is of the same state of the database, while
        an index run commits beside it (WAL); the ranked index is reopened when an index run changed it."""
        if self.ranked is not None:
            self.ranked.refresh()
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()
        if self._ranker is not None:
            self._ranker.close()
            self._counter.close()

    def search(self, query: str = "", filters: Filters | None = None, limit: int = 20, offset: int = 0,
               sort: str = "relevance", facets: bool = False) -> SearchResult:
        """The best ``limit`` sections after ``offset`` for the words and filters, by relevance (of all matches)
        or by date (newest first); ``facets`` also counts the matching plans by province, year, kind, agency."""
        if sort not in ("relevance", "date"):
            raise QueryError(f"unknown sort '{sort}' (relevance or date)")
        with self._lock, self._snapshot():
            if self.ranked is not None:
                return self._search_ranked(query, filters or Filters(), limit, offset, sort, facets)
            result = self._search(query, filters or Filters(), limit, offset)
            result.notes.append(f"the ranked index is not used ({self.problem}): a window of the matches was ranked by SQLite")
            return result

    def _ranked_query(self, query: str, filters: Filters):
        """(the Tantivy query, or None when a filter cannot match; the query's parts; notes)."""
        words, notes = query_parts(query or "")
        clauses = self._filter_clauses(filters)
        if clauses is None:
            return None, words, notes
        if not words and not filters.chosen():
            raise QueryError("type some words or choose a filter")
        if not words and not filters.kind:
            clauses.append(Ranker.meta_phrase("zkheader"))  # filters alone: one row per plan, its header
        return self.ranked.query(words, clauses, everything=not words), words, notes

    def _search_ranked(self, query: str, filters: Filters, limit: int, offset: int, sort: str,
                       with_facets: bool) -> SearchResult:
        tantivy_query, words, notes = self._ranked_query(query, filters)
        if tantivy_query is None:
            return SearchResult(notes=notes, total=0, plans=0)
        ranked = self.ranked
        by_date = sort == "date" or not words
        result = SearchResult(notes=notes)
        result.total, scored = ranked.top(tantivy_query, limit, offset, by_date)
        if with_facets:
            result.facets = ranked.facets(tantivy_query)
            result.plans = result.facets.pop("plans")[0][1]
            result.facets["year"] = [(y, n) for y, n in result.facets["year"] if y != "0"]
            result.facets = {k: [(v, n) for v, n in pairs if v] for k, pairs in result.facets.items()}
        terms = _fts_terms(words)
        result.hits = [hit for rowid, score in scored if (hit := self._hit(rowid, -score, terms))]
        return result

    def _filter_clauses(self, f: Filters) -> list | None:
        """Tantivy clauses for the structural filters; None when a filter cannot match."""
        clauses = []
        if f.issuer and meta_words("i", f.issuer):
            # the province as written or on the 2025 map: "Bình Thuận" or "Lâm Đồng" both find Bình Thuận's plans
            clauses.append(Ranker.either(Ranker.meta_phrase(meta_words("i", f.issuer)),
                                         Ranker.meta_phrase(meta_words("n", f.issuer))))
        if f.agency and meta_words("a", f.agency):
            clauses.append(Ranker.meta_phrase(meta_words("a", f.agency)))
        if f.kind:
            clauses.append(Ranker.meta_phrase(meta_token("k", f.kind)))
        if f.year_from is not None or f.year_to is not None:
            first = f.year_from if f.year_from is not None else 1
            last = f.year_to if f.year_to is not None else 9999
            if last < first:
                return None
            clauses.append(Ranker.years(first, last))
        if f.cites:
            clauses.append(Ranker.meta_phrase(meta_token("c", f.cites.strip())))
        if f.value_min is not None or f.value_max is not None:
            if f.value_min is not None and f.value_max is not None and f.value_max < f.value_min:
                return None
            # the exact range over the plans' target values (infinite bounds are no bounds)
            low = f.value_min if f.value_min is not None and f.value_min != float("-inf") else None
            high = f.value_max if f.value_max is not None and f.value_max != float("inf") else None
            clauses.append(Ranker.values(low, high))
        if not f.include_non_plans:
            clauses.append(Ranker.plans_only())
        return clauses

    def _search(self, query: str, filters: Filters, limit: int, offset: int) -> SearchResult:
        terms, notes = parse_query(query or "")
        filter_terms = self._filter_terms(filters)
        if filter_terms is None:
            return SearchResult(notes=notes, total=0)  # a filter that nothing can satisfy
        if not terms and not filter_terms:
            raise QueryError("type some words or choose a filter")
        # filter words are z-prefixed, so no text word can match them and no column filter is needed
        if not terms and not filters.kind:
            filter_terms.append('"zkheader"')  # filters alone: one row per plan, its header
        match = " AND ".join(terms + filter_terms)
        rows = []
        try:
            # FTS5 hands rows over in row-id order at almost no cost, while bm25 costs tens of microseconds a
            # row: the first RANK_WINDOW matching sections are scored and sorted (every match, when there are
            # fewer; the window is in the notes when it was reached). The fallback when the ranked index is
            # missing; plan ids are hashes, so the window is an arbitrary but stable sample
            window = max(self.rank_window, offset + limit) if terms else offset + limit
            scored = self._ranked(match, window) if terms else self.conn.execute(
                "SELECT rowid, 0.0 FROM plan_text WHERE plan_text MATCH ? ORDER BY rowid DESC LIMIT ?",
                (match, window)).fetchall()
            if len(scored) == window and terms:
                notes.append(f"more than {window} sections match: {window} of them were ranked")
            if terms:
                scored.sort(key=lambda row: (row[1], -row[0]))
            for rowid, score in scored:
                # the value filter is matched on whole numbers; the exact range is checked on each hit
                if filters.value_min is not None or filters.value_max is not None:
                    if not self._value_in_range(rowid // ROWS_PER_PLAN, filters):
                        continue
                rows.append((rowid, score))
                if len(rows) >= offset + limit:
                    break
        except sqlite3.OperationalError as exc:
            raise QueryError(f"the query could not be run: {exc}") from None
        result = SearchResult(notes=notes)
        if filters.value_min is None and filters.value_max is None:
            result.total = self.conn.execute("SELECT count(*) FROM plan_text WHERE plan_text MATCH ?", (match,)).fetchone()[0]
        result.hits = [hit for rowid, score in rows[offset:] if (hit := self._hit(rowid, score, terms))]
        return result

    def _ranked(self, match: str, window: int) -> list[tuple[int, float]]:
        """(rowid, score) of the first ``window`` matching rows in row-id order; lower scores rank first (like
        bm25())."""
        if self._ranker is None:
            return self.conn.execute(
                "SELECT rowid, bm25(plan_text, 5.0, 1.0, 0.0) FROM plan_text WHERE plan_text MATCH ?"
                " ORDER BY rowid DESC LIMIT ?", (match, window)).fetchall()
        return [(rowid, -score) for rowid, score in self._ranker.execute(
            "SELECT rowid, kp_rank(plan_text) FROM plan_text WHERE plan_text MATCH ? ORDER BY rowid DESC LIMIT ?",
            (match, window))]

    def _open_ranker(self, db_path) -> None:
        """BM25 as FTS5's bm25() computes it, but with each word's document frequency counted once and kept:
        bm25() counts it again on every query by reading the word's whole posting list, which was most of a
        query's time on 100,000 plans. Needs apsw (FTS5 ranking functions in Python); without it, bm25()."""
        self._ranker = None
        self._df: dict[str, int] = {}
        try:
            import apsw
        except ImportError:
            return
        flags = apsw.SQLITE_OPEN_READONLY | apsw.SQLITE_OPEN_URI
        uri = f"{Path(db_path).resolve().as_uri()}?mode=ro"
        try:
            self._ranker = apsw.Connection(uri, flags=flags)
            self._counter = apsw.Connection(uri, flags=flags)
            self._ranker.register_fts5_function("kp_rank", self._bm25)
        except apsw.Error:
            self._ranker = None  # an SQLite without FTS5 in apsw: FTS5's bm25() through sqlite3

    def _document_frequency(self, phrase: str) -> int:
        df = self._df.get(phrase)
        if df is None:
            df = self._counter.execute("SELECT count(*) FROM plan_text WHERE plan_text MATCH ?",
                                       ('"' + phrase + '"',)).fetchall()[0][0]
            self._df[phrase] = df
        return df

    def _bm25(self, api, *args) -> float:
        """Okapi BM25 (k1 = 1.2, b = 0.75) with title words weighted 5, body 1, filter words 0."""
        rows = max(1, api.row_count)
        average = api.column_total_size(-1) / rows
        length = api.column_size(-1)
        score = 0.0
        for index, phrase in enumerate(api.phrases):
            if not phrase or (phrase[0] or "").startswith("z"):
                continue  # a filter word
            df = self._document_frequency(" ".join(t or "" for t in phrase))
            where = api.phrase_locations(index)
            tf = 5.0 * len(where[0]) + len(where[1])
            idf = max(1e-6, math.log((rows - df + 0.5) / (df + 0.5)))
            score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / max(average, 1e-9)))
        return score

    def _hit(self, rowid: int, score: float, word_terms: list[str]) -> Hit | None:
        """The hit of a section; None when its plan is gone (removed by an index run after the ranked index
        answered, before it was told)."""
        plan_id = rowid // ROWS_PER_PLAN
        plan = self.conn.execute("SELECT file, number, issuer, province, province_now, date, title, format, ocr FROM plans"
                                 " WHERE id = ?", (plan_id,)).fetchone()
        if plan is None:
            return None
        where = self.conn.execute("SELECT path, title, body FROM text_rows WHERE rowid = ?", (rowid,)).fetchone()
        path, title = (where["path"], where["title"]) if where else ("", "")
        body = zlib.decompress(where["body"]).decode("utf-8") if where and where["body"] else ""
        return Hit(plan_id=plan_id, file=plan["file"], number=plan["number"], issuer=plan["issuer"],
                   province=plan["province"], province_now=plan["province_now"], date=plan["date"], title=plan["title"], section_path=path,
                   section_title=title, score=round(-score, 4), snippet=highlight(body, word_terms),
                   format=plan["format"], ocr=bool(plan["ocr"]))

    def _value_in_range(self, plan_id: int, f: Filters) -> bool:
        low = f.value_min if f.value_min is not None else float("-inf")
        high = f.value_max if f.value_max is not None else float("inf")
        return self.conn.execute("SELECT 1 FROM targets WHERE plan_id = ? AND value BETWEEN ? AND ? LIMIT 1",
                                 (plan_id, low, high)).fetchone() is not None

    @staticmethod
    def _filter_terms(f: Filters) -> list[str] | None:
        """FTS5 terms for the structural filters (z-prefixed index words); None when a filter cannot match."""
        terms = []
        if f.issuer and meta_words("i", f.issuer):
            terms.append(f'("{meta_words("i", f.issuer)}" OR "{meta_words("n", f.issuer)}")')
        if f.agency and meta_words("a", f.agency):
            terms.append(f'"{meta_words("a", f.agency)}"')
        if f.kind:
            terms.append(f'"{meta_token("k", f.kind)}"')
        if f.year_from is not None or f.year_to is not None:
            first = f.year_from if f.year_from is not None else 1945
            last = f.year_to if f.year_to is not None else 2100
            years = [f'"zy{y}"' for y in range(max(first, 1945), min(last, 2100) + 1)]
            if not years:
                return None
            terms.append("(" + " OR ".join(years) + ")")
        if f.cites:
            terms.append(f'"{meta_token("c", f.cites.strip())}"')
        if f.value_min is not None or f.value_max is not None:
            tokens = _value_tokens(f)
            if tokens is None:
                return None
            if tokens:
                terms.append("(" + " OR ".join(f'"{t}"' for t in tokens) + ")")
        return terms

    def plan(self, plan_id: int) -> PlanDocument:
        row = self.conn.execute("SELECT json FROM plans WHERE id = ?", (plan_id,)).fetchone()
        if row is None:
            raise KeyError(plan_id)
        return PlanDocument.model_validate_json(zlib.decompress(row["json"]))

    def plan_row(self, plan_id: int) -> sqlite3.Row | None:
        return self.conn.execute("SELECT id, file, issuer, province, number, date, title FROM plans WHERE id = ?",
                                 (plan_id,)).fetchone()

    def plans_by_legal_basis(self, limit: int = 50) -> list[dict]:
        """National documents most implemented: cited number, how many plans cite it, which."""
        rows = self.conn.execute(
            "SELECT b.number, MIN(b.doc_type) AS doc_type, MIN(b.subject) AS subject, COUNT(DISTINCT b.plan_id) AS plans,"
            " GROUP_CONCAT(DISTINCT b.plan_id) AS ids FROM legal_bases b WHERE b.number IS NOT NULL"
            " GROUP BY b.number_folded ORDER BY plans DESC, b.number LIMIT ?", (limit,)).fetchall()
        return [{"number": r["number"], "doc_type": r["doc_type"], "subject": r["subject"], "plans": r["plans"],
                 "plan_ids": [int(x) for x in (r["ids"] or "").split(",") if x]} for r in rows]

    def renditions(self, plan_id: int) -> list[dict]:
        """Every indexed file of the plan (its .txt, .pdf, .docx, scan ...), the one searched and shown first."""
        rows = self.conn.execute(
            "SELECT r.id, r.file, r.source_file, r.format, r.ocr, r.ranked_wanted FROM plans p JOIN plans r"
            " ON r.group_key = p.group_key WHERE p.id = ? ORDER BY r.ranked_wanted DESC, r.quality, r.id", (plan_id,))
        return [dict(r) for r in rows]

    def plan_info(self, plan_id: int) -> dict | None:
        """The database's facts about a plan beside its JSON: files, format, OCR, warnings, provinces."""
        row = self.conn.execute(
            "SELECT id, file, source_file, format, ocr, warnings, province, province_now, is_plan, number, title,"
            " issuer, date FROM plans WHERE id = ?", (plan_id,)).fetchone()
        if row is None:
            return None
        info = dict(row)
        info["warnings"] = json.loads(info["warnings"] or "[]")
        return info

    def matching_plans(self, query: str, filters: Filters | None = None, limit: int = 200) -> list[int]:
        """Ids of the plans whose sections match, best first (all plans passing the filters without words)."""
        filters = filters or Filters()
        window = min(10_000, limit * 8)  # sections read to find ``limit`` plans (a plan matches in several)
        if self.ranked is None:
            rowids = [h.plan_id * ROWS_PER_PLAN for h in self.search(query, filters, limit=window).hits]
        else:
            with self._lock, self._snapshot():
                tantivy_query, words, _ = self._ranked_query(query, filters)
                if tantivy_query is None:
                    return []
                # row ids only: no snippet is cut for sections nobody reads here
                rowids = [rowid for rowid, _ in self.ranked.top(tantivy_query, window, 0, by_date=not words)[1]]
        seen: dict[int, None] = {}
        for rowid in rowids:
            seen.setdefault(rowid // ROWS_PER_PLAN)
            if len(seen) >= limit:
                break
        return list(seen)

    def assignments_of(self, plan_ids: list[int], agency: str | None = None, limit: int = 2000) -> list[dict]:
        """Who does what in these plans: agency, role, cooperating agencies, tasks, deadline, with the plan;
        grouped by agency (accent-insensitive ``agency`` keeps those whose name holds it)."""
        if not plan_ids:
            return []
        marks = ",".join("?" * len(plan_ids))
        where, values = "", []
        if agency and agency.strip():
            where, values = " AND a.agency_folded LIKE ?", [f"%{fold(agency.strip())}%"]
        rows = self.conn.execute(
            f"SELECT a.agency, a.role, a.cooperating, a.tasks, a.section, a.deadline, a.deadline_date,"
            f" a.deadline_recurrence, p.id AS plan_id, p.number, p.title, p.province, p.province_now, p.date"
            f" FROM assignments a JOIN plans p ON p.id = a.plan_id WHERE a.plan_id IN ({marks}){where}"
            f" ORDER BY a.agency_folded, p.date DESC LIMIT ?", [*plan_ids, *values, limit]).fetchall()
        out = []
        for r in rows:
            item = dict(r)
            item["cooperating"] = json.loads(item["cooperating"] or "[]")
            item["tasks"] = json.loads(item["tasks"] or "[]")
            out.append(item)
        return out

    def deadlines_of(self, plan_ids: list[int], limit: int = 2000) -> list[dict]:
        """What falls due when in these plans, in date order: assignments with a dated deadline and targets
        with a year (a target "by 2025" is due on 31 December 2025)."""
        if not plan_ids:
            return []
        marks = ",".join("?" * len(plan_ids))
        rows = self.conn.execute(
            f"SELECT a.deadline_date AS due, a.deadline AS written, 'task' AS what, a.agency AS who, a.tasks AS detail,"
            f" p.id AS plan_id, p.number, p.title, p.province FROM assignments a JOIN plans p ON p.id = a.plan_id"
            f" WHERE a.plan_id IN ({marks}) AND a.deadline_date IS NOT NULL"
            f" UNION ALL SELECT g.year || '-12-31', CAST(g.year AS TEXT), 'target', NULL, g.text, p.id, p.number,"
            f" p.title, p.province FROM targets g JOIN plans p ON p.id = g.plan_id"
            f" WHERE g.plan_id IN ({marks}) AND g.year IS NOT NULL ORDER BY due, plan_id LIMIT ?",
            [*plan_ids, *plan_ids, limit]).fetchall()
        out = []
        for r in rows:
            item = dict(r)
            if item["what"] == "task":
                item["detail"] = "; ".join(json.loads(item["detail"] or "[]"))
            out.append(item)
        return out

    def common_indicators(self, limit: int = 12) -> list[tuple[str, int]]:
        """What most plans set targets for, as (the indicator's first two words as most often written, lower
        case; plans): "trẻ em", "cán bộ", "trường học". Leading words that name no indicator ("các", "số",
        "tỷ lệ" ...) are skipped. The targets page opens with these."""
        from collections import Counter

        if limit in self._indicators:  # the database is read-only: counted once per Corpus
            return self._indicators[limit]
        plans: Counter[str] = Counter()
        spellings: dict[str, Counter[str]] = {}
        for _plan_id, indicators in self.conn.execute(
                "SELECT plan_id, GROUP_CONCAT(indicator, ' | ') FROM targets GROUP BY plan_id"):
            heads = set()
            for indicator in (indicators or "").split(" | "):
                words = [w.lower() for w in re.findall(r"\p{L}+", indicator)]
                while words and fold(words[0]) in _FUNCTION_WORDS:
                    words.pop(0)
                if len(words) >= 2:
                    head = f"{words[0]} {words[1]}"
                    heads.add(fold(head))
                    spellings.setdefault(fold(head), Counter())[head] += 1
            plans.update(heads)
        # ties in plan count in alphabetical order of the folded words: the same answer in every process (the
        # order sets are counted in changes with Python's hash seed)
        ranked = sorted(plans.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        self._indicators[limit] = [(spellings[key].most_common(1)[0][0], n) for key, n in ranked if n > 1]
        return self._indicators[limit]

    def plans_by_province(self) -> list[tuple[str, int]]:
        """Plans (one per rendition group, plans only) by province on the 2025 map, most first."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT province_now, count(*) FROM plans WHERE is_plan = 1 AND ranked_wanted = 1 AND province_now IS NOT NULL"
            " GROUP BY province_now ORDER BY 2 DESC, 1")]

    def plan_count(self) -> int:
        """Plans in the database: one per rendition group, documents that are no plans left out."""
        return self.conn.execute("SELECT count(*) FROM plans WHERE is_plan = 1 AND ranked_wanted = 1").fetchone()[0]

    def plan_rows(self, plan_ids: list[int]) -> dict[int, sqlite3.Row]:
        """id -> (id, number, title, file) of these plans."""
        rows: dict[int, sqlite3.Row] = {}
        for start in range(0, len(plan_ids), 500):
            chunk = plan_ids[start:start + 500]
            for row in self.conn.execute(
                    f"SELECT id, number, title, file FROM plans WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                rows[row["id"]] = row
        return rows

    def targets_side_by_side(self, indicator: str, limit: int = 200) -> list[dict]:
        """Targets whose indicator holds these words, with the plan's province and year, for comparison."""
        words = [fold(w) for w in _WORD.findall(indicator)]
        if not words:
            return []
        where = " AND ".join("g.indicator_folded LIKE ?" for _ in words)
        rows = self.conn.execute(
            f"SELECT p.id, p.province, p.issuer, p.number, g.year AS target_year, p.year AS plan_year, g.value,"
            f" g.comparator, g.indicator FROM targets g JOIN plans p ON p.id = g.plan_id WHERE {where}"
            f" ORDER BY p.province, g.year LIMIT ?", [*(f"%{w}%" for w in words), limit]).fetchall()
        return [dict(r) for r in rows]

    def targets_by_province_year(self, limit: int = 400) -> list[dict]:
        """Count and mean value of targets per province and deadline year (the chart of the web page)."""
        rows = self.conn.execute(
            "SELECT p.province AS province, COALESCE(g.year, p.year) AS year, COUNT(*) AS targets, AVG(g.value) AS mean"
            " FROM targets g JOIN plans p ON p.id = g.plan_id WHERE p.province IS NOT NULL"
            " GROUP BY p.province, COALESCE(g.year, p.year) ORDER BY targets DESC LIMIT ?", (limit,)).fetchall()
        return [dict(r) for r in rows]


def _value_tokens(f: Filters) -> list[str] | None:
    """The target-value index words of a value range (whole numbers; the exact range is checked on each hit):
    None when the range is empty, [] when it is too wide to be worth a filter term (over 1,000 values)."""
    low = f.value_min if f.value_min is not None else 0.0
    high = f.value_max if f.value_max is not None else 1000.0
    if high < low:
        return None
    if high - low > 1000:
        return []
    return sorted({meta_token("v", float(v)) for v in range(int(low // 1), int(high // 1) + 1)})


def hits_to_json(result: SearchResult) -> str:
    return json.dumps(result_dict(result), ensure_ascii=False, indent=1)


def result_dict(result: SearchResult) -> dict:
    out = {"total": result.total, "hits": [h.to_dict() for h in result.hits], "notes": result.notes}
    if result.facets:
        out["plans"] = result.plans
        out["facets"] = {k: [{"value": v, "plans": n} for v, n in pairs] for k, pairs in result.facets.items()}
    return out
