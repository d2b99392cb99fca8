"""Readers: bytes of a file -> text the parser reads. One module per format; readers only do I/O."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
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


# Libraries whose exceptions mean "this file is broken": XML of a DOCX (lxml), PDF (pypdfium2, pdfminer),
# images (Pillow), containers (zipfile), Word (python-docx)
_FILE_LIBRARIES = {"lxml", "pypdfium2", "pdfminer", "pdfplumber", "PIL", "zipfile", "docx", "struct", "zlib"}


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
        raise InputError(name, "the file is empty")
    fmt = detect_format(data, name)
    digest = hashlib.sha256(data).hexdigest()
    try:
        return _unicode(_read(data, name, fmt, digest))
    except InputError:
        raise
    except MemoryError:
        raise InputError(name, f"the {fmt} file is too large to read in memory") from None
    except Exception as exc:  # noqa: BLE001 - a library's complaint about the file becomes one line naming it
        if type(exc).__module__.split(".")[0] not in _FILE_LIBRARIES:
            raise  # our own bug: reported as such, not blamed on the file
        detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        raise InputError(name, f"the {fmt} file is damaged or not what it claims to be ({detail})") from None


def _read(data: bytes, name: str | None, fmt: str, digest: str) -> RawDocument:
    if fmt in ("text", "markdown"):
        text, encoding = _decode(data, name)
        return RawDocument(text, fmt, name, None, False, digest, encoding=encoding)
    if fmt == "html":
        text, encoding = _decode(data, name, html=True)
        return RawDocument(html_to_text(text), fmt, name, None, False, digest, encoding=encoding)
    if fmt == "pdf":
        from .pdf import read_pdf

        text, pages, ocr, reader_warnings = read_pdf(data, name)
        return RawDocument(text, fmt, name, pages, ocr, digest, list(reader_warnings))
    if fmt == "image":
        from .ocr import ocr_image_file

        text, pages = ocr_image_file(data, name)
        return RawDocument(text, fmt, name, pages, True, digest)
    if fmt == "docx":
        from .docx import read_docx

        return RawDocument(read_docx(data, name), fmt, name, None, False, digest)
    if fmt == "doc":
        from .office import read_with_libreoffice

        return RawDocument(read_with_libreoffice(data, name), fmt, name, None, False, digest)
    raise InputError(name, f"{fmt} files are not supported (PDF, DOCX, DOC, HTML, text, Markdown and images are)")


def read_path(path: str | Path) -> RawDocument:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "is a folder, not a file") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    return read_bytes(data, str(path))
