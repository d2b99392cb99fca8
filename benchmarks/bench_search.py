"""Search at scale: index the dev plans replicated to N plans (default 100,000) and time word queries with
a filter.

    python benchmarks/bench_search.py [--plans 100000] [--db /tmp/bench.sqlite]

Each copy of a dev plan gets another province, number and year, so filters select real subsets. Reports
the indexing rate (plans/s) and, over 300 queries (a few words plus one filter: province, year range,
section kind, agency, cited document or target value):
- p50/p95 latency of ``Corpus.search`` (the ranked index: top 20 of all matches, with snippets), and with
  the facet counts of the web page (counted afresh each time: a reader remembers them for the next pages);
- side by side, SQLite FTS5's own bm25() ranking every match (``ORDER BY bm25(...) LIMIT 20``, no snippets);
- the overlap of the top 20 with that exhaustive BM25 top 20: of plain BM25 in the ranked index (the same
  formula in another engine) and of the ranking used (BM25 plus the phrase and accent boosts);
- for every tenth query, whether its top 20 has the scores of the first 20 of the ranked index's ranking of
  every match (asked for all of them at once);
- how many sections the median query matches.
JSON on the last line.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path

from kehoach_parser import parse_file
from kehoach_parser.search import Corpus, Filters
from kehoach_parser.search import ranker
from kehoach_parser.search.index import add_plan, choose_renditions, connect
from kehoach_parser.search.query import parse_query, query_parts

ROOT = Path(__file__).resolve().parent.parent
PROVINCES = ["Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Bắc Ninh", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
             "Hà Tĩnh", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Đồng Nai",
             "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Cà Mau", "Lào Cai", "Tuyên Quang", "Thái Nguyên",
             "Phú Thọ", "Ninh Bình", "Hưng Yên", "Lạng Sơn", "Cao Bằng", "Điện Biên", "Lai Châu", "Sơn La"]
QUERIES = [("bạo lực học đường", "issuer"), ("chuyển đổi số", "years"), ("ma túy", "agency"), ("phòng ngừa bạo lực", "kind"),
           ("bình đẳng giới", "cites"), ("trẻ em", "value"), ("kinh tế số", "issuer"), ("quan trắc môi trường", "years"),
           ("thi đua", "issuer"), ("giảm nghèo", "kind"), ("tuyên truyền", "agency"), ("dữ liệu", "value")]


# every this many queries, the top 20 is compared with the ranking of all the query's matches (sorting every
# match costs about a second at 100,000 plans)
EVERY_MATCH_SAMPLE = 10


def plans() -> list[dict]:
    folder = ROOT.parent / "shared" / "corpus-dev"
    if not folder.is_dir():
        folder = ROOT / "corpus"
    paths = [p for p in sorted(folder.glob("*")) if p.suffix in (".txt", ".md") and p.name != "RENDERS.md"]
    return [json.loads(parse_file(p).to_json(spans=False)) for p in paths]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=100_000)
    ap.add_argument("--db", default="/tmp/kehoach-bench.sqlite")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--reuse", action="store_true", help="query an existing database (skip indexing)")
    args = ap.parse_args()
    rng = random.Random(7)
    if args.reuse and os.path.exists(args.db):
        index_seconds = 0.0
        query(args, rng, index_seconds)
        return
    base = plans()
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(args.db + suffix):
            os.remove(args.db + suffix)
    import shutil
    shutil.rmtree(ranker.rank_folder(args.db), ignore_errors=True)
    conn = connect(args.db)
    conn.execute("PRAGMA synchronous = OFF")
    start = time.perf_counter()
    with conn:
        for i in range(args.plans):
            plan = json.loads(json.dumps(base[i % len(base)]))
            province = PROVINCES[i % len(PROVINCES)]
            year = 2018 + (i // len(PROVINCES)) % 9
            plan["header"]["issuer"] = f"Ủy ban nhân dân tỉnh {province}"
            plan["header"]["place"] = province
            plan["header"]["number"] = f"{i + 1}/KH-UBND"
            plan["header"]["date"] = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
            add_plan(conn, f"bench/{i:06d}.json", plan, json.dumps(plan, ensure_ascii=False))
        choose_renditions(conn)
    conn.execute("INSERT INTO plan_text(plan_text) VALUES ('optimize')")
    conn.commit()
    sqlite_seconds = time.perf_counter() - start
    ranker.sync(conn, args.db, lambda plan_id: ranker.documents_of(conn, plan_id))
    conn.close()
    index_seconds = time.perf_counter() - start
    print(f"indexed {args.plans} plans in {index_seconds:.0f} s = {args.plans / index_seconds:.0f} plans/s "
          f"(SQLite {sqlite_seconds:.0f} s, then the ranked index {index_seconds - sqlite_seconds:.0f} s)")
    query(args, rng, index_seconds)


def query(args, rng, index_seconds: float) -> None:
    size_mb = os.path.getsize(args.db) / 1e6

    corpus = Corpus(args.db)
    bases = len(plans())  # plan i + 1 is a copy of dev plan i % bases
    cited = [r["number"] for r in corpus.plans_by_legal_basis(20)]
    latencies, faceted, exhaustive, matches, overlap_plain, overlap_used = [], [], [], [], [], []
    every_match_checked: list[bool] = []
    for n in range(args.queries):
        words, kind = QUERIES[n % len(QUERIES)]
        filters = {
            "issuer": Filters(issuer=rng.choice(PROVINCES)),
            "years": Filters(year_from=2020 + n % 5, year_to=2021 + n % 5),
            "agency": Filters(agency=rng.choice(["công an", "sở y tế", "sở giáo dục", "sở tài chính"])),
            "kind": Filters(kind=rng.choice(["objectives", "implementation", "tasks_solutions"])),
            "cites": Filters(cites=rng.choice(cited)) if cited else Filters(),
            "value": Filters(value_min=80, value_max=100),
        }[kind]
        t0 = time.perf_counter()
        used = corpus.search(words, filters, limit=20)
        latencies.append((time.perf_counter() - t0) * 1000)
        corpus.ranked.forget_facets()  # counted afresh: the reader remembers a query's facets for its next pages
        t0 = time.perf_counter()
        corpus.search(words, filters, limit=20, facets=True)
        faceted.append((time.perf_counter() - t0) * 1000)
        if n % EVERY_MATCH_SAMPLE == 0:
            # the top 20 against the same engine's ranking of every match (limit = all of them): equal scores
            # say the 20 shown are the best of all matches, not of a window
            tantivy_query = corpus._ranked_query(words, filters)[0]
            if tantivy_query is not None:
                total, top = corpus.ranked.top(tantivy_query, 20)
                _, every = corpus.ranked.top(tantivy_query, max(total, 1))
                every_match_checked.append([s for _, s in top] == [s for _, s in every[:20]])
        if kind == "value":
            continue  # SQLite matches target values on whole-number words, checked hit by hit: no exhaustive SQL equivalent
        # the same query, every match ranked by SQLite FTS5's bm25() (title 5, body 1, as the ranked index)
        match = " AND ".join(["(" + " AND ".join(parse_query(words)[0]) + ")"] + corpus._filter_terms(filters))
        t0 = time.perf_counter()
        best = [r[0] for r in corpus.conn.execute(
            "SELECT rowid FROM plan_text WHERE plan_text MATCH ? ORDER BY bm25(plan_text, 5.0, 1.0, 0.0) LIMIT 20", (match,))]
        exhaustive.append((time.perf_counter() - t0) * 1000)
        matches.append(used.total or 0)
        plain_query = corpus.ranked.query(query_parts(words)[0], corpus._filter_clauses(filters), False, boosts=False)
        plain = [rowid for rowid, _ in corpus.ranked.top(plain_query, 20)[1]]
        shown = [h.plan_id * 64 + row_number(corpus, h) for h in used.hits]
        if best:
            overlap_plain.append(overlap(plain, best, bases))
            overlap_used.append(overlap(shown, best, bases))
    figures = {"plans": args.plans, "index_plans_per_s": round(args.plans / index_seconds) if index_seconds else None,
               "db_mb": round(size_mb), "rank_index_mb": round(folder_mb(ranker.rank_folder(args.db))),
               "median_matching_sections": statistics.median(matches) if matches else None}
    for name, values in (("ranked", latencies), ("ranked_with_facets", faceted), ("sqlite_bm25_all_matches", exhaustive)):
        values.sort()
        p50, p95 = statistics.median(values), values[int(0.95 * (len(values) - 1))]
        print(f"{name}: {len(values)} queries, p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {values[-1]:.1f} ms")
        figures[f"{name}_p50_ms"], figures[f"{name}_p95_ms"] = round(p50, 1), round(p95, 1)
    figures["top20_equal_to_every_match_ranking"] = f"{sum(every_match_checked)}/{len(every_match_checked)}"
    print(f"top 20 equal (scores) to the ranking of every match: {figures['top20_equal_to_every_match_ranking']} queries")
    figures["top20_overlap_plain_bm25"] = round(statistics.mean(overlap_plain), 3) if overlap_plain else None
    figures["top20_overlap_ranking_used"] = round(statistics.mean(overlap_used), 3) if overlap_used else None
    print(f"top-20 overlap with SQLite's exhaustive bm25: plain BM25 {figures['top20_overlap_plain_bm25']}, "
          f"ranking used (with boosts) {figures['top20_overlap_ranking_used']}")
    print(json.dumps(figures))


def overlap(rowids: list[int], best: list[int], bases: int) -> float:
    """Share of the exhaustive top 20 found, counting the copies of one dev section as the same text (the
    copies score alike, and two engines break such ties differently)."""
    from collections import Counter

    def text_of(rowid: int) -> tuple[int, int]:
        return ((rowid // 64 - 1) % bases, rowid % 64)

    return sum((Counter(map(text_of, rowids)) & Counter(map(text_of, best))).values()) / len(best)


def row_number(corpus, hit) -> int:
    row = corpus.conn.execute("SELECT rowid FROM text_rows WHERE plan_id = ? AND path = ?",
                              (hit.plan_id, hit.section_path)).fetchone()
    return row[0] % 64


def folder_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in Path(folder).glob("*") if f.is_file()) / 1e6


if __name__ == "__main__":
    main()
