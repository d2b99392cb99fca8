"""Vocabularies kept as data (YAML beside this file), loaded once and folded for matching."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

_HERE = Path(__file__).parent


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Load ``vocab/<name>.yaml`` as a dict."""
    with open(_HERE / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip every Vietnamese diacritic and fold đ to d: 'Tổ chức' -> 'to chuc'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE).lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
