"""Deadlines as dates: the last day a deadline's words allow, and how a recurring task recurs.

A rule chain, first match wins, over the deadline text of an assignment (a table cell, a "Thời gian:" field,
or the time a task names after a cue such as "hoàn thành trong"):

    >>> deadline_date("Trước ngày 15/12/2025")
    '2025-12-15'
    >>> deadline_date("Quý IV/2025")
    '2025-12-31'
    >>> deadline_date("tháng 6 năm 2026")
    '2026-06-30'
    >>> deadline_date("6 tháng đầu năm 2026")
    '2026-06-30'
    >>> deadline_date("Năm 2026")
    '2026-12-31'
    >>> deadline_date("01/3/2018 - 05/3/2018")
    '2018-03-05'
    >>> deadline_date("Giai đoạn 2026 - 2030")
    '2030-12-31'
    >>> deadline_date("Thường xuyên") is None
    True
    >>> recurrence("Hằng năm và từng giai đoạn"), recurrence("Thường xuyên"), recurrence("Quý II/2026")
    ('yearly', 'ongoing', None)
"""
from __future__ import annotations

import calendar
import datetime as _dt
from functools import lru_cache

from .. import regexes as re

from ..models import Assignment
from ..segment.labels import roman_to_int
from ..vocab import fold, load

# A full date: "15/12/2025", "ngày 15 tháng 12 năm 2025", "15-12-2025"
FULL_DATE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>(?:19|20)\d{2})(?!\d)"
    r"|ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>(?:19|20)\d{2})", re.I)
# A quarter: "Quý IV/2025", "quý II năm 2026", "Quý 3/2025", "quý I, năm 2026"
QUARTER = re.compile(r"quý\s*(?P<q>IV|I{1,3}|[1-4])\s*(?:[/,\-]|\s)\s*(?:năm\s*)?(?P<y>(?:19|20)\d{2})", re.I)
# A month: "tháng 6/2025", "Tháng 6 năm 2025", "tháng 06-2025", and bare "06/2025"
MONTH = re.compile(r"(?:tháng\s*(?P<m>\d{1,2})\s*(?:[/\-]|\s*năm)\s*|(?<![\d/])(?P<m>\d{1,2})\s*/\s*)(?P<y>(?:19|20)\d{2})(?!\d)", re.I)
# Half a year: "6 tháng đầu năm 2026" (ends 30 June), "6 tháng cuối năm 2026" (ends 31 December)
HALF_YEAR = re.compile(r"(?:6|sáu)\s*tháng\s*(?P<half>đầu|cuối)\s*năm\s*(?P<y>(?:19|20)\d{2})", re.I)
# A year, or the last year of a span: "Năm 2026", "2026 - 2030", "giai đoạn 2026-2030", "đến năm 2030"
YEAR = re.compile(r"(?<![\d/])(?P<y>(?:19|20)\d{2})(?![\d/])")


def _last_day(year: int, month: int) -> str | None:
    try:
        return _dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()
    except (ValueError, calendar.IllegalMonthError):
        return None


def _full_date(text: str) -> str | None:
    found = None
    for m in FULL_DATE.finditer(text):  # a span gives its end: the last date
        try:
            found = _dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat()
        except ValueError:
            continue
    return found


def _last(pattern: re.Pattern, text: str) -> re.Match | None:
    """The last match: in a span ("từ quý I/2026 đến quý IV/2026") the deadline is its end."""
    m = None
    for m in pattern.finditer(text):
        pass
    return m


def _half_year(text: str) -> str | None:
    m = _last(HALF_YEAR, text)
    return _last_day(int(m.group("y")), 6 if m.group("half").lower() == "đầu" else 12) if m else None


def _quarter(text: str) -> str | None:
    m = _last(QUARTER, text)
    if not m:
        return None
    q = m.group("q")
    number = int(q) if q.isdigit() else roman_to_int(q.upper())
    return _last_day(int(m.group("y")), 3 * number) if 1 <= number <= 4 else None


def _month(text: str) -> str | None:
    m = _last(MONTH, text)
    return _last_day(int(m.group("y")), int(m.group("m"))) if m and 1 <= int(m.group("m")) <= 12 else None


def _year(text: str) -> str | None:
    years = [int(m.group("y")) for m in YEAR.finditer(text)]
    return f"{max(years)}-12-31" if years else None


# The rules, most precise first: a day beats a half-year, which beats a quarter, a month, a year
RULES = (_full_date, _half_year, _quarter, _month, _year)


@lru_cache(maxsize=1 << 12)
def deadline_date(text: str | None) -> str | None:
    """The last day (ISO) the deadline's words allow; None when they name no time (a recurrence)."""
    if not text:
        return None
    for rule in RULES:
        found = rule(text)
        if found:
            return found
    return None


@lru_cache(maxsize=1)
def _recurrence_words() -> list[tuple[str, str]]:
    words = [(fold(w), kind) for kind, spellings in load("deadlines")["recurrence"].items() for w in spellings]
    return sorted(words, key=lambda pair: len(pair[0]), reverse=True)


@lru_cache(maxsize=1 << 12)
def recurrence(text: str | None) -> str | None:
    """'yearly', 'quarterly', 'monthly', 'ongoing' ... when the deadline says the task recurs."""
    if not text:
        return None
    folded = f" {' '.join(fold(text).split())} "
    for word, kind in _recurrence_words():
        if f" {word} " in folded or f" {word}," in folded or f" {word};" in folded or f" {word}." in folded:
            return kind
    return None


@lru_cache(maxsize=1)
def _cue_time() -> re.Pattern:
    cues = sorted(load("deadlines")["cues"], key=len, reverse=True)
    cue = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in cues)
    time = (r"(?:ngày\s*\d{1,2}\s*(?:tháng\s*\d{1,2}\s*năm\s*|/\s*\d{1,2}\s*/\s*)\d{4}|\d{1,2}/\d{1,2}/\d{4}"
            r"|quý\s*(?:IV|I{1,3}|[1-4])\s*(?:[/,]|\s)\s*(?:năm\s*)?\d{4}|tháng\s*\d{1,2}\s*(?:/|\s*năm)\s*\d{4}"
            r"|(?:6|sáu)\s*tháng\s*(?:đầu|cuối)\s*năm\s*\d{4}|năm\s*\d{4})")
    # "hoàn thành trong quý IV năm 2026", "trước ngày 31/12/2025"; not "trong năm 2025 đã ..." mid-sentence
    return re.compile(rf"(?<!\p{{L}})(?:{cue})\s+(?P<time>{time})(?=\s*[.;,)]|\s*$)", re.I)


def task_deadline(task: str) -> str | None:
    """The deadline a task names at a clause end: '... hoàn thành trong quý IV năm 2026.' -> 'quý IV năm 2026'."""
    if not YEAR.search(task):
        return None  # every time a task can name carries its year
    m = _last(_cue_time(), task)
    return m.group("time") if m else None


def add_deadline_dates(assignments: list[Assignment]) -> None:
    """Fill deadline (from the task's words when no field gave one), deadline_date and deadline_recurrence."""
    for assignment in assignments:
        if not assignment.deadline:
            assignment.deadline = next((d for d in map(task_deadline, assignment.tasks) if d), None)
        assignment.deadline_date = deadline_date(assignment.deadline)
        assignment.deadline_recurrence = recurrence(assignment.deadline)
