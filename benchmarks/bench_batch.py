"""Batch throughput: files per second with 1 and 2 worker processes, and on a Dask LocalCluster.

    python benchmarks/bench_batch.py [--files 200]

The inputs are the dev texts copied under other names with one distinct line each (so no copy is
recognised as a duplicate and every file is really parsed). CPU-bound work: the 2-worker rate should
approach twice the 1-worker rate on a 2-core machine. The Dask run's outputs are compared with the local ones.
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from kehoach_parser.batch import run_batch

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=200)
    args = ap.parse_args()
    folder = ROOT.parent / "shared" / "corpus-dev"
    if not folder.is_dir():
        folder = ROOT / "corpus"
    texts = [p for p in sorted(folder.glob("*")) if p.suffix in (".txt", ".md") and p.name != "RENDERS.md"]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for i in range(args.files):
            path = texts[i % len(texts)]
            (src / f"{i:05d}{path.suffix}").write_text(path.read_text(encoding="utf-8") + f"\n\n{i}\n", encoding="utf-8")
        for jobs in (1, 2):
            out = Path(tmp) / f"out{jobs}"
            summary = run_batch(src, out, jobs=jobs)
            results[f"files_per_s_{jobs}_workers"] = round(summary.files / summary.seconds, 1)
            print(f"{jobs} worker(s): {summary.files} files in {summary.seconds:.1f} s = {summary.files / summary.seconds:.1f} files/s")
        results["speedup_2_over_1"] = round(results["files_per_s_2_workers"] / results["files_per_s_1_workers"], 2)
        print(f"2 workers / 1 worker: {results['speedup_2_over_1']}")
        try:
            from distributed import LocalCluster
        except ImportError:
            print("dask.distributed is not installed: the cluster run is skipped")
        else:
            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
                summary = run_batch(src, Path(tmp) / "dask", dask_address=cluster.scheduler_address)
            results["files_per_s_dask_2_workers"] = round(summary.files / summary.seconds, 1)
            same = all((Path(tmp) / "out2" / p.name).read_text(encoding="utf-8") == p.read_text(encoding="utf-8")
                       for p in (Path(tmp) / "dask").glob("*.json"))
            results["dask_equals_local"] = same
            print(f"Dask LocalCluster, 2 workers: {results['files_per_s_dask_2_workers']} files/s; outputs equal local: {same}")
        shutil.rmtree(src)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
