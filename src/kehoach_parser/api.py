"""The pipeline: read -> normalise -> segment -> extract -> assemble."""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Callable, TypeVar

from . import trust
from ._version import __version__
from .errors import InputError, Warn
from .extract.assignments import extract_assignments
from .extract.closing import extract_recipients, extract_signature
from .extract.header import extract_header
from .extract.legal_bases import extract_legal_bases
from .extract.targets import extract_targets
from .models import Header, PlanDocument, Section, Signature, Source, Span
from .normalize import PAGE_BREAK, normalize, orphan_marks
from .readers import RawDocument, read_path
from .readers.legacy import to_unicode
from .segment.blocks import build_blocks, split_lines
from .segment.outline import Node, build_outline
from .segment.section_kinds import refine_kinds
from .segment.zones import find_zones
from .extract.agencies import starts_with_agency
from .extract.assignment_rules.items import agency_text
from .spans import refine_spans, set_pages

T = TypeVar("T")

# a string longer than this, or with a line break, is text, not a path
_MAX_PATH = 4096
# ... and one ending like a document's file name is a path: "ke-hoach-687.pdf", "plans/12.docx"
FILE_NAME = re.compile(r"^\S+\.(?:pdf|docx?|odt|rtf|html?|txt|md|png|jpe?g|tiff?|gif|bmp|webp)$", re.I)


def parse(source: str | os.PathLike, *, file: str | None = None) -> PlanDocument:
    """Parse a plan from a path or from its text.

    A ``Path`` is always read as a file; a ``str`` is read as a file when it names one that exists, and
    raises InputError ("no such file") when it looks like a file name that does not exist
    ("ke-hoach-687.pdf"); any other string is the text itself.
    """
    if isinstance(source, os.PathLike):
        return parse_file(source)
    if isinstance(source, str) and "\n" not in source and len(source) < _MAX_PATH:
        try:
            if Path(source).is_file():
                return parse_file(source)
        except OSError:
            pass
        if FILE_NAME.search(source.strip()):
            raise InputError(source, "no such file")
    return parse_text(source, file=file)


def parse_file(path: str | os.PathLike) -> PlanDocument:
    """Read a file (format detected from its bytes) and parse it. Raises InputError for unreadable input."""
    raw = read_path(path)
    return parse_raw(raw)


def parse_text(text: str, *, file: str | None = None, format: str = "text") -> PlanDocument:
    """Parse the text of a plan (plain text or Markdown). Never raises for any string."""
    if not isinstance(text, str):
        raise InputError(file, f"expected text, got {type(text).__name__}")
    digest = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    text, encoding = to_unicode(text)  # a text typed in TCVN3 or VNI fonts
    return parse_raw(RawDocument(text, format, file, None, False, digest, encoding=encoding))


# A UTF-16 surrogate code point: in a Python string always a lone half (astral characters are one code point),
# which no UTF-8 output can hold ('\udc80' from bytes decoded with surrogateescape)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _writable(text: str | None) -> str | None:
    """Text with each lone surrogate replaced by U+FFFD, one character for one (offsets keep their meaning)."""
    return _SURROGATE.sub("\ufffd", text) if text and _SURROGATE.search(text) else text


def parse_raw(raw: RawDocument) -> PlanDocument:
    warnings: list[str] = list(raw.warnings)  # the reader's doubts come first
    raw.text, raw.file = _writable(raw.text), _writable(raw.file)
    doc = PlanDocument(source=Source(file=raw.file, format=raw.format, pages=raw.pages, ocr=raw.ocr, sha256=raw.sha256,
                                     parser_version=__version__, encoding=raw.encoding))
    mt = normalize(raw.text)
    repaired = orphan_marks(raw.text) - orphan_marks(mt.text)
    if repaired > 0:
        warnings.append(Warn.W011.format(count=repaired))
    lines = split_lines(mt)
    blocks = build_blocks(mt, lines)
    zones = find_zones(blocks, lines)
    zones.source_offset = mt.source_offset
    roots = _guard("outline", lambda: build_outline(blocks, zones.body, warnings), [], warnings)
    _guard("section kinds", lambda: refine_kinds(roots, lambda node: starts_with_agency(agency_text(node.heading_text)[0])),
           None, warnings)
    if not roots:
        warnings.append(Warn.W005)
    doc.header = _guard("header", lambda: extract_header(zones, warnings), Header(), warnings)
    if raw.ocr:
        doc.source.ocr_confidence = raw.ocr_confidence
        doc.source.ocr_mean_confidence = trust.page_confidences(raw.ocr_confidence, warnings)
        doc.header.confidence = _guard("header check", lambda: trust.check_header(doc.header, warnings), None, warnings)
    doc.legal_bases = _guard("legal_bases", lambda: extract_legal_bases(zones), [], warnings)
    doc.sections = [_to_section(node, 1) for node in roots]
    doc.targets = _guard("targets", lambda: extract_targets(zones, roots), [], warnings)
    doc.assignments = _guard("assignments", lambda: extract_assignments(zones, roots), [], warnings)
    doc.recipients = _guard("recipients", lambda: extract_recipients(zones, warnings), [], warnings)
    doc.signature = _guard("signature", lambda: extract_signature(zones, warnings), Signature(), warnings)
    _guard("spans", lambda: refine_spans(doc, raw.text), None, warnings)
    if PAGE_BREAK in raw.text:
        _guard("pages", lambda: set_pages(doc, raw.text), None, warnings)
    doc.warnings = list(dict.fromkeys(warnings))
    return doc


def _guard(step: str, fn: Callable[[], T], fallback: T, warnings: list[str]) -> T:
    """Run one extractor; a bug in it costs its own results, never the whole document."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - reported to the user as a warning, never swallowed
        warnings.append(Warn.W010.format(step=step, error=f"{type(exc).__name__}: {exc}"))
        return fallback


def _to_section(node: Node, level: int) -> Section:
    """The outline node as a Section. Built without validation (``model_construct``): every value comes
    from the outline builder, in the model's types; validating two thousand nodes a plan cost a tenth of
    the parse. tests/test_units.py validates a whole plan's JSON against the model."""
    return Section.model_construct(
        label=node.label.label,
        style=node.style,
        path=node.path,
        title=node.title,
        kind=node.kind if level == 1 else None,
        text=node.text,
        children=[_to_section(child, level + 1) for child in node.children],
        span=Span.model_construct(start=node.start, end=node.end, page=None),
    )
