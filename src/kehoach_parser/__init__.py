"""kehoach_parser: Vietnamese administrative plans (Kế hoạch) -> structured data.

    >>> import kehoach_parser
    >>> plan = kehoach_parser.parse("KẾ HOẠCH\\nVề việc thử nghiệm\\nI. MỤC TIÊU\\nPhấn đấu 100% xã đạt chuẩn.")
    >>> plan.sections[0].kind, plan.targets[0].value
    ('objectives', 100.0)
"""
from .api import parse, parse_file, parse_text
from .errors import InputError, KehoachError
from .models import PlanDocument

from ._version import __version__
__all__ = ["parse", "parse_file", "parse_text", "PlanDocument", "InputError", "KehoachError", "Corpus", "Filters",
           "__version__"]


def __getattr__(name: str):
    """``kehoach_parser.Corpus`` / ``Filters``: the search API, imported when first used."""
    if name in ("Corpus", "Filters"):
        from . import search

        return getattr(search, name)
    raise AttributeError(f"module 'kehoach_parser' has no attribute {name!r}")
