"""Readers: bytes of a file -> text the parser reads. One module per format; readers only do I/O."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .detect import detect_format
from .html import html_to_text
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


def read_bytes(data: bytes, name: str | None = None) -> RawDocument:
    """Decode one document's bytes; the format comes from the bytes, the name only breaks ties."""
    if not data.strip():
        raise InputError(name, "the file is empty")
    fmt = detect_format(data, name)
    digest = hashlib.sha256(data).hexdigest()
    if fmt in ("text", "markdown"):
        return RawDocument(decode_text(data, name), fmt, name, None, False, digest)
    if fmt == "html":
        return RawDocument(html_to_text(decode_text(data, name, html=True)), fmt, name, None, False, digest)
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
