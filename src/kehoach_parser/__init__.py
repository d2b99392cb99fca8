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
__all__ = ["parse", "parse_file", "parse_text", "PlanDocument", "InputError", "KehoachError", "__version__"]
