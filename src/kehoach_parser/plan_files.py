"""Folders of plan JSON files (what `kehoach-parser batch` writes): which files are plans, and reading one."""
from __future__ import annotations

import json
import os
from pathlib import Path


def plan_json_paths(json_dir: str | os.PathLike) -> list[Path]:
    """Every JSON under the folder, sorted, but gold files and hidden files (the manifest is .jsonl)."""
    root = Path(json_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"{root}: not a folder of plan JSON files")
    return [p for p in sorted(root.rglob("*.json")) if not p.name.endswith(".gold.json") and not p.name.startswith(".")]


def read_plan(path: Path) -> tuple[str, dict] | None:
    """(raw JSON, plan) of a plan file, or None when it cannot be read or is not a plan."""
    try:
        raw = path.read_text(encoding="utf-8")
        plan = json.loads(raw)
    except (OSError, ValueError):
        return None
    return (raw, plan) if isinstance(plan, dict) and "header" in plan else None
