"""A disk cache for data built from installed files, so a process loads it instead of building it again.

The OCR word repair builds its dictionary from underthesea's Viet74K list: 1.2 s of every process that reads
a scan, as much as a third of Tesseract's own time on a two-page plan. Pickled, it loads in about 0.1 s. An
entry is keyed by the files it was built from (path, size, modification time) and the code that built it,
so a new word list or a new version of the builder builds it again. Where the cache cannot be written (a
read-only home), the data is built in memory as before.

The folder is ``$KEHOACH_PARSER_CACHE``, else ``$XDG_CACHE_HOME/kehoach_parser``, else
``~/.cache/kehoach_parser``; ``KEHOACH_PARSER_CACHE=off`` turns the cache off.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# Raised when the layout of cached values changes in a way the builders' own files do not show
CACHE_FORMAT = 1


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    chosen = os.environ.get("KEHOACH_PARSER_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kehoach_parser"


def _key(files: list[Path]) -> str:
    parts = [str(CACHE_FORMAT)]
    for file in files:
        stat = file.stat()
        parts.append(f"{file.resolve()}|{stat.st_size}|{stat.st_mtime_ns}")
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def cached(name: str, files: list[Path], build: Callable[[], T]) -> T:
    """``build()``, or what it returned before for the same ``files`` (its sources and the builder's code)."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        entry = folder / f"{name}-{_key(files)}.pickle"
    except OSError:
        return build()
    try:
        with open(entry, "rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError, ValueError):
        pass  # a damaged or foreign entry is built again and replaced
    value = build()
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}-", delete=False) as handle:
            temporary = handle.name
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, entry)  # readers never see half an entry; concurrent writers write the same
        temporary = None
        for old in folder.glob(f"{name}-*.pickle"):
            if old != entry:
                old.unlink(missing_ok=True)  # entries of an older word list or builder
    except OSError:
        pass
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    return value
