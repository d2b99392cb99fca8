"""Pydantic models of one parsed plan: exactly the contract of SCHEMA.md (plus optional spans)."""
from __future__ import annotations

import json
from typing import Literal, Optional, get_args

from pydantic import BaseModel, ConfigDict, Field, model_serializer

SCHEMA_VERSION = "1"

Style = Literal["roman", "arabic", "decimal", "letter", "bullet"]
Comparator = Literal["=", ">=", ">", "<=", "<", "~"]
Role = Literal["lead", "responsible", "requested"]
SectionKind = Literal[
    "purpose_requirements", "objectives", "scope", "theme", "timeline", "activities",
    "tasks_solutions", "budget", "implementation", "reporting", "other",
]
SECTION_KINDS: tuple[str, ...] = get_args(SectionKind)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(_Model):
    """Character offsets [start, end) into the text the parser read (the reader's output), and the page
    they start on when the source has pages (PDF, scans, text with form feeds)."""

    start: int
    end: int
    page: Optional[int] = None  # added: 1-based page of ``start``; left out of the JSON when unknown

    @model_serializer(mode="wrap")
    def _without_unknown_page(self, handler):
        data = handler(self)
        if data.get("page") is None:
            data.pop("page", None)
        return data


class Source(_Model):
    file: Optional[str] = None
    format: Literal["text", "markdown", "html", "pdf", "docx", "doc", "image"] = "text"  # "doc": legacy Word, added to SCHEMA.md's list
    pages: Optional[int] = None
    ocr: bool = False
    sha256: Optional[str] = None
    parser_version: Optional[str] = None  # added: the kehoach-parser version that wrote this JSON
    encoding: Optional[str] = None  # added: the legacy font encoding converted to Unicode ("tcvn3", "vni"), if any
    # added: for text read by OCR, each page's mean word confidence (0-100; null for a page with a text layer)
    # and the mean over the OCR'd pages
    ocr_confidence: Optional[list[Optional[float]]] = None
    ocr_mean_confidence: Optional[float] = None


class Header(_Model):
    issuer: Optional[str] = None
    number: Optional[str] = None
    place: Optional[str] = None
    date: Optional[str] = Field(None, description="ISO 8601 date")
    doc_type: Optional[str] = None
    title: Optional[str] = None
    spans: Optional[dict[str, Span]] = None  # added: where each field found in the text stands ("number": {...})
    # added: for a header read by OCR, the share of its checks it passes (a known body as issuer, a well-formed
    # number, a place that is a name); null for text that was not OCR'd
    confidence: Optional[float] = None


class LegalBasis(_Model):
    doc_type: Optional[str] = None
    number: Optional[str] = None
    date: Optional[str] = None
    issuer: Optional[str] = None
    subject: Optional[str] = None
    text: str
    span: Optional[Span] = None


class Section(_Model):
    label: str
    style: Style
    path: str
    title: str
    kind: Optional[SectionKind] = None
    text: str = ""
    children: list["Section"] = Field(default_factory=list)
    span: Optional[Span] = None

    def walk(self):
        """Yield this node and every descendant, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


class Target(_Model):
    value: float
    value_max: Optional[float] = None
    unit: str = "%"
    comparator: Comparator = "="
    indicator: str
    year: Optional[int] = None
    section: Optional[str] = None
    text: str
    span: Optional[Span] = None


class Assignment(_Model):
    agency: str
    role: Role = "responsible"
    cooperating: list[str] = Field(default_factory=list)
    tasks: list[str] = Field(default_factory=list)
    section: Optional[str] = None
    deadline: Optional[str] = None
    deadline_date: Optional[str] = None        # added: the last day the deadline allows, ISO ("Quý IV/2025" -> 2025-12-31)
    deadline_recurrence: Optional[str] = None  # added: yearly, half-yearly, quarterly, monthly, weekly, ongoing
    output: Optional[str] = None
    span: Optional[Span] = None
    task_spans: Optional[list[Optional[Span]]] = None  # added: where each task's words start and end


class Signature(_Model):
    authority: Optional[str] = None
    position: Optional[str] = None
    name: Optional[str] = None


class PlanDocument(_Model):
    """One plan, as SCHEMA.md defines it."""

    schema_version: str = SCHEMA_VERSION
    source: Source = Field(default_factory=Source)
    header: Header = Field(default_factory=Header)
    legal_bases: list[LegalBasis] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    assignments: list[Assignment] = Field(default_factory=list)
    signature: Signature = Field(default_factory=Signature)
    recipients: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def iter_sections(self):
        """Every outline node, depth first."""
        for node in self.sections:
            yield from node.walk()

    def to_dict(self, spans: bool = True) -> dict:
        data = self.model_dump(mode="json")
        if not spans:
            for key in ("span", "task_spans", "spans"):
                _drop_key(data, key)
        return data

    def to_json(self, indent: int | None = 2, spans: bool = True) -> str:
        if spans and indent is not None:
            # pydantic's serialiser writes the same bytes as json.dumps(..., ensure_ascii=False, indent=n),
            # about 4x faster (its compact form differs: no space after ',' and ':', hence indent only)
            return self.model_dump_json(indent=indent)
        return json.dumps(self.to_dict(spans=spans), ensure_ascii=False, indent=indent)


def _drop_key(obj, key: str) -> None:
    if isinstance(obj, dict):
        obj.pop(key, None)
        for value in obj.values():
            _drop_key(value, key)
    elif isinstance(obj, list):
        for value in obj:
            _drop_key(value, key)


Section.model_rebuild()
