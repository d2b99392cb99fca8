"""Level-1 section kinds from the vocabulary in vocab/section_kinds.yaml."""
from __future__ import annotations

from functools import lru_cache

import regex as re

from ..vocab import fold, load


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[str, str]]:
    """(folded phrase, kind), longest phrase first."""
    pairs = [(fold(phrase), kind) for kind, phrases in load("section_kinds").items() for phrase in phrases]
    return sorted(pairs, key=lambda p: -len(p[0]))


_NON_WORD = re.compile(r"[^\w\s,]+")
# headings that list tasks after content words: "NỘI DUNG, NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM"
_TASK_WORDS = re.compile(r"\b(?:nhiem vu|giai phap)\b")


def section_kind(title: str) -> str:
    """Kind of a level-1 heading.

    >>> section_kind("MỤC ĐÍCH, YÊU CẦU")
    'purpose_requirements'
    >>> section_kind("NỘI DUNG, NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM")
    'tasks_solutions'
    >>> section_kind("PHÁT TRIỂN KINH TẾ SỐ")
    'other'
    """
    key = " ".join(_NON_WORD.sub(" ", fold(title)).split())
    key = key.replace(" ,", ",")
    for phrase, kind in _phrases():
        if key.startswith(phrase):
            if kind == "activities" and _TASK_WORDS.search(key):
                return "tasks_solutions"
            return kind
    return "other"
