"""Detect a document's format from its bytes (magic numbers first, then content, then the name)."""
from __future__ import annotations

from .. import regexes as re

# Markdown signs: "## heading", "**bold**", "| a | b |"
_MARKDOWN = re.compile(rb"(?m)^#{1,6} |\*\*[^*\n]+\*\*|^\|.*\|\s*$")
_HTML = re.compile(rb"(?is)^\s*(?:<!doctype\s+html|<html|<\?xml[^>]*>\s*<html|<head|<body|<meta|<div|<p[\s>])")


def detect_format(data: bytes, name: str | None = None) -> str:
    """'pdf' | 'docx' | 'doc' | 'image' | 'html' | 'markdown' | 'text'."""
    head = data[:2048]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8", b"BM")):
        return "image"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if _HTML.match(stripped) or (name or "").lower().endswith((".htm", ".html")):
        return "html"
    lower = (name or "").lower()
    if lower.endswith((".md", ".markdown")) or _MARKDOWN.search(data[:20000]):
        return "markdown"
    return "text"
