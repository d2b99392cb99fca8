"""The ranked full-text index: an embedded Tantivy index in a folder beside the database (``corpus.sqlite.rank``).

SQLite holds the plans and their structure; this index answers the word queries. Tantivy scores every
matching section in compiled code (BM25, k1 1.2, b 0.75) and keeps the true top k of all matches, where a
ranking function called from SQLite per row could afford only a window of them (see docs/search.md for the
measurements side by side). One document per full-text row of the database (the preamble and each
top-level section), with:

- ``title``/``body``: the text folded (lower case, every diacritic and đ removed: "Đà Nẵng" -> "da nang"),
  with positions for quoted phrases;
- ``pairs``: each two adjacent words as one term, for phrases at the cost of a word;
- ``exact``: the same words with their accents, lower-cased, so a query typed with accents ranks the text
  written that way first ("Đà Nẵng" above "đã … nâng");
- ``meta``: the z-prefixed filter words of the database's ``meta`` column (issuer, agency, kind, cited
  numbers, target values), one token each;
- fast fields for filters, sorting and facet counts: ``year``, ``date`` (yyyymmdd), ``province``, ``kind``,
  ``agency`` (each agency of the plan), ``plan`` and ``is_plan``, and ``value``: every target value of the plan, so
  that a value range is one range query over all matches (a plan matches when one of its targets is in range).

The database records, in ``ranked``, the plans whose documents this index holds; ``sync`` deletes and adds
documents until it holds exactly the plans to rank (one rendition of each plan, see index.py), and records
that only after Tantivy has committed. A crash between the two leaves documents that the next ``sync``
deletes and adds again (every add deletes the plan's documents first, in the same commit).
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path

import tantivy
from tantivy import Occur, Query

# Title words weigh five times body words, as in the SQLite ranking (a word in a section's heading says
# more about the section than one of its sentences)
TITLE_BOOST = 5.0
# The order of hits is by three keys, most important first, each key worth more than the whole range of
# the next, so that the order is lexicographic (BM25 scores of a few words stay under about 60 on the dev
# corpus and the 100,000-plan bench):
# 1. words that stand together in the query and in the text ("bạo lực gia đình", not "bạo lực" here and
#    "quyết định", "quốc gia" pages later): each pair of adjacent words is also indexed as one term of the
#    ``pairs`` field ("bao_luc luc_gia gia_dinh"); each of the query's pairs found adds PAIR_SCORE. Phrase
#    queries over word positions cost 3.3 ms on 2,000 plans (every match's positions read); pairs are
#    posting lists like any word, 0.3 ms;
# 2. words typed with accents and found with the same accents ("Đà Nẵng" above "đã nâng", "bạo lực" above
#    "bảo ... lực"): each adds EXACT_SCORE (accents are often left out of queries and OCR text, so folded
#    matches still come, after);
# 3. BM25 of the folded words (all required), title words weighing TITLE_BOOST.
PAIR_SCORE = 1000.0
EXACT_SCORE = 100.0
# Indexing memory: Tantivy's writer buffers this much before writing a segment (its minimum is 15 MB)
WRITER_HEAP = 48_000_000


def _folded_analyzer():
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())


def _exact_analyzer():
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).filter(tantivy.Filter.lowercase()).build()


def _meta_analyzer():
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


FOLDED = _folded_analyzer()
EXACT = _exact_analyzer()


def _schema():
    b = tantivy.SchemaBuilder()
    b.add_integer_field("rowid", stored=True, indexed=True, fast=True)
    b.add_integer_field("plan", indexed=True, fast=True)
    b.add_integer_field("is_plan", indexed=True, fast=True)
    b.add_integer_field("year", indexed=True, fast=True)
    b.add_integer_field("date", fast=True)
    b.add_float_field("value", indexed=True, fast=True)
    b.add_text_field("title", tokenizer_name="vi_folded")
    b.add_text_field("body", tokenizer_name="vi_folded")
    b.add_text_field("exact", tokenizer_name="vi_exact", index_option="freq")
    b.add_text_field("pairs", tokenizer_name="vi_meta", index_option="freq")
    b.add_text_field("meta", tokenizer_name="vi_meta")
    for name in ("province", "province_now", "kind", "agency"):
        b.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    return b.build()


SCHEMA = _schema()


@dataclass
class RankedPart:
    """A part of a query: one word, or the words of a quoted phrase, as typed."""
    text: str
    quoted: bool = False


# The facets counted for a query: fast fields of the documents
FACETS = ("province", "province_now", "year", "kind", "agency")
# How many queries' facet counts a reader keeps (the oldest is dropped first); a query's counts are a few KB
FACET_MEMORY = 64


def rank_folder(db_path: str | os.PathLike) -> Path:
    return Path(f"{db_path}.rank")


def _open(folder: Path, create: bool) -> "tantivy.Index":
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(SCHEMA, path=str(folder), reuse=True)
    index.register_tokenizer("vi_folded", _folded_analyzer())
    index.register_tokenizer("vi_exact", _exact_analyzer())
    index.register_tokenizer("vi_meta", _meta_analyzer())
    return index


def sync(conn: sqlite3.Connection, db_path: str | os.PathLike, documents) -> tuple[int, int]:
    """Make the index hold exactly the plans of ``plans`` with ``ranked_wanted = 1``; ``documents(plan_id)``
    yields the plan's documents as dicts. Returns (plans added, plans removed)."""
    folder = rank_folder(db_path)
    have = {r[0] for r in conn.execute("SELECT plan_id FROM ranked")}
    # the folder deleted or never built, or built with other fields (an older version): everything again
    if not (folder / "meta.json").exists() or not _compatible(folder):
        shutil.rmtree(folder, ignore_errors=True)
        with conn:
            conn.execute("DELETE FROM ranked")
        have = set()
    want = {r[0] for r in conn.execute("SELECT id FROM plans WHERE ranked_wanted = 1")}
    to_add, to_remove = sorted(want - have), sorted(have - want)
    if not to_add and not to_remove:
        return 0, 0
    index = _open(folder, create=True)
    writer = index.writer(WRITER_HEAP, 1)
    for plan_id in to_remove + to_add:
        writer.delete_documents_by_term("plan", plan_id)
    for plan_id in to_add:
        for fields in documents(plan_id):
            doc = tantivy.Document()
            for name, value in fields.items():
                if isinstance(value, int):
                    doc.add_integer(name, value)
                elif isinstance(value, list):
                    for item in value:
                        if isinstance(item, float):
                            doc.add_float(name, item)
                        else:
                            doc.add_text(name, item)
                elif value:
                    doc.add_text(name, value)
            writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    with conn:
        conn.executemany("DELETE FROM ranked WHERE plan_id = ?", [(p,) for p in to_remove])
        conn.executemany("INSERT OR IGNORE INTO ranked VALUES (?)", [(p,) for p in to_add])
    return len(to_add), len(to_remove)


def _compatible(folder: Path) -> bool:
    """Whether the index in the folder has this version's fields."""
    try:
        _open(folder, create=False)
        return True
    except ValueError:
        return False


class Ranker:
    """Read-only queries over the ranked index of a database."""

    def __init__(self, db_path: str | os.PathLike) -> None:
        folder = rank_folder(db_path)
        if not (folder / "meta.json").exists():
            raise FileNotFoundError(f"{folder}: no ranked index (build it with: kehoach-parser index OUT_DIR --db {db_path})")
        try:
            self.index = _open(folder, create=False)
        except ValueError:
            raise FileNotFoundError(f"{folder}: the ranked index was built by another version (update it with: "
                                    f"kehoach-parser index OUT_DIR --db {db_path})") from None
        self.meta = folder / "meta.json"
        self.seen = self._stamp()
        self.searcher = self.index.searcher()
        self._facets: dict[tuple[str, int], dict[str, list[tuple[str, int]]]] = {}  # facet counts by query

    def _stamp(self) -> int:
        try:
            return self.meta.stat().st_mtime_ns
        except OSError:
            return 0

    def refresh(self) -> None:
        """See the index's latest commit (an index run commits by rewriting meta.json); one stat a query."""
        stamp = self._stamp()
        if stamp != self.seen:
            self.seen = stamp
            self.index.reload()
            self.searcher = self.index.searcher()
            self.forget_facets()

    def query(self, parts: list[RankedPart], filters: list, everything: bool, boosts: bool = True) -> "tantivy.Query":
        """The words of the query (all required), with the scores for word pairs and accents (unless ``boosts``
        is False: plain BM25, for comparisons), and the filter clauses. ``everything``: no words, so every
        document passing the filters."""
        clauses = []
        all_words: list[str] = []
        for part in parts:
            words = FOLDED.analyze(part.text)
            if not words:
                continue
            all_words.extend(words)
            if part.quoted or len(words) > 1:  # a phrase, or a word the tokenizer splits: "2232/QĐ-TTg"
                title = Query.phrase_query(SCHEMA, "title", words) if len(words) > 1 else Query.term_query(SCHEMA, "title", words[0])
                body = Query.phrase_query(SCHEMA, "body", words) if len(words) > 1 else Query.term_query(SCHEMA, "body", words[0])
                clauses.append((Occur.Must, _either(title, body)))
            else:
                clauses.append((Occur.Must, _either(Query.term_query(SCHEMA, "title", words[0]),
                                                    Query.term_query(SCHEMA, "body", words[0]))))
            for word in EXACT.analyze(part.text):
                if boosts and not word.isascii():  # typed with accents: the same accents in the text rank higher
                    clauses.append((Occur.Should, Query.const_score_query(Query.term_query(SCHEMA, "exact", word), EXACT_SCORE)))
        if boosts and len(all_words) > 1:
            for pair in sorted(set(zip(all_words, all_words[1:]))):
                clauses.append((Occur.Should, Query.const_score_query(
                    Query.term_query(SCHEMA, "pairs", "_".join(pair)), PAIR_SCORE)))
        if not any(occur == Occur.Must for occur, _ in clauses) and everything:
            clauses.append((Occur.Must, Query.all_query()))
        clauses.extend((Occur.Must, f) for f in filters)
        return Query.boolean_query(clauses)

    def top(self, query, limit: int, offset: int = 0, by_date: bool = False) -> tuple[int, list[tuple[int, float]]]:
        """(number of matching documents, [(rowid, score)]) of the best ``limit`` after ``offset``: the best by
        score of all matches, or the newest by date."""
        if by_date:
            result = self.searcher.search(query, limit, offset=offset, order_by_field="date")
            scores = [0.0] * len(result.hits)
        else:
            result = self.searcher.search(query, limit, offset=offset)
            scores = [float(score) for score, _ in result.hits]
        # the row ids from their fast field (a column read), not from each hit's stored document
        rowids = self.searcher.fast_field_values("rowid", [address for _, address in result.hits]) if result.hits else []
        return result.count, list(zip(rowids, scores))

    def facets(self, query, size: int = 20) -> dict[str, list[tuple[str, int]]]:
        """Plans matching the query, counted by province (as written and on the 2025 map), year, section kind
        and agency (the ``size`` values of each on most matching sections), and the number of plans in all
        under ``"plans"``. Remembered per query until the index changes (the pages and sort orders of one
        search ask again for the same counts)."""
        key = (repr(query), size)
        if key not in self._facets:
            if len(self._facets) >= FACET_MEMORY:
                self._facets.pop(next(iter(self._facets)))
            self._facets[key] = self._count_facets(query, size)
        return {name: list(pairs) for name, pairs in self._facets[key].items()}

    def forget_facets(self) -> None:
        """Drop the remembered facet counts (the index changed; or a benchmark wants them counted afresh)."""
        self._facets.clear()

    def _count_facets(self, query, size: int) -> dict[str, list[tuple[str, int]]]:
        plans = {"plans": {"cardinality": {"field": "plan"}}}
        aggs = {name: {"terms": {"field": name, "size": size}, "aggs": plans}
                for name in FACETS}
        # A plan names twenty agencies or so, and the plans of each agency value are counted in a sketch of
        # their own: counted for every agency of every match, that was most of the facets' time (99 of 142 ms
        # at p95 on the 100,000-plan bench). The agencies shown are those on most matching sections (as a
        # terms count gives them): they are found first by a plain count, then only theirs are counted in plans
        top_agencies = [b["key"] for b in self.searcher.aggregate(
            query, {"agency": {"terms": {"field": "agency", "size": size}}})["agency"]["buckets"]]
        if top_agencies:
            aggs["agency"]["terms"]["include"] = top_agencies
        else:
            del aggs["agency"]
        aggs["all_plans"] = {"cardinality": {"field": "plan"}}
        out = self.searcher.aggregate(query, aggs)
        counts = {name: [(str(b["key"]), round(b["plans"]["value"])) for b in out[name]["buckets"]] if name in out else []
                  for name in FACETS}
        for name in counts:
            counts[name].sort(key=lambda kv: (-kv[1], kv[0]))
        counts["plans"] = [("", round(out["all_plans"]["value"] or 0))]
        return counts

    # filters, as Tantivy clauses
    @staticmethod
    def meta_phrase(words: str):
        tokens = words.split()
        return Query.phrase_query(SCHEMA, "meta", tokens) if len(tokens) > 1 else Query.term_query(SCHEMA, "meta", tokens[0])

    @staticmethod
    def either(*queries):
        return Query.boolean_query([(Occur.Should, q) for q in queries])

    @staticmethod
    def values(low: float | None, high: float | None):
        """Plans with a target value in [low, high] (None: unbounded; both None: every plan)."""
        if low is None and high is None:
            return Query.all_query()
        return Query.range_query(SCHEMA, "value", tantivy.FieldType.Float, low, high)

    @staticmethod
    def years(first: int, last: int):
        return Query.range_query(SCHEMA, "year", tantivy.FieldType.Integer, first, last)

    @staticmethod
    def plans_only():
        return Query.term_query(SCHEMA, "is_plan", 1)


def word_pairs(text: str) -> str:
    """Each two adjacent words, folded and joined: 'Bạo lực gia đình' -> 'bao_luc luc_gia gia_dinh'."""
    words = FOLDED.analyze(text)
    return " ".join(f"{a}_{b}" for a, b in zip(words, words[1:]))


def _either(title, body):
    """A word in the section's title (weighted) or its body."""
    return Query.boolean_query([(Occur.Should, Query.boost_query(title, TITLE_BOOST)), (Occur.Should, body)])


def documents_of(conn: sqlite3.Connection, plan_id: int) -> list[dict]:
    """The ranked documents of one plan, from the database's rows."""
    plan = conn.execute("SELECT year, date, province, is_plan, province_now FROM plans WHERE id = ?", (plan_id,)).fetchone()
    agencies = sorted({r[0] for r in conn.execute(
        "SELECT agency FROM assignments WHERE plan_id = ? AND agency IS NOT NULL", (plan_id,))})
    values = sorted({float(r[0]) for r in conn.execute(
        "SELECT value FROM targets WHERE plan_id = ? AND value IS NOT NULL", (plan_id,))})
    date = plan[1] or ""
    stamp = int(date.replace("-", "")) if len(date) == 10 and date.replace("-", "").isdigit() else 0
    docs = []
    for rowid, title, body, kind, meta in conn.execute(
            "SELECT rowid, title, body, kind, meta FROM text_rows WHERE plan_id = ? ORDER BY rowid", (plan_id,)):
        text = zlib.decompress(body).decode("utf-8") if body else ""
        docs.append({"rowid": rowid, "plan": plan_id, "is_plan": int(plan[3] or 0), "year": plan[0] or 0,
                     "date": stamp, "title": title or "", "body": text, "exact": f"{title or ''} {text}",
                     "pairs": word_pairs(f"{title or ''} . {text}"),
                     "meta": meta or "", "province": plan[2] or "", "province_now": plan[4] or "", "kind": kind or "", "agency": agencies,
                     "value": values})
    return docs
