"""Raise tests/accuracy_baseline.json to the levels the parser reaches now (never lowers a level).

Run after an improvement: ``python tests/update_baseline.py``. Levels are floored to three decimals.
When the gold corpus itself changes (documents added), ``--recompute`` sets every level to what the parser
reaches now, lowered or not: the old levels were measured on other documents. Commit that on its own.
"""
from __future__ import annotations

import json
import math
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kehoach_parser import parse_file  # noqa: E402
from kehoach_parser.evaluate import evaluate  # noqa: E402
from tests.conftest import CORPUS, SHARED_DEV, documents  # noqa: E402


def _levels(folder: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        for path in documents(folder):
            if (folder / f"{path.stem}.gold.json").exists():
                (Path(tmp) / f"{path.stem}.json").write_text(parse_file(path).to_json(), encoding="utf-8")
        report = evaluate(folder, tmp)
    levels = {m: math.floor(v * 1000) / 1000 for m, v in report.totals.items() if v is not None}
    levels["overall"] = math.floor(report.overall * 1000) / 1000
    return levels


def main() -> None:
    recompute = "--recompute" in sys.argv[1:]
    path = HERE / "accuracy_baseline.json"
    baseline = json.loads(path.read_text(encoding="utf-8"))
    folders = {"corpus": CORPUS, "shared_dev": SHARED_DEV}
    for key, folder in folders.items():
        if not folder.exists():
            print(f"skip {key}: {folder} is absent")
            continue
        now = _levels(folder)
        old = {} if recompute else baseline.get(key, {})
        for metric, value in now.items():
            if value > old.get(metric, 0):
                print(f"{key}.{metric}: {old.get(metric)} -> {value}")
                old[metric] = value
        baseline[key] = old
    path.write_text(json.dumps(baseline, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
