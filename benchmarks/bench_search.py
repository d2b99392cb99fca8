"""Search at scale: index the dev plans replicated to N plans (default 100,000) and time word queries with
a filter.

    python benchmarks/bench_search.py [--plans 100000] [--db /tmp/bench.sqlite]

Each copy of a dev plan gets another province, number and year, so filters select real subsets. Reports
the indexing rate (plans/s) and the p50/p95 latency of 300 queries (a few words plus one filter: province,
year range, section kind, agency, cited document or target value), as JSON on the last line.
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
from kehoach_parser.search.index import add_plan, connect

ROOT = Path(__file__).resolve().parent.parent
PROVINCES = ["Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Bắc Ninh", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
             "Hà Tĩnh", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Đồng Nai",
             "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Cà Mau", "Lào Cai", "Tuyên Quang", "Thái Nguyên",
             "Phú Thọ", "Ninh Bình", "Hưng Yên", "Lạng Sơn", "Cao Bằng", "Điện Biên", "Lai Châu", "Sơn La"]
QUERIES = [("bạo lực học đường", "issuer"), ("chuyển đổi số", "years"), ("ma túy", "agency"), ("phòng ngừa bạo lực", "kind"),
           ("bình đẳng giới", "cites"), ("trẻ em", "value"), ("kinh tế số", "issuer"), ("quan trắc môi trường", "years"),
           ("thi đua", "issuer"), ("giảm nghèo", "kind"), ("tuyên truyền", "agency"), ("dữ liệu", "value")]


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
    conn.execute("INSERT INTO plan_text(plan_text) VALUES ('optimize')")
    conn.commit()
    conn.close()
    index_seconds = time.perf_counter() - start
    print(f"indexed {args.plans} plans in {index_seconds:.0f} s = {args.plans / index_seconds:.0f} plans/s")
    query(args, rng, index_seconds)


def query(args, rng, index_seconds: float) -> None:
    size_mb = os.path.getsize(args.db) / 1e6

    corpus = Corpus(args.db)
    cited = [r["number"] for r in corpus.plans_by_legal_basis(20)]
    latencies = []
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
        corpus.search(words, filters, limit=20)
        latencies.append((time.perf_counter() - t0) * 1000)
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"{len(latencies)} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms")
    rate = round(args.plans / index_seconds) if index_seconds else None
    print(json.dumps({"plans": args.plans, "index_plans_per_s": rate, "db_mb": round(size_mb),
                      "p50_ms": round(p50, 1), "p95_ms": round(p95, 1)}))


if __name__ == "__main__":
    main()
