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


def files_key(files: list[Path]) -> str:
    """A key naming ``files`` as they are now (path, size, modification time)."""
    parts = []
    for file in files:
        stat = file.stat()
        parts.append(f"{file.resolve()}|{stat.st_size}|{stat.st_mtime_ns}")
    return text_key(parts)


def text_key(parts: list[str]) -> str:
    """A short key for ``parts`` and the cache format."""
    return hashlib.sha1("\n".join([str(CACHE_FORMAT), *parts]).encode("utf-8")).hexdigest()[:16]


# The only globals an entry may name: what the entries are built of (a pickled regex Pattern is a call of
# regex._regex.compile). Anything else in a file of the folder is refused, not run.
_ALLOWED_GLOBALS = {("regex._regex", "compile"), ("collections", "Counter"), ("builtins", "set"),
                    ("builtins", "frozenset")}


class _EntryUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED_GLOBALS:
            raise pickle.UnpicklingError(f"a cache entry may not name {module}.{name}")
        return super().find_class(module, name)


def read_entry(name: str, key: str) -> object | None:
    """The value stored as ``name`` under ``key``, or None (none stored, the cache off, a damaged entry)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{name}-{key}.pickle", "rb") as handle:
            return _EntryUnpickler(handle).load()
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError,
            ValueError):
        return None  # a damaged or foreign entry counts as none; the next write replaces it


def write_entry(name: str, key: str, value: object) -> None:
    """Store ``value`` as ``name`` under ``key``, replacing the entries of ``name`` under other keys; where
    the folder cannot be written, nothing is stored."""
    folder = cache_dir()
    if folder is None:
        return
    entry = folder / f"{name}-{key}.pickle"
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
                old.unlink(missing_ok=True)  # entries of an older source or builder
    except OSError:
        pass
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def cached(name: str, files: list[Path], build: Callable[[], T]) -> T:
    """``build()``, or what it returned before for the same ``files`` (its sources and the builder's code)."""
    if cache_dir() is None:
        return build()
    try:
        key = files_key(files)
    except OSError:
        return build()
    value = read_entry(name, key)
    if value is None:
        value = build()
        write_entry(name, key, value)
    return value  # type: ignore[return-value]
