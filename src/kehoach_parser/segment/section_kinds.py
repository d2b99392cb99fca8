"""Level-1 section kinds from the vocabulary in vocab/section_kinds.yaml."""
from __future__ import annotations

from functools import lru_cache

from .. import regexes as re

from ..vocab import fold, load


@lru_cache(maxsize=1)
def _phrases() -> list[tuple[str, str]]:
    """(folded phrase, kind), longest phrase first."""
    pairs = [(fold(phrase), kind) for kind, phrases in load("section_kinds").items() for phrase in phrases]
    return sorted(pairs, key=lambda p: -len(p[0]))


_NON_WORD = re.compile(r"[^\w\s,]+")
# headings that list tasks after content words: "NỘI DUNG, NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM"
_TASK_WORDS = re.compile(r"\b(?:nhiem vu|giai phap)\b")


def section_kind(title: str, exclude: tuple[str, ...] = ()) -> str:
    """Kind of a level-1 heading.

    >>> section_kind("MỤC ĐÍCH, YÊU CẦU")
    'purpose_requirements'
    >>> section_kind("NỘI DUNG, NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM")
    'tasks_solutions'
    >>> section_kind("PHÁT TRIỂN KINH TẾ SỐ")
    'other'
    """
    key = _key(title)
    whole = _prefix_kind(key)
    if whole in exclude:
        whole = None
    if whole in ("purpose_requirements",):
        return whole
    # a heading that joins several parts ("THỜI GIAN VÀ TRÁCH NHIỆM THỰC HIỆN") takes the weightiest kind
    kinds = {k for k in (_prefix_kind(part.strip()) for part in _PARTS.split(key)) if k}
    if whole:
        kinds.add(whole)
    for kind in _PRIORITY:
        if kind in kinds and kind not in exclude:
            return kind
    if exclude and "implementation" in exclude and _TASK_WORDS.search(key):
        return "tasks_solutions"  # "NHIỆM VỤ CỤ THỂ" when it is not where the work is given out
    return "other"


def refine_kinds(roots, headed_by_body) -> None:
    """A section named like the implementation section ("NHIỆM VỤ CỤ THỂ", "NỘI DUNG, TIẾN ĐỘ, PHÂN CÔNG TRÁCH
    NHIỆM") is one only when its items are headed by bodies ("1. Sở Nông nghiệp và Môi trường"), or when no
    "TỔ CHỨC THỰC HIỆN" follows it; otherwise it lists the work and takes the kind of its other words
    (tasks_solutions, activities). ``headed_by_body(node)`` says whether an item opens with a body's name."""
    for i, root in enumerate(roots):
        if root.kind != "implementation" or _key(root.title).startswith(_CANONICAL_PHRASE):
            continue
        later = any(_key(r.title).startswith(_CANONICAL_PHRASE) for r in roots[i + 1:])
        items = [c for c in root.children if c.style != "bullet"] or root.children
        headed = sum(1 for c in items if headed_by_body(c))
        if later and items and headed * 2 < len(items):
            root.kind = section_kind(root.title, exclude=("implementation",))


def _key(title: str) -> str:
    return " ".join(_NON_WORD.sub(" ", fold(title)).split()).replace(" ,", ",")


# The implementation section by its own name: "TỔ CHỨC THỰC HIỆN"
_CANONICAL_PHRASE = "to chuc thuc hien"


_PARTS = re.compile(r",|\bva\b")
_PRIORITY = ("implementation", "tasks_solutions", "activities", "objectives", "purpose_requirements", "budget",
             "reporting", "theme", "scope", "timeline")


def _prefix_kind(key: str) -> str | None:
    for phrase, kind in _phrases():
        if key.startswith(phrase):
            return kind
    return None
