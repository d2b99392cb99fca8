"""Plain text and Markdown: decode the bytes (UTF-8, UTF-16, or the legacy code pages of Vietnamese files)."""
from __future__ import annotations

from .. import regexes as re

from ..errors import InputError

_CHARSET = re.compile(rb"""(?i)<meta[^>]+charset\s*=\s*["']?([\w\-]+)""")


def decode_text(data: bytes, name: str | None = None, html: bool = False) -> str:
    """Decode bytes to str: BOM, declared charset (HTML), UTF-8, then windows-1258 / cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:1000]:
        raise InputError(name, "looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if html:
        m = _CHARSET.search(data[:4096])
        if m:
            try:
                return data.decode(m.group(1).decode("ascii"), errors="replace")
            except LookupError:
                pass
    for codec in ("cp1258", "cp1252"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")
