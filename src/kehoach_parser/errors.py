"""Exceptions and the coded warnings a parse can carry (one message per code, like spaCy's errors.py)."""
from __future__ import annotations


class KehoachError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(KehoachError):
    """The input cannot be read: missing, empty, undecodable or of an unsupported format.

    The message always names the file and the problem in one line; ``reason`` is a short code for the batch
    manifest ('empty', 'damaged', 'unsupported', 'not_a_file', 'memory', 'limit:pages', ...).
    """

    def __init__(self, file: str | None, problem: str, reason: str = "unreadable"):
        self.file = file
        self.problem = problem
        self.reason = reason
        super().__init__(f"{one_line(file or '<text>')}: {one_line(problem)}")


def one_line(text: str) -> str:
    """A file name or message made safe for one line of output: control characters (a newline in a file
    name) shown escaped, undecodable bytes of a file name (surrogate escapes) shown as \\xNN.

    >>> one_line("ke hoach\\n2024.txt")
    'ke hoach\\\\n2024.txt'
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char.isprintable():
            out.append(char)
        elif 0xDC80 <= ord(char) <= 0xDCFF:  # a byte os.fsdecode could not decode
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    return "".join(out)


class SetupError(KehoachError):
    """What the command needs is not installed or not running; the message says what to install or start."""


def require(module: str, extra: str, purpose: str):
    """Import an optional dependency, or raise SetupError saying which extra installs it.

    >>> require("json", "web", "the web page").__name__
    'json'
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing = getattr(exc, "name", None) or module
        raise SetupError(f"{purpose} needs {missing}, which is not installed: "
                         f"pip install 'kehoach-parser[{extra}]'") from None


class Warn:
    """Coded warnings, in words a user understands. Use ``Warn.W001.format(...)``."""

    W001 = "W001: no document header found (no 'KẾ HOẠCH' / 'QUYẾT ĐỊNH' heading); header fields come from the body text"
    W002 = "W002: the issuer was inferred from the body text, not read from a header block"
    W003 = "W003: the date line has a blank day or month ({text!r}); date left empty"
    W004 = "W004: the number line has no number ({text!r}); number left empty"
    W005 = "W005: no numbered outline found (no 'I.' or '1.' headings)"
    W006 = "W006: this looks like a news item about a plan, not the plan itself; values come from its prose"
    W007 = "W007: no signature block found"
    W008 = "W008: no 'Nơi nhận' (recipients) block found"
    W009 = "W009: roman label {label!r} is repeated; its path follows its position ({path!r})"
    W010 = "W010: an internal step failed ({step}: {error}); its results are missing"
    W011 = "W011: text had {count} broken diacritics repaired"
    W012 = "W012: OCR is unsure of page(s) {pages} (mean word confidence {confidence:.0f} of 100, under {bar}); check them against the scan"
    W013 = "W013: the header read by OCR may be wrong ({problems}); check it against the scan"
