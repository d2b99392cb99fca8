"""Vocabularies kept as data (YAML beside this file), loaded once and folded for matching."""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

_HERE = Path(__file__).parent
# libyaml's loader when PyYAML was built with it (the wheels are): the same data, about 10x faster to read
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Load ``vocab/<name>.yaml`` as a dict."""
    with open(_HERE / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_YAML_LOADER)


def _fold_table() -> dict[int, str]:
    table = {ord("đ"): "d", ord("Đ"): "d"}
    for code in range(0x00C0, 0x1F00):
        char = chr(code)
        if not unicodedata.decomposition(char):
            continue  # NFD leaves a character without a decomposition as it is (most of the range)
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        if base != char and len(base) == 1:
            table[code] = base.lower()
    for mark in range(0x0300, 0x0370):
        table[mark] = None
    return table


_FOLD_TABLE = _fold_table()


def fold(text: str) -> str:
    """Lower-case, strip every Vietnamese diacritic and fold đ to d: 'Tổ chức' -> 'to chuc'.

    >>> fold("Đà Nẵng, Tổ chức")
    'da nang, to chuc'
    """
    return text.lower().translate(_FOLD_TABLE)
