"""Readers: bytes of a file -> text the parser reads. One module per format; readers only do I/O."""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .. import limits
from ..errors import InputError, one_line
from .detect import detect_format
from .html import html_to_text
from .legacy import to_unicode
from .text import decode_text

__all__ = ["RawDocument", "read_path", "read_bytes"]


@dataclass
class RawDocument:
    """What a reader produces: the text, the format and facts about the source."""

    text: str
    format: str
    file: str | None = None
    pages: int | None = None
    ocr: bool = False
    sha256: str | None = None
    warnings: list[str] = field(default_factory=list)  # what the reader doubts (page OCR, skipped parts)
    encoding: str | None = None  # the legacy font encoding the text was converted from: 'tcvn3', 'vni'
    ocr_confidence: list[float | None] | None = None  # each page's mean OCR word confidence (None: not OCR'd)


# Libraries whose exceptions mean "this file is broken": XML of a DOCX (lxml), PDF (pypdfium2, pdfminer),
# images (Pillow), containers (zipfile), Word (python-docx)
_FILE_LIBRARIES = {"lxml", "pypdfium2", "pdfminer", "pdfplumber", "PIL", "zipfile", "docx", "struct", "zlib"}


# Libraries that report a file's oddities through logging ("Refusing to execute circular reference ...")
_LOGGING_LIBRARIES = ("pdfminer", "pdfplumber", "PIL", "docx")
# Messages kept per document: the first few say what is wrong; the rest are counted
_MESSAGES_KEPT = 3


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.texts.append(f"{record.name.split('.')[0]}: {record.getMessage()}")
        except Exception:  # noqa: BLE001 - a message that cannot be formatted is not worth a failure
            self.texts.append(f"{record.name.split('.')[0]}: {record.msg}")


@contextlib.contextmanager
def _library_messages():
    """Collect what the reading libraries log or warn while one file is read, instead of letting Python print
    it raw on stderr; yields a list filled on exit with one line per distinct message (the first few)."""
    collector = _Collector()
    loggers = [logging.getLogger(name) for name in _LOGGING_LIBRARIES]
    propagates = [lg.propagate for lg in loggers]
    for lg in loggers:
        lg.addHandler(collector)
        lg.propagate = False
    out: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield out
    finally:
        for lg, propagate in zip(loggers, propagates):
            lg.removeHandler(collector)
            lg.propagate = propagate
    texts = collector.texts + [f"{w.category.__name__}: {w.message}" for w in caught]
    distinct = list(dict.fromkeys(one_line(t)[:200] for t in texts))
    out.extend(f"the file's reader reported: {t}" for t in distinct[:_MESSAGES_KEPT])
    if len(distinct) > _MESSAGES_KEPT:
        out.append(f"the file's reader reported {len(distinct) - _MESSAGES_KEPT} more problem(s)")


def _unicode(raw: RawDocument) -> RawDocument:
    """Text typed in a legacy Vietnamese font encoding (TCVN3, VNI), whatever the format, made Unicode."""
    if not raw.ocr and raw.encoding is None:
        raw.text, raw.encoding = to_unicode(raw.text)
    return raw


def _decode(data: bytes, name: str | None, html: bool = False) -> tuple[str, str | None]:
    """Bytes of a text or HTML file; a file that is not UTF-8 is first tried as a legacy font encoding read byte
    for byte (windows-1258 would turn some of its bytes into combining marks)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in data[:1000]:
            text, encoding = to_unicode(data.decode("latin-1"))
            if encoding:
                return text, encoding
    return decode_text(data, name, html=html), None


def read_bytes(data: bytes, name: str | None = None) -> RawDocument:
    """Decode one document's bytes; the format comes from the bytes, the name only breaks ties."""
    if not data.strip():
        raise InputError(name, "the file is empty", reason="empty")
    limits.check_size(name, len(data))
    fmt = detect_format(data, name)
    digest = hashlib.sha256(data).hexdigest()
    try:
        with _library_messages() as messages:
            raw = _unicode(_read(data, name, fmt, digest))
        limits.check_text(name, raw.text)
        raw.warnings.extend(messages)
        return raw
    except InputError:
        raise
    except MemoryError:
        raise InputError(name, f"the {fmt} file is too large to read in memory", reason="memory") from None
    except Exception as exc:  # noqa: BLE001 - a library's complaint about the file becomes one line naming it
        if type(exc).__module__.split(".")[0] not in _FILE_LIBRARIES:
            raise  # our own bug: reported as such, not blamed on the file
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        raise InputError(name, f"the {fmt} file is damaged or not what it claims to be ({detail})",
                         reason="damaged") from None


# UTF-8 spends at most 4 bytes on a character: text files larger than 4 x text_mb cannot be within the limit
_MAX_BYTES_PER_CHAR = 4


def _read(data: bytes, name: str | None, fmt: str, digest: str) -> RawDocument:
    if fmt in ("text", "markdown", "html"):
        # the source of a text-like file is held to the text limit before it is decoded and again after
        if len(data) > limits.active().text_mb * 1e6 * _MAX_BYTES_PER_CHAR:
            raise limits.LimitError(name, "text_mb", f"the {fmt} file holds {len(data) / 1e6:.0f} MB")
        text, encoding = _decode(data, name, html=fmt == "html")
        limits.check_text(name, text, f"the {fmt} file")
        if fmt == "html":
            text = html_to_text(text)
        return RawDocument(text, fmt, name, None, False, digest, encoding=encoding)
    if fmt == "pdf":
        from .pdf import read_pdf

        text, pages, ocr, reader_warnings, confidences = read_pdf(data, name)
        return RawDocument(text, fmt, name, pages, ocr, digest, list(reader_warnings),
                           ocr_confidence=confidences if ocr else None)
    if fmt == "image":
        from .ocr import ocr_image_file

        text, pages, confidences = ocr_image_file(data, name)
        return RawDocument(text, fmt, name, pages, True, digest, ocr_confidence=confidences)
    if fmt == "docx":
        from .docx import read_docx

        return RawDocument(read_docx(data, name), fmt, name, None, False, digest)
    if fmt == "doc":
        from .office import read_with_libreoffice

        return RawDocument(read_with_libreoffice(data, name), fmt, name, None, False, digest)
    raise InputError(name, f"{fmt} files are not supported (PDF, DOCX, DOC, HTML, text, Markdown and images are)",
                     reason="unsupported")


def read_path(path: str | Path) -> RawDocument:
    """Read and decode one file; only regular files are read, and only within the size limit."""
    path = Path(path)
    return read_bytes(read_file_bytes(path), str(path))


def _kind_of(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_file_bytes(path: Path) -> bytes:
    """The bytes of a regular file within ``limits.file_mb``. A folder, pipe, device or socket (a link to
    /dev/zero, a FIFO that would wait for a writer forever) is refused without being opened; the size is
    checked on the open file, so a file swapped after the check is still bounded."""
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(name, "no such file", reason="missing") from None
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    kind = _kind_of(info.st_mode)
    if kind == "a folder":
        raise InputError(name, "is a folder, not a file", reason="not_a_file")
    if kind:
        raise InputError(name, f"is {kind}, not a regular file; only files are read", reason="not_a_file")
    limits.check_size(name, info.st_size)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if _kind_of(info.st_mode):  # replaced by something else between the two looks
            raise InputError(name, f"is {_kind_of(info.st_mode)}, not a regular file", reason="not_a_file")
        limits.check_size(name, info.st_size)
        try:
            data = handle.read(int(limits.active().file_mb * 1e6) + 1)
        except OSError as exc:
            raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    limits.check_size(name, len(data))  # grew while it was read
    return data
