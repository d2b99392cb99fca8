"""How far text read by OCR can be trusted: each page's mean word confidence, and checks of the header.

Tesseract gives each word a confidence; a page's mean (weighted by letters) goes into ``source`` and a page
under ``UNSURE_PAGE`` gets warning W012. A page can read with high confidence and still give a wrong header
(the scanned 707/QĐ-TTg reads at 92 on page 1 and gave the issuer "Di" and the number "#01/QĐ-TT"), so the
header is also checked against how headers are written: the issuer is a known kind of body, the number has
the form "589/KH-BCA-C04", the place is a name. ``header.confidence`` is the share of the checks passed;
W013 says which failed.
"""
from __future__ import annotations

from functools import lru_cache

from . import regexes as re

from . import patterns as P
from .errors import Warn
from .models import Header

# A page whose mean OCR word confidence is under this is flagged: the real and rendered scans we hold read at
# 88-96 where their text is right; the one garbled page (seals and handwriting over the print of the Bộ Công an
# scan 589/KH-BCA-C04, page 7) reads at 67
UNSURE_PAGE = 80
# A header passing fewer of its checks than this share is flagged
SURE_HEADER = 0.75

# A place beside the date: capitalised words ("Kiên Giang", "Hà Nội", "Buôn Ma Thuột", "Phố Bảng")
PLACE_FORM = re.compile(r"^\p{Lu}\p{Ll}+(?:[\s-]+\p{Lu}\p{Ll}*){0,4}$")


@lru_cache(maxsize=1)
def _party_committee() -> re.Pattern:
    from .vocab import load

    words = sorted(load("agencies")["party_committees"], key=len, reverse=True)
    return re.compile(r"^(?:" + "|".join(re.escape(w) for w in words) + r")(?!\p{L})", re.I)


def known_issuer(issuer: str | None) -> bool:
    """An issuer that starts like a Vietnamese body: a head of vocab/agencies.yaml or a party committee."""
    from .extract.agencies import starts_with_agency

    if not issuer:
        return False
    return starts_with_agency(issuer) or bool(_party_committee().match(issuer))


def page_confidences(confidences: list[float | None] | None, warnings: list[str]) -> float | None:
    """The mean over the OCR'd pages; W012 for the pages under UNSURE_PAGE."""
    read = [c for c in confidences or [] if c is not None]
    if not read:
        return None
    unsure = [i + 1 for i, c in enumerate(confidences) if c is not None and c < UNSURE_PAGE]
    if unsure:
        low = sum(confidences[i - 1] for i in unsure) / len(unsure)
        warnings.append(Warn.W012.format(pages=", ".join(map(str, unsure)), confidence=low, bar=UNSURE_PAGE))
    return round(sum(read) / len(read), 1)


def check_header(header: Header, warnings: list[str]) -> float:
    """The share of the header checks passed (a known issuer; a number and a place of the usual form where
    they were read); W013 naming the failures when the issuer is unknown or the share is low."""
    problems: list[str] = []
    checks = 1
    issuer_known = known_issuer(header.issuer)
    if not issuer_known:
        problems.append(f"issuer {header.issuer!r} is no known kind of body")
    if header.number:
        checks += 1
        if not P.DOC_NUMBER.fullmatch(header.number):  # "589/KH-BCA-C04", "419/QĐ-TTg", "12/2024/TT-BYT"
            problems.append(f"number {header.number!r} is not of the form '589/KH-BCA-C04'")
    if header.place:
        checks += 1
        if not PLACE_FORM.match(header.place):
            problems.append(f"place {header.place!r} is not a name")
    share = round((checks - len(problems)) / checks, 2)
    if problems and (share < SURE_HEADER or not issuer_known):
        warnings.append(Warn.W013.format(problems="; ".join(problems)))
    return share
