"""An embedded SQLite database of parsed plans: structured tables plus FTS5 full-text search.

One database file, no server. Built (and updated incrementally) from a folder of plan JSON files:

- ``plans``: one row per plan (file, issuer, province, number, date, year, document type, title, signer,
  and the whole JSON for the plan page);
- ``sections``, ``targets``, ``assignments``, ``legal_bases``: one row per item, for filters and cross-plan views;
- ``plan_text``: a contentless FTS5 table (the index only, no copy of the text), one row per top-level
  section plus one for the header and preamble; its rowid is ``plan_id * 64 + n``, so the plan of a hit is
  ``rowid >> 6`` and ``text_rows`` says which section it is (and keeps its text, compressed, for snippets).
  A third column, ``meta``, holds the facts the filters ask about as words prefixed with z (a letter no
  Vietnamese word has): issuer and agency words (``zinghe zian``, ``zacong zaan``), section kind
  (``zkobjectives``), year (``zy2024``), cited numbers (``zc2232qdttg``), target values (``zv100``). A filter
  is one more term of the full-text query over short posting lists: no scan, and no column filter. The
  tokenizer folds case and diacritics (``remove_diacritics 2``) and đ is written d before indexing (FTS5
  never folds it), so "bao luc hoc duong" finds "bạo lực học đường" and "Da Nang" finds "Đà Nẵng".
  Ranking is FTS5's bm25. Snippets are cut from the original text of the plan (folding keeps character
  positions). The plan JSON is stored zlib-compressed.

Incremental, over several folders: ``files`` remembers each JSON's absolute path, the folder it was indexed
from, its size and modification time. Indexing a folder skips its unchanged files, replaces changed ones and
removes the plans whose files are gone from that folder; plans from other folders are kept (``prune``
also removes theirs whose files are gone).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from .. import regexes as re

from ..plan_files import plan_json_paths, read_plan
from ..vocab import fold
from . import ranker

SCHEMA = """
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, root TEXT, size INTEGER, mtime_ns INTEGER, plan_id INTEGER);
CREATE INDEX IF NOT EXISTS files_root ON files(root);
CREATE TABLE IF NOT EXISTS plans (
    id INTEGER PRIMARY KEY, file TEXT, source_file TEXT, format TEXT, ocr INTEGER, warnings TEXT,
    group_key TEXT, quality INTEGER, is_plan INTEGER, ranked_wanted INTEGER DEFAULT 0, province_now TEXT, issuer TEXT, issuer_folded TEXT, province TEXT, province_folded TEXT,
    number TEXT, date TEXT, year INTEGER, doc_type TEXT, title TEXT, signer TEXT, json BLOB);
CREATE INDEX IF NOT EXISTS plans_year ON plans(year);
CREATE INDEX IF NOT EXISTS plans_province ON plans(province_folded);
CREATE INDEX IF NOT EXISTS plans_group ON plans(group_key);
CREATE TABLE IF NOT EXISTS sections (plan_id INTEGER, path TEXT, title TEXT, kind TEXT, depth INTEGER);
CREATE INDEX IF NOT EXISTS sections_plan ON sections(plan_id);
CREATE TABLE IF NOT EXISTS targets (
    plan_id INTEGER, value REAL, value_max REAL, comparator TEXT, indicator TEXT, indicator_folded TEXT,
    year INTEGER, section TEXT, text TEXT);
CREATE INDEX IF NOT EXISTS targets_plan ON targets(plan_id);
CREATE INDEX IF NOT EXISTS targets_value ON targets(value);
CREATE TABLE IF NOT EXISTS assignments (
    plan_id INTEGER, agency TEXT, agency_folded TEXT, role TEXT, cooperating TEXT, tasks TEXT, section TEXT,
    deadline TEXT, deadline_date TEXT, deadline_recurrence TEXT);
CREATE INDEX IF NOT EXISTS assignments_plan ON assignments(plan_id);
CREATE INDEX IF NOT EXISTS assignments_agency ON assignments(agency_folded);
CREATE TABLE IF NOT EXISTS legal_bases (
    plan_id INTEGER, doc_type TEXT, number TEXT, number_folded TEXT, date TEXT, issuer TEXT, subject TEXT);
CREATE INDEX IF NOT EXISTS legal_bases_plan ON legal_bases(plan_id);
CREATE INDEX IF NOT EXISTS legal_bases_number ON legal_bases(number_folded);
CREATE VIRTUAL TABLE IF NOT EXISTS plan_text USING fts5(
    title, body, meta, content = '', tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS text_rows (
    rowid INTEGER PRIMARY KEY, plan_id INTEGER, path TEXT, title TEXT, body BLOB, kind TEXT, meta TEXT);
CREATE INDEX IF NOT EXISTS text_rows_plan ON text_rows(plan_id);
CREATE TABLE IF NOT EXISTS ranked (plan_id INTEGER PRIMARY KEY);
"""

# The province or city in an issuer: "Ủy ban nhân dân tỉnh Bình Thuận" -> "Bình Thuận",
# "UBND thành phố Cần Thơ" -> "Cần Thơ", "Sở Y tế tỉnh Đắk Nông" -> "Đắk Nông"
# FTS rows per plan: the preamble and up to 63 top-level sections (rowid = plan_id * 64 + n)
ROWS_PER_PLAN = 64
PROVINCE = re.compile(r"(?:tỉnh|thành\s+phố|TP\.?)\s+(?P<name>\p{Lu}[\p{L}\-]*(?:\s+\p{Lu}[\p{L}\-]*){0,3})")


@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)  # "path: what is wrong", one per plan not indexed
    rebuilt: bool = False  # the database had an older layout and was built again
    ranked_added: int = 0    # plans added to / removed from the ranked index
    ranked_removed: int = 0

    def line(self) -> str:
        written = self.added + self.updated
        # the rate of the plans written, when some were ("0 plans/s" after a run with nothing to do said nothing)
        rate = f" ({written / self.seconds:.0f} plans/s)" if written and self.seconds else ""
        again = "database of an older layout rebuilt: " if self.rebuilt else ""
        return (f"{again}added {self.added}, updated {self.updated}, removed {self.removed}, unchanged {self.unchanged}, "
                f"failed {self.failed} in {self.seconds:.1f} s{rate}")


# PRAGMA user_version of the layout above; 2: files keyed by absolute path with the folder indexed from;
# 3: renditions of one plan grouped, the ranked index beside the database, the province on the 2025 map;
# 4: plan ids derived from the plan (stable_plan_id), not a row counter
LAYOUT_VERSION = 4
# Bits of a plan id: 40 bits keep ids at 13 digits at most and the FTS row id (id * 64 + n) far inside SQLite's
# 63; at 100,000 plans two keys share an id with probability 0.5 % (the second then takes the next free id)
PLAN_ID_BITS = 40
DATA_TABLES = ("files", "plans", "sections", "targets", "assignments", "legal_bases", "plan_text", "text_rows",
               "ranked")


def connect(db_path: str | os.PathLike, read_only: bool = False) -> sqlite3.Connection:
    path = Path(db_path)
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such database (build it with: kehoach-parser index OUT_DIR --db {path})")
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn, _ = connect_for_writing(path)
    conn.row_factory = sqlite3.Row
    return conn


class DatabaseProblem(sqlite3.DatabaseError):
    """A database file that is not one, or is damaged; the message names the file and what to do."""


# SQLite's own check reads every page: run on open for writing up to this size (a few seconds), beyond it
# the header and the schema are checked and damage met later is reported as it is met
QUICK_CHECK_MAX_BYTES = 1 << 30
_SQLITE_HEADER = b"SQLite format 3\x00"


def _damaged(path: str | os.PathLike, detail: str) -> DatabaseProblem:
    return DatabaseProblem(f"{path}: the database is damaged ({detail}); delete it and index again (it holds only "
                           f"what the plan JSON files hold)")


def check_database(path: Path) -> None:
    """Refuse a file that is not an SQLite database, or a damaged one (SQLite's quick_check, up to
    QUICK_CHECK_MAX_BYTES)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return  # created on open
    except OSError as exc:
        raise DatabaseProblem(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if size == 0:
        return
    if header != _SQLITE_HEADER:
        raise DatabaseProblem(f"{path}: not an SQLite database (another file, or its start is damaged); "
                              f"give another --db, or delete it to index again")
    if size > QUICK_CHECK_MAX_BYTES:
        return
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        verdict = str(exc)
    if verdict != "ok":
        raise _damaged(path, verdict.splitlines()[0][:120])


def connect_for_writing(db_path: str | os.PathLike) -> tuple[sqlite3.Connection, bool]:
    """The database opened for indexing, created or upgraded to the current layout; and whether an older
    layout had to be dropped (its data is all derived from plan JSON files, so indexing builds it again).
    A file that is not a database, or a damaged one, is refused (DatabaseProblem)."""
    check_database(Path(db_path))
    conn = sqlite3.connect(db_path)
    try:
        rebuilt = _upgrade_layout(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise _damaged(db_path, str(exc)) from None
    if rebuilt:
        shutil.rmtree(ranker.rank_folder(db_path), ignore_errors=True)
    conn.executescript(SCHEMA)
    conn.execute(f"PRAGMA user_version = {LAYOUT_VERSION}")
    conn.row_factory = sqlite3.Row
    return conn, rebuilt


def _former_provinces() -> list[tuple[str, str]]:
    """(folded letters of a province name before 2025, the current province) longest first, from the
    vocabulary provinces_2025.yaml."""
    from ..vocab import load

    pairs = [(_alnum(old), now) for now, olds in load("provinces_2025")["current"].items() for old in olds]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


_FORMER = None
_NATIONAL = None


def current_province(name: str | None) -> str | None:
    """The province of the 34 (from 1 July 2025) that a province named as written now belongs to:
    'Bình Thuận' -> 'Lâm Đồng', 'Bà Rịa - Vũng Tàu' -> 'Hồ Chí Minh', 'Nghệ An' -> 'Nghệ An'; None when the
    name is no province."""
    global _FORMER
    if not name:
        return None
    if _FORMER is None:
        _FORMER = _former_provinces()
    key = _alnum(name)
    for old, now in _FORMER:
        if key.startswith(old):
            return now
    return None


def _upgrade_layout(conn: sqlite3.Connection) -> bool:
    """Drop the tables of a database of an older layout (True when it did)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    has_tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'files'").fetchone()[0]
    if has_tables and version < LAYOUT_VERSION:
        for table in DATA_TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {table}")
        conn.commit()
        return True
    return False


def province_of(issuer: str | None, place: str | None) -> str | None:
    """The province of a plan: named in the issuer ("Ủy ban nhân dân tỉnh Bình Thuận"), else the place
    beside the date when it is a province ("Cần Thơ", not the commune "Lương Minh"); none for a national
    issuer (the Prime Minister signs in Hà Nội for the whole country)."""
    global _NATIONAL
    if issuer:
        m = PROVINCE.search(issuer)
        if m:
            return m.group("name")
        if _NATIONAL is None:
            from ..vocab import load

            _NATIONAL = tuple(fold(name) for name in load("provinces_2025")["national_issuers"])
        folded = fold(issuer)
        if any(folded == name or folded.startswith(name + " ") for name in _NATIONAL):
            return None
    if place and current_province(place):
        return place
    return None


# How far a rendition's text is trusted, best first: the text as published (text, Markdown), HTML and Word,
# legacy Word (through LibreOffice), a PDF's text layer, then anything read by OCR. Of several renditions of
# one plan, the most trusted one is searched and shown; the others are listed as its files.
FORMAT_QUALITY = {"text": 0, "markdown": 0, "html": 1, "docx": 1, "doc": 2, "pdf": 3, "image": 5}
OCR_QUALITY = 5


def rendition_quality(plan: dict) -> int:
    """Lower is better: the format's rank, then the number of warnings."""
    source = plan.get("source") or {}
    rank = OCR_QUALITY if source.get("ocr") else FORMAT_QUALITY.get(source.get("format") or "", 4)
    return rank * 1000 + min(len(plan.get("warnings") or []), 999)


def _alnum(text: str | None) -> str:
    return re.sub(r"[^a-z0-9]+", "", fold(text or ""))


def plan_identity(plan: dict, province: str | None) -> str:
    """A key shared by the renditions of one plan (its .txt, .pdf, .docx and scan): the number, date and
    province when the header has a number and a date ("153/KH-UBND" alone recurs across provinces and years),
    else a digest of the folded title and top-level section titles."""
    header = plan.get("header") or {}
    number, date = _alnum(header.get("number")), header.get("date") or ""
    if number and date:
        return f"n:{number}:{date}:{_alnum(province)}"
    words = [header.get("title") or ""] + [s.get("title") or "" for s in plan.get("sections") or []]
    return "c:" + hashlib.sha1(" ".join(_alnum(w) for w in words).encode("utf-8")).hexdigest()[:20]


def looks_like_a_plan(plan: dict) -> bool:
    """False for a document without a plan's structure (a README converted with the plans, a cover letter):
    no numbered outline, target or assignment, or no issuer, number or document type in its header."""
    header = plan.get("header") or {}
    structure = plan.get("sections") or plan.get("targets") or plan.get("assignments")
    identity = header.get("issuer") or header.get("number") or header.get("doc_type")
    return bool(structure and identity)


def _plan_rows(plan: dict) -> tuple[tuple, list[tuple], list[tuple], list[tuple], list[tuple]]:
    header = plan.get("header") or {}
    signature = plan.get("signature") or {}
    source = plan.get("source") or {}
    date = header.get("date")
    year = int(date[:4]) if date and date[:4].isdigit() else None
    province = province_of(header.get("issuer"), header.get("place"))
    plan_row = (current_province(province), source.get("file"), source.get("format"), int(bool(source.get("ocr"))),
                json.dumps(plan.get("warnings") or [], ensure_ascii=False), plan_identity(plan, province),
                rendition_quality(plan), int(looks_like_a_plan(plan)),
                header.get("issuer"), fold(header.get("issuer") or ""), province, fold(province or ""),
                header.get("number"), date, year, header.get("doc_type"), header.get("title"), signature.get("name"))
    sections = []

    def walk(nodes, depth):
        for node in nodes or []:
            sections.append((node.get("path"), node.get("title"), node.get("kind"), depth))
            walk(node.get("children"), depth + 1)

    walk(plan.get("sections"), 1)
    targets = [(t.get("value"), t.get("value_max"), t.get("comparator"), t.get("indicator"), fold(t.get("indicator") or ""),
                t.get("year"), t.get("section"), t.get("text")) for t in plan.get("targets") or []]
    assignments = [(a.get("agency"), fold(a.get("agency") or ""), a.get("role"), json.dumps(a.get("cooperating") or [], ensure_ascii=False),
                    json.dumps(a.get("tasks") or [], ensure_ascii=False), a.get("section"), a.get("deadline"),
                    a.get("deadline_date"), a.get("deadline_recurrence"))
                   for a in plan.get("assignments") or []]
    bases = [(b.get("doc_type"), b.get("number"), fold(b.get("number") or ""), b.get("date"), b.get("issuer"), b.get("subject"))
             for b in plan.get("legal_bases") or []]
    return plan_row, sections, targets, assignments, bases


def section_texts(plan: dict) -> list[tuple[str, str, str, str]]:
    """(path, kind, title, text) of the rows indexed for a plan: '' for the header and preamble, then each
    top-level section with everything below it."""
    header = plan.get("header") or {}
    preamble = " ".join(filter(None, [header.get("title")] + [
        " ".join(filter(None, [b.get("doc_type"), b.get("number"), b.get("issuer"), b.get("subject")]))
        for b in plan.get("legal_bases") or []]))
    rows = [("", "", header.get("title") or "", preamble)]

    def flatten(node) -> str:
        parts = [node.get("title") or "", node.get("text") or ""]
        parts.extend(flatten(child) for child in node.get("children") or [])
        return " ".join(p for p in parts if p)

    for node in plan.get("sections") or []:
        rows.append((node.get("path") or "", node.get("kind") or "", node.get("title") or "", flatten(node)))
    return rows


def plan_key(plan: dict, rel: str) -> str:
    """What identifies an indexed plan across re-indexing: the bytes of its source file and the file's name
    (copies under other names stay apart), else the JSON's place in its folder (text parsed from stdin)."""
    source = plan.get("source") or {}
    digest, file = source.get("sha256"), source.get("file")
    if isinstance(digest, str) and digest and isinstance(file, str):
        return f"{digest}|{Path(file).name}"
    return f"json|{rel}"


def stable_plan_id(conn: sqlite3.Connection, key: str) -> int:
    """The plan id of ``key``: the first free id from its hash (so /plan/N links survive a re-index, where a
    row counter gave a changed plan a new id)."""
    plan_id = int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big") >> (64 - PLAN_ID_BITS)
    plan_id = max(plan_id, 1)
    while conn.execute("SELECT 1 FROM plans WHERE id = ?", (plan_id,)).fetchone() is not None:
        plan_id = plan_id % (2 ** PLAN_ID_BITS - 1) + 1
    return plan_id


def _delete_plan(conn: sqlite3.Connection, plan_id: int) -> None:
    row = conn.execute("SELECT json FROM plans WHERE id = ?", (plan_id,)).fetchone()
    if row is not None:
        # a contentless FTS5 table forgets a row when told the values it indexed
        rows, _ = _fts_rows(plan_id, json.loads(zlib.decompress(row[0])))
        conn.executemany("INSERT INTO plan_text (plan_text, rowid, title, body, meta) VALUES ('delete', ?, ?, ?, ?)", rows)
    # 'ranked' too: a plan indexed again under the same id must be sent to the ranked index again
    for table in ("sections", "targets", "assignments", "legal_bases", "text_rows", "ranked"):
        conn.execute(f"DELETE FROM {table} WHERE plan_id = ?", (plan_id,))
    conn.execute("DELETE FROM plans WHERE id = ?", (plan_id,))


def add_plan(conn: sqlite3.Connection, file: str, plan: dict, raw_json: str) -> int:
    plan_row, sections, targets, assignments, bases = _plan_rows(plan)
    plan_id = stable_plan_id(conn, plan_key(plan, file))
    conn.execute(
        "INSERT INTO plans (id, file, province_now, source_file, format, ocr, warnings, group_key, quality, is_plan, issuer, issuer_folded,"
        " province, province_folded, number, date, year, doc_type, title, signer, json)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (plan_id, file, *plan_row, zlib.compress(raw_json.encode("utf-8"), 1)))
    conn.executemany("INSERT INTO sections VALUES (?,?,?,?,?)", [(plan_id, *s) for s in sections])
    conn.executemany("INSERT INTO targets VALUES (?,?,?,?,?,?,?,?,?)", [(plan_id, *t) for t in targets])
    conn.executemany("INSERT INTO assignments VALUES (?,?,?,?,?,?,?,?,?,?)", [(plan_id, *a) for a in assignments])
    conn.executemany("INSERT INTO legal_bases VALUES (?,?,?,?,?,?,?)", [(plan_id, *b) for b in bases])
    rows, texts = _fts_rows(plan_id, plan)
    conn.executemany("INSERT INTO text_rows (rowid, plan_id, path, title, body, kind, meta) VALUES (?,?,?,?,?,?,?)",
                     [(plan_id * ROWS_PER_PLAN + n, plan_id, path, title, zlib.compress(body.encode("utf-8"), 1),
                       kind or ("header" if not path else ""), row[3])
                      for n, ((path, kind, title, body), row) in enumerate(zip(texts, rows))])
    conn.executemany("INSERT INTO plan_text (rowid, title, body, meta) VALUES (?,?,?,?)", rows)
    return plan_id


def _fts_rows(plan_id: int, plan: dict) -> tuple[list[tuple], list[tuple[str, str, str, str]]]:
    """The full-text rows of a plan (rowid, title, body, meta) and the sections they come from; the same
    values index a plan and, for a contentless table, delete it."""
    meta = plan_meta(plan)
    texts = section_texts(plan)[:ROWS_PER_PLAN]
    rows = [(plan_id * ROWS_PER_PLAN + n, fts_text(title), fts_text(body), f"{meta} . {_kind_word(path, kind)}")
            for n, (path, kind, title, body) in enumerate(texts)]
    return rows, texts


def fts_text(text: str) -> str:
    """Text as the full-text index takes it: FTS5's remove_diacritics folds every mark but never đ, so đ -> d
    here (a plain replace: folding whole documents in Python cost more than the indexing itself)."""
    return text.replace("đ", "d").replace("Đ", "D")


def meta_token(prefix: str, value) -> str:
    """A filter fact as one index word, prefixed with z (a letter Vietnamese does not use, so no word of a
    text can collide): ('c', '2232/QĐ-TTg') -> 'zc2232qdttg'; ('v', 99.5) -> 'zv99'; ('k', 'tasks_solutions')
    -> 'zktaskssolutions'."""
    if prefix == "v":
        return f"zv{int(value // 1)}" if value >= 0 else f"zvneg{int(-value // 1)}"
    return "z" + prefix + _alnum(str(value))


def _kind_word(path: str, kind: str | None) -> str:
    """The section-kind index word of a row: the preamble row is 'zkheader'."""
    return meta_token("k", kind or ("header" if not path else "none"))


def meta_words(prefix: str, text: str) -> str:
    """Every word of a name as a prefixed index word, in order (a phrase of them matches part of the name):
    ('i', 'Ủy ban nhân dân tỉnh Nghệ An') -> 'ziuy ziban zinhan zidan zitinh zinghe zian'."""
    return " ".join("z" + prefix + w for w in re.findall(r"[a-z0-9]+", fold(text or "")))


def plan_meta(plan: dict) -> str:
    """The filter facts of a plan as index words for the ``meta`` column."""
    header = plan.get("header") or {}
    words = [meta_words("i", header.get("issuer") or ""), meta_words("i", header.get("place") or "")]
    # the province on the map of 2025 too, so that a filter by either name finds the plan
    words.append(meta_words("n", current_province(province_of(header.get("issuer"), header.get("place"))) or ""))
    words += [meta_words("a", a.get("agency") or "") for a in plan.get("assignments") or []]
    date = header.get("date") or ""
    if date[:4].isdigit():
        words.append(f"zy{date[:4]}")
    words += [meta_token("c", b["number"]) for b in plan.get("legal_bases") or [] if b.get("number")]
    words += sorted({meta_token("v", t["value"]) for t in plan.get("targets") or [] if t.get("value") is not None})
    return " . ".join(w for w in words if w)


def choose_renditions(conn: sqlite3.Connection) -> None:
    """Of the plans sharing an identity (renditions of one plan), mark the most trusted one to be ranked."""
    conn.execute(
        "UPDATE plans SET ranked_wanted = (id = (SELECT r.id FROM plans r WHERE r.group_key = plans.group_key"
        " ORDER BY r.quality, r.id LIMIT 1))")


def build_index(json_dir: str | os.PathLike, db_path: str | os.PathLike, prune: bool = False) -> IndexReport:
    """Index every plan JSON under ``json_dir`` (recursively; manifest and gold files are not plans) into the
    database, beside the plans of other folders already there. Plans whose files are gone from ``json_dir``
    are removed; with ``prune``, also those of any folder whose files are gone."""
    started = time.perf_counter()
    root = Path(json_dir).resolve()
    paths = plan_json_paths(root)
    conn, rebuilt = connect_for_writing(db_path)
    report = IndexReport(rebuilt=rebuilt)
    known = {r["path"]: r for r in conn.execute("SELECT path, size, mtime_ns, plan_id FROM files WHERE root = ?",
                                                (str(root),))}
    seen = set()
    with conn:
        # one transaction for the whole update (without it the first plan's savepoint would commit on its
        # own): readers see the database before or after, never between
        conn.execute("BEGIN IMMEDIATE")
        for path in paths:
            key = str(path)
            # shown as the folder's name and the path inside it: "out/13_bac-ninh.json"
            rel = f"{root.name}/{path.relative_to(root).as_posix()}"
            seen.add(key)
            stat = path.stat()
            old = known.get(key) or conn.execute("SELECT path, size, mtime_ns, plan_id FROM files WHERE path = ?",
                                                 (key,)).fetchone()
            if old and old["size"] == stat.st_size and old["mtime_ns"] == stat.st_mtime_ns:
                report.unchanged += 1
                continue
            read = read_plan(path)
            if read is None:
                report.failed += 1
                report.failures.append(f"{rel}: not a plan JSON (unreadable, or no header)")
                continue
            raw, plan = read
            # one plan that does not follow the schema (a field of the wrong type) is reported and skipped;
            # the plans before and after it are indexed
            conn.execute("SAVEPOINT one_plan")
            try:
                if old:
                    _delete_plan(conn, old["plan_id"])
                plan_id = add_plan(conn, rel, plan, raw)
            except (TypeError, ValueError, KeyError, AttributeError) as exc:
                conn.execute("ROLLBACK TO one_plan")
                conn.execute("RELEASE one_plan")
                report.failed += 1
                report.failures.append(f"{rel}: not a plan of the schema ({type(exc).__name__}: {exc})".splitlines()[0])
                continue
            conn.execute("RELEASE one_plan")
            conn.execute("INSERT OR REPLACE INTO files (path, root, size, mtime_ns, plan_id) VALUES (?,?,?,?,?)",
                         (key, str(root), stat.st_size, stat.st_mtime_ns, plan_id))
            if old:
                report.updated += 1
            else:
                report.added += 1
        gone = [old for key, old in known.items() if key not in seen]
        if prune:
            gone += [old for old in conn.execute("SELECT path, plan_id FROM files WHERE root != ?", (str(root),))
                     if not Path(old["path"]).is_file()]
        for old in gone:
            _delete_plan(conn, old["plan_id"])
            conn.execute("DELETE FROM files WHERE path = ?", (old["path"],))
            report.removed += 1
        choose_renditions(conn)
    conn.execute("INSERT INTO plan_text(plan_text) VALUES ('optimize')")
    conn.commit()
    report.ranked_added, report.ranked_removed = ranker.sync(conn, db_path, lambda plan_id: ranker.documents_of(conn, plan_id))
    conn.close()
    report.seconds = time.perf_counter() - started
    return report
