"""Shared fixtures: where the corpora are, and a parse of a whole folder."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED_DEV = ROOT.parent / "shared" / "corpus-dev"
SHARED_REAL = ROOT.parent / "shared" / "corpus-real"
BASELINE = Path(__file__).with_name("accuracy_baseline.json")


def documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.suffix in (".txt", ".md", ".html") and p.name != "RENDERS.md")


@pytest.fixture(scope="session")
def baseline() -> dict:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def require_shared_dev() -> Path:
    if not SHARED_DEV.is_dir():
        pytest.skip("../shared/corpus-dev is absent (it comes from public repositories and is not committed)")
    return SHARED_DEV
