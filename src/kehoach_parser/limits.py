"""Ceilings on what one input may cost, checked before the expensive step (issue 16).

A file over a limit is refused with one line naming the file, the limit and how to raise it
(``LimitError``, a kind of ``InputError``), never read until memory runs out. Defaults are far above
any real plan we have seen and far below what breaks a machine with a few GB of memory::

    from kehoach_parser import limits
    with limits.using(limits.Limits(pages=3000)):
        plan = kehoach_parser.parse("so-tay-3000-trang.pdf")

The command line takes ``--limit NAME=VALUE`` (``--limit pages=3000 --limit seconds=3600``); the
environment variable ``KEHOACH_PARSER_LIMITS`` takes the same pairs separated by commas.
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
from dataclasses import dataclass, fields
from typing import Iterator

from .errors import InputError


@dataclass(frozen=True)
class Limits:
    """What one input file may cost. Each default says why it is where it is."""

    # bytes of any input file, checked with stat() before reading: the largest real plan we hold is 4 MB
    file_mb: float = 200
    # pages of a PDF or frames of a TIFF: plans with appendices run to a few hundred
    pages: int = 1000
    # area of one PDF page in square metres: A0 (the largest paper size) is 1 m²
    page_m2: float = 1.0
    # decompressed drawing instructions of one PDF page: a text page holds tens of KB, a dense map a few MB;
    # pdfium needs about 270 bytes of memory per drawn object, so 20 MB (1.4 M paths) stays near 400 MB
    page_content_mb: float = 20
    # pixels of one rendered page or decoded image: A1 at 300 dpi is 70 M; 60 M RGB pixels are 180 MB,
    # and a larger page is rendered at a lower resolution to fit
    pixels: int = 60_000_000
    # uncompressed size of all members of a DOCX or ODT zip: real ones are tens of MB with their pictures
    unzipped_mb: float = 500
    # one XML part of a DOCX or ODT: lxml's tree takes about ten times the XML's size in memory
    xml_mb: float = 60
    # characters of text a reader hands to the parser, in millions (a 1,000-page plan is about 3 M)
    text_mb: float = 20
    # a Word list number above this is written in digits, not as Roman numerals or letters
    # (Roman numeral 999,999,999,999 is a billion 'M's)
    list_number: int = 10_000
    # seconds one file may take in a batch worker: OCR of a 1,000-page scan takes about 3,000 s
    seconds: float = 3600
    # resident memory of one batch worker in MB before it is stopped and its file reported
    memory_mb: int = 2048

    def replace(self, **changes) -> "Limits":
        return dataclasses.replace(self, **changes)


class LimitError(InputError):
    """A file over one of the limits. ``limit`` names it (the manifest's reason is ``limit:<name>``)."""

    def __init__(self, file: str | None, limit: str, what: str):
        self.limit = limit
        super().__init__(file, f"{what}, over the limit of {describe(limit)} (--limit {limit}=N raises it)",
                         reason=f"limit:{limit}")


# The unit of each limit, for messages
UNITS = {"file_mb": "MB", "pages": "pages", "page_m2": "m²", "page_content_mb": "MB", "pixels": "pixels",
         "unzipped_mb": "MB", "xml_mb": "MB", "text_mb": "million characters", "list_number": "",
         "seconds": "s", "memory_mb": "MB"}


def describe(limit: str) -> str:
    """'pixels' -> '60,000,000 pixels' (the value in force, with its unit)."""
    value = getattr(active(), limit)
    number = f"{value:,}" if float(value).is_integer() else f"{value:g}"
    return f"{number.removesuffix('.0')} {UNITS.get(limit, '')}".strip()


_NAMES = {f.name: f.type for f in fields(Limits)}


def parse_pairs(pairs: list[str] | str) -> dict:
    """'pages=3000' / ['pages=3000', 'seconds=60'] / 'pages=3000,seconds=60' -> {'pages': 3000, 'seconds': 60.0}.

    Raises ValueError with a sentence naming the bad pair.
    """
    if isinstance(pairs, str):
        pairs = [p for p in pairs.split(",") if p.strip()]
    out: dict = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in _NAMES:
            raise ValueError(f"unknown limit {pair!r}: use NAME=VALUE with NAME one of {', '.join(_NAMES)}")
        try:
            number = int(value) if _NAMES[name] == "int" else float(value)
        except ValueError:
            raise ValueError(f"limit {name} needs a number, not {value!r}") from None
        if not number > 0 or number == float("inf"):
            raise ValueError(f"limit {name} must be a positive finite number, not {value!r}")
        out[name] = number
    return out


def _from_environment() -> Limits:
    text = os.environ.get("KEHOACH_PARSER_LIMITS", "")
    try:
        return Limits(**parse_pairs(text)) if text else Limits()
    except ValueError:
        return Limits()  # a bad variable must not break every import; the CLI reports --limit errors


_active = _from_environment()


def active() -> Limits:
    """The limits in force in this process."""
    return _active


def set_active(limits: Limits) -> None:
    global _active
    _active = limits


@contextlib.contextmanager
def using(limits: Limits) -> Iterator[Limits]:
    """Run a block under other limits (not thread-local: meant for a process's main thread)."""
    previous = active()
    set_active(limits)
    try:
        yield limits
    finally:
        set_active(previous)


def check_size(name: str | None, size: int) -> None:
    """Refuse a file larger than ``file_mb`` before reading it."""
    if size > active().file_mb * 1e6:
        raise LimitError(name, "file_mb", f"the file holds {size / 1e6:.0f} MB")


def check_text(name: str | None, text: str, what: str = "the text") -> None:
    """Refuse text longer than ``text_mb`` million characters (``what``: how the message names it)."""
    if len(text) > active().text_mb * 1e6:
        raise LimitError(name, "text_mb", f"{what} runs to {len(text) / 1e6:.0f} million characters")
