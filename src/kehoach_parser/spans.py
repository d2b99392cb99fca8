"""Spans: where each item stands in the text the parser read, and the way back to that text.

Extractors give each item the span of the paragraph it came from. Here a target's span is narrowed to its
own words ("100% trường học ...") and a legal basis's to its citation ("Quyết định số 1863/QĐ-TTg ... "),
searching the paragraph for the item's text with any spacing between words (hard-wrapped lines) and without
regard to case. ``find_in(text, phrase, start, end)`` does the same for any phrase, e.g. an agency's name
inside its assignment (the spaCy component uses it).

    >>> text = "Căn cứ Quyết định số 1863/QĐ-TTg\\nngày 23/12/2019 của Thủ tướng."
    >>> find_in(text, "1863/QĐ-TTg ngày 23/12/2019", 0, len(text))
    (21, 47)
"""
from __future__ import annotations

import regex as re

from .models import PlanDocument, Span

_WORDS = re.compile(r"\S+")


def find_in(text: str, phrase: str, start: int, end: int) -> tuple[int, int] | None:
    """Offsets of ``phrase`` in ``text[start:end]``, words matched with any whitespace between them."""
    words = _WORDS.findall(phrase or "")
    if not words or start >= end:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.compile(pattern, re.I).search(text, max(0, start), min(len(text), end))
    return (m.start(), m.end()) if m else None


def refine_spans(plan: PlanDocument, text: str) -> None:
    """Narrow target and legal-basis spans to the item's own words where they can be found."""
    for target in plan.targets:
        if target.span and target.text:
            found = find_in(text, target.text, target.span.start, target.span.end)
            if found:
                target.span = Span(start=found[0], end=found[1])
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
