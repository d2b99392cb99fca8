"""Parsing speed on one core: documents per second over the dev corpus (text and Markdown).

    python benchmarks/bench_parse.py [--repeat N]

Reports documents/s and characters/s; a ratio-friendly JSON line comes last. Reading files is done
once, before timing: the figure is the parser's own speed.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from kehoach_parser import parse_text

ROOT = Path(__file__).resolve().parent.parent


def corpus_texts() -> list[str]:
    folders = [ROOT.parent / "shared" / "corpus-dev", ROOT / "corpus"]
    folder = next(f for f in folders if f.is_dir())
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*")) if p.suffix in (".txt", ".md") and p.name != "RENDERS.md"]


def clear_text_caches() -> None:
    """Empty the per-text memo caches (not the vocabulary loaders), so a repeat run is not a cache replay."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("kehoach_parser"):
            continue
        for value in vars(module).values():
            params = getattr(value, "cache_parameters", None)
            if params and (params().get("maxsize") or 0) >= 1024:
                value.cache_clear()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    texts = corpus_texts()
    for text in texts:  # warm-up: lazy imports (underthesea) and compiled patterns
        parse_text(text)
    runs = []
    for _ in range(args.repeat):
        clear_text_caches()
        start = time.perf_counter()
        for text in texts:
            parse_text(text)
        runs.append(time.perf_counter() - start)
    best, median = min(runs), statistics.median(runs)
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} documents, {chars:,} characters, {args.repeat} runs")
    print(f"best   {len(texts) / best:8.1f} documents/s  {chars / best / 1e6:6.2f} M chars/s")
    print(f"median {len(texts) / median:8.1f} documents/s  {chars / median / 1e6:6.2f} M chars/s")
    print(json.dumps({"documents_per_second": round(len(texts) / median, 1), "chars_per_second": round(chars / median)}))


if __name__ == "__main__":
    main()
