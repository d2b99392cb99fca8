"""Spans: where each item stands in the text the parser read, and the way back to that text.

Extractors give each item the span of the paragraph it came from. Here a target's span is narrowed to its
own words ("100% trường học ...") and a legal basis's to its citation ("Quyết định số 1863/QĐ-TTg ... "),
header fields get the span of their words (``header.spans["number"]``),
searching the paragraph for the item's text with any spacing between words (hard-wrapped lines) and without
regard to case. ``find_in(text, phrase, start, end)`` does the same for any phrase, e.g. an agency's name
inside its assignment (the spaCy component uses it).

    >>> text = "Căn cứ Quyết định số 1863/QĐ-TTg\\nngày 23/12/2019 của Thủ tướng."
    >>> find_in(text, "1863/QĐ-TTg ngày 23/12/2019", 0, len(text))
    (21, 48)
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

from . import regexes as re

from .models import PlanDocument, Span
from .normalize import PAGE_BREAK

class _Haystack:
    """A text lower-cased once, searched for phrases whatever the spacing between their words.

    A phrase matches where its words stand in order with any run of whitespace between them (hard-wrapped
    lines): the inner words whole, the first word possibly the end of a longer one and the last possibly its
    start, as a substring search in the text with its spaces collapsed would find them. Only the whole words
    of the searched range count: a word cut by the range's edge is not part of it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        lowered = text.lower()
        # lower-casing almost always keeps lengths ('İ' grows): when it does not, offsets would drift
        self.hay = lowered if len(lowered) == len(text) else text

    def find(self, phrase: str, start: int, end: int) -> tuple[int, int] | None:
        words = phrase.lower().split()
        if not words:
            return None
        hay, first, rest = self.hay, words[0], words[1:]
        at = hay.find(first, start, end)
        while at >= 0:
            stop = self._rest_end(at + len(first), rest, end)
            if stop is not None and self._whole_at_edges(at, stop, start, end):
                return at, stop
            at = hay.find(first, at + 1, end)
        return None

    def _rest_end(self, pos: int, rest: list[str], end: int) -> int | None:
        """Where the phrase ends when its other words follow from ``pos``, each after some whitespace."""
        hay = self.hay
        for word in rest:
            after = pos
            while after < end and hay[after].isspace():
                after += 1
            if after == pos or not hay.startswith(word, after):
                return None
            pos = after + len(word)
        return pos if pos <= end else None

    def _whole_at_edges(self, at: int, stop: int, start: int, end: int) -> bool:
        """False when the match touches a word that the range [start, end] cuts."""
        text = self.text
        if start > 0 and not text[start - 1].isspace() and not _has_space(text, start, at):
            return False
        if end < len(text) and not text[end].isspace() and not _has_space(text, stop, end):
            return False
        return True


def _has_space(text: str, start: int, end: int) -> bool:
    return any(char.isspace() for char in text[start:end])


@lru_cache(maxsize=8)
def _haystack(text: str) -> _Haystack:
    return _Haystack(text)


def find_in(text: str, phrase: str, start: int, end: int) -> tuple[int, int] | None:
    """Offsets of ``phrase`` in ``text[start:end]``, words matched with any whitespace between them,
    case-insensitively."""
    if not phrase or start >= end:
        return None
    return _haystack(text).find(phrase, max(0, start), min(len(text), end))


def refine_spans(plan: PlanDocument, text: str) -> None:
    """Narrow target and legal-basis spans to the item's own words where they can be found; give header
    fields the span of their words (the first place they stand, in the first part of the text)."""
    header_spans = {}
    head_end = min(len(text), 6000)
    for field in ("number", "place", "doc_type", "title", "issuer"):
        value = getattr(plan.header, field)
        found = None
        if value and field == "place":
            # the place of the place-and-date line: "Bình Thuận, ngày 28 tháng 02 năm 2020"
            pattern = r"\s+".join(re.escape(w) for w in value.split()) + r"(?=\s*,\s*ngày)"
            m = re.compile(pattern, re.I).search(text, 0, head_end)
            found = (m.start(), m.end()) if m else None
        if found is None and value:
            found = find_in(text, value, 0, head_end)
        if found is None and field == "title" and value:
            # a long title is found by its first words
            found = find_in(text, " ".join(value.split()[:6]), 0, head_end)
        if found is not None:
            header_spans[field] = Span(start=found[0], end=found[1])
    if plan.header.date and plan.header.place and "place" in header_spans:
        m = re.compile(r"ngày[^\n]{0,40}?\d{4}", re.I).search(text, header_spans["place"].end,
                                                         min(len(text), header_spans["place"].end + 60))
        if m:
            header_spans["date"] = Span(start=m.start(), end=m.end())
    plan.header.spans = header_spans or None
    for target in plan.targets:
        if target.span and target.text:
            found = find_in(text, target.text, target.span.start, target.span.end)
            if found:
                target.span = Span(start=found[0], end=found[1])
    for assignment in plan.assignments:
        if assignment.span and assignment.tasks:
            spans = []
            for task in assignment.tasks:
                # a task's text was cleaned (list mark, role words dropped): found by its first and last words
                words = task.split()
                first = find_in(text, " ".join(words[:5]), assignment.span.start, assignment.span.end)
                last = find_in(text, " ".join(words[-4:]), first[0], assignment.span.end) if first else None
                spans.append(Span(start=first[0], end=last[1] if last else first[1]) if first else None)
            if any(spans):
                assignment.task_spans = spans
    for basis in plan.legal_bases:
        if not basis.span:
            continue
        anchor = find_in(text, basis.number, basis.span.start, basis.span.end) if basis.number else None
        if anchor is None:
            continue
        start = anchor[0]
        if basis.doc_type:
            # back to the document type that names it: "Quyết định số 1863/QĐ-TTg"
            head = None
            for m in re.finditer(re.escape(basis.doc_type), text[basis.span.start:anchor[0]], re.I):
                head = m
            if head is not None:
                start = basis.span.start + head.start()
        end = anchor[1]
        if basis.subject:
            tail = find_in(text, basis.subject, anchor[1], basis.span.end)
            if tail:
                end = tail[1]
        basis.span = Span(start=start, end=end)


def source_text(text: str, span: Span | None) -> str:
    """The source substring of a span ('' when there is none)."""
    if span is None:
        return ""
    return text[span.start:span.end]


def set_pages(doc: PlanDocument, text: str) -> None:
    """Give every span the page it starts on, counting the page breaks of the text before it."""
    breaks, at = [], text.find(PAGE_BREAK)
    while at >= 0:
        breaks.append(at)
        at = text.find(PAGE_BREAK, at + 1)

    def mark(span: Span | None) -> None:
        if span is not None:
            span.page = bisect_left(breaks, span.start) + 1

    for field_span in (doc.header.spans or {}).values():
        mark(field_span)
    for basis in doc.legal_bases:
        mark(basis.span)
    for section in doc.iter_sections():
        mark(section.span)
    for target in doc.targets:
        mark(target.span)
    for assignment in doc.assignments:
        mark(assignment.span)
        for task_span in assignment.task_spans or []:
            mark(task_span)
