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
    whole = _prefix_kind(key)
    if whole in ("purpose_requirements",):
        return whole
    # a heading that joins several parts ("THỜI GIAN VÀ TRÁCH NHIỆM THỰC HIỆN") takes the weightiest kind
    kinds = {k for k in (_prefix_kind(part.strip()) for part in _PARTS.split(key)) if k}
    if whole:
        kinds.add(whole)
    for kind in _PRIORITY:
        if kind in kinds:
            return kind
    return "other"


_PARTS = re.compile(r",|\bva\b")
_PRIORITY = ("implementation", "tasks_solutions", "activities", "objectives", "purpose_requirements", "budget",
             "reporting", "theme", "scope", "timeline")


def _prefix_kind(key: str) -> str | None:
    for phrase, kind in _phrases():
        if key.startswith(phrase):
            return kind
    return None
