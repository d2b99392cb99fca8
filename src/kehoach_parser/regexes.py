"""The ``regex`` module as this package uses it: the same API, with ``compile`` served from a disk cache.

The package compiles about 230 patterns; the ``regex`` module parses and optimises each in Python, about
0.1 s of every process (a third of a one-file ``kehoach-parser parse``). A compiled pattern pickles with its
program (regex 2016.04+), and unpickling builds it in C without parsing again, about 0.1 ms a pattern. So
the patterns a process compiled are stored at exit (``cache.write_entry``) and the next process starts from
them; the entry is keyed by the versions of ``regex`` and Python, which decide the program, and holds each
pattern under its own text and flags, so an edited pattern is simply compiled anew.

Modules import it in place of ``regex``: ``from .. import regexes as re``.
"""
from __future__ import annotations

import atexit
import sys
import threading

import regex as _regex
from regex import (  # noqa: F401 (the rest of the API the modules use, unchanged)
    ASCII, BESTMATCH, DOTALL, IGNORECASE, MULTILINE, UNICODE, V0, V1, VERBOSE, VERSION0, VERSION1, A, I, M, Match,
    Pattern, S, U, X, error, escape, findall, finditer, fullmatch, match, search, split, sub, subn)

from . import cache

_ENTRY = "patterns"
_KEY = cache.text_key([_regex.__version__, sys.version])
# Patterns of older code stay in the entry until it holds this many: about four times the package's own,
# room for what the readers and vocabularies add without letting edits grow the file without end
_MAX_STORED = 1000

_loaded: dict[tuple[str, int], Pattern] = {}
_compiled_here: dict[tuple[str, int], Pattern] = {}
_lock = threading.Lock()
_served = 0


def _load() -> None:
    loaded = cache.read_entry(_ENTRY, _KEY)
    if isinstance(loaded, dict):
        _loaded.update(loaded)


def compile(pattern, flags=0, **named_lists) -> Pattern:  # noqa: A001 (the regex API's own name)
    """``regex.compile(pattern, flags)``, from the stored programs when this pattern was compiled before."""
    global _served
    if named_lists or not isinstance(pattern, str):
        return _regex.compile(pattern, flags, **named_lists)
    key = (pattern, int(flags))
    found = _loaded.get(key)
    if found is not None:
        _served += 1
        return found
    found = _compiled_here.get(key)
    if found is None:
        found = _regex.compile(pattern, flags)
        with _lock:
            if not _compiled_here:
                atexit.register(_store)
            _compiled_here[key] = found
    return found


def _store() -> None:
    """Write the stored programs with those compiled in this process (at exit, once something was new)."""
    with _lock:
        programs = {**_loaded, **_compiled_here} if len(_loaded) + len(_compiled_here) <= _MAX_STORED \
            else dict(_compiled_here)
    cache.write_entry(_ENTRY, _KEY, programs)


def stats() -> dict[str, int]:
    """How many ``compile`` calls the stored programs answered and how many patterns this process compiled."""
    return {"served": _served, "compiled": len(_compiled_here)}


_load()
