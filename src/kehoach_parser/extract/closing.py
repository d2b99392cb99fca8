"""The closing of a plan: the recipients ('Nơi nhận') and the signature block."""
from __future__ import annotations

from functools import lru_cache

from .. import regexes as re

from .. import patterns as P
from ..errors import Warn
from ..models import Signature
from ..segment.blocks import is_upper_text
from ..segment.zones import Zones
from .common import clean_value

# Lines after the signature that are not a name: "(Đã ký)", "Nơi nhận:", page furniture
_NOT_NAME = re.compile(r"^(?:Nơi\s+nhận|Lượt\s+xem|Trang|Page|\d+$)", re.I)


def extract_recipients(z: Zones, warnings: list[str]) -> list[str]:
    """Items under the first 'Nơi nhận:' without the dash and closing punctuation; ';' splits items."""
    if z.recipients_at is None:
        warnings.append(Warn.W008)
        return []
    out: list[str] = []
    blocks = z.blocks
    head = blocks[z.recipients_at]
    first = P.RECIPIENTS_HEAD.sub("", head.text).strip()
    items = [first] if first else []
    owner = None  # the index in items of a recipient closing with ':' whose units follow as '+' items
    for block in blocks[z.recipients_at + 1: z.recipients_at + 60]:
        text = block.text
        marked = text.startswith(RECIPIENT_MARKS)
        if (not marked and items and len(text) <= ARCHIVE_CODE_MAX and not block.cell
                and ARCHIVE_COPY.match(items[-1].lstrip("".join(RECIPIENT_MARKS) + " ")) and any(c.isdigit() for c in text)
                and not any(c.islower() for c in text)):
            items[-1] += " " + text  # "- Lưu: VT, CT." over "08 KH": the archive line's codes went on
            continue
        if len(text) <= 6 and not text.endswith((";", ".")):
            continue  # stray marks between the lines (a scan's seal or scribble)
        if not marked and items and items[-1].rstrip().endswith(";") \
                and text.endswith((";", ".")) and len(text) < 80 and not is_upper_text(text):
            items.append(text)  # a recipient whose dash was lost (OCR)
            owner = None
            continue
        if text.startswith("+") and owner is not None and not ARCHIVE_COPY.match(text[1:].strip()):
            # "- VP UBND tỉnh:" over "+ LĐVP, KGVXLinh;": the units of the body above, one recipient with it
            items[owner] = _with_unit(items[owner], text[1:].strip())
            continue
        if not marked:
            if items and not (P.SIGN_AUTHORITY.match(text) or P.SIGN_POSITION.match(text) or is_upper_text(text)) \
                    and not items[-1].rstrip().endswith((";", ".")) and len(text) < 60 and not block.cell:
                items[-1] += " " + text  # a recipient wrapped onto the next line
                continue
            break
        items.append(text)
        owner = len(items) - 1 if text.rstrip().endswith(":") else None
    for item in items:
        for part in _RECIPIENT_SPLIT.split(item):
            value = clean_value(part)
            value = _TRAILING_DOT.sub("", value)
            value = _PURPOSE_MISREAD.sub("(để ", value)
            if value and not PURPOSE_NOTE.match(value):
                out.append(value)
    return out


_RECIPIENT_SPLIT = re.compile(r";\s*(?=\S)")
# The marks a recipient's line opens with: "- Sở Y tế;", "+ LĐVP;", "• Lưu: VT."
RECIPIENT_MARKS = ("-", "–", "+", "•")
# The issuer's own archive copy, always a recipient of its own: "Lưu: VT, KGVX", "Lưu VT"
ARCHIVE_COPY = re.compile(r"^Lưu\b")
# The longest run of codes an archive line goes on with on the next line ("08 KH": a number of copies and
# the drafter's initials, digits and capitals only; a signature line has no digit)
ARCHIVE_CODE_MAX = 12


def _with_unit(owner: str, unit: str) -> str:
    """'- VP UBND tỉnh:' with 'LĐVP;' -> '- VP UBND tỉnh: LĐVP'; a second unit follows after a comma."""
    unit = unit.rstrip(" ;")
    owner = owner.rstrip()
    return f"{owner} {unit}" if owner.endswith(":") else f"{owner.rstrip(' ;')}, {unit}"
_TRAILING_DOT = re.compile(r"\s*\.\s*$")
# What a group of recipients receives the plan for, written beside them: "(để b/c)", "(để ph/h th/h)", "(để biết)"
PURPOSE_NOTE = re.compile(r"^\(\s*(?:để|đề|b/c|t/h|p/h)[^()]{0,40}\)$", re.I)
# "để" of such a note as OCR reads it, a mark swapped or lost ("(đê báo cáo)", "(đề b/c)", "(đê phối hợp)"):
# before the words a purpose is written with, the note only ever says "để"
_PURPOSE_MISREAD = re.compile(r"\((?:đê|đề|đế|đệ|dể|đễ)\s+(?=báo|b/c|biết|phối|p/h|ph/h|thực|t/h|th/h|chỉ|theo|xem|kiểm|giám|thi)")


# A signer's name closing a flattened signature line: "... PHÓ THỦ TƯỚNG Trịnh Đình Dũng"
_TRAILING_NAME = re.compile(r"(?:^|\s)(?P<name>\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}*){1,5})\s*$")
# Brackets and bars a stamp or a seal leaves around a name
_STAMP_MARKS = re.compile(r"^[\[\]|{}]+\s*|\s*[\[\]|{}]+$")
# Stray characters glued to a position by a PDF or OCR: "PHÓ THỦ TƯỚNGy]"
_GLUED_JUNK = re.compile(r"(?<=\p{Lu})[^\p{Lu}\s]+$")


def split_signature_line(text: str) -> tuple[str | None, str | None, str | None]:
    """(authority, position, name) of a signature written on one line.

    >>> split_signature_line("KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Trịnh Đình Dũng")
    ('KT. THỦ TƯỚNG', 'PHÓ THỦ TƯỚNG', 'Trịnh Đình Dũng')
    >>> split_signature_line("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Trần Thị B")
    ('TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Trần Thị B')
    >>> split_signature_line("KT. BỘ TRƯỞNG")
    ('KT. BỘ TRƯỞNG', None, None)
    """
    text = " ".join(text.replace("|", " ").split())
    name_match = _TRAILING_NAME.search(text)
    name = name_match.group("name") if name_match else None
    head = text[: name_match.start()].strip() if name_match else text
    markers = list(P.SIGN_MARKER.finditer(head))
    if not markers:
        return None, None, name
    last = markers[-1]
    position = None
    for m in P.SIGN_POSITION_START.finditer(head, last.end()):
        if m.start() > last.end():
            position = _GLUED_JUNK.sub("", head[m.start():]).strip(" ,.")
            head = head[: m.start()]
            break
    return head.strip(" ,.") or None, position or None, name



def _is_deputy_of(text: str, position: str) -> bool:
    """'PHÓ CHỦ TỊCH' under 'CHỦ TỊCH': the deputy's title is the head's with 'PHÓ' before it."""
    words = text.split()
    return len(words) > 1 and words[0] == "PHÓ" and words[1:] == position.split() \
        and bool(P.SIGN_POSITION.match(text))


# How far after 'Nơi nhận' a signer's name standing alone is looked for, in blocks (the recipients of a
# provincial plan run to about 20 lines; the name follows them or stands beside them)
BARE_SIGNER_REACH = 30


@lru_cache(maxsize=1)
def _family_names() -> frozenset[str]:
    from ..vocab import load

    return frozenset(load("people")["family_names"])


def _bare_signer(blocks, anchor: int) -> str | None:
    """A signer's name standing alone after 'Nơi nhận', without authority or position lines above it (a scan
    whose seal covered them): a person's name of 2-5 words that starts with a Vietnamese family name
    (vocab/people.yaml), the last such line."""
    family = _family_names()
    found = None
    for block in blocks[anchor + 1: anchor + 1 + BARE_SIGNER_REACH]:
        candidate = _STAMP_MARKS.sub("", block.text).strip(" .")
        words = candidate.split()
        if 2 <= len(words) <= 5 and words[0] in family and P.PERSON_NAME.match(candidate):
            found = candidate
    return found


# A position in capitals with the recipients' column read onto its line by OCR: "THỨ TRƯỞNG - Đ/c Bộ trưởng (để báo
# cáo);", "GIÁM ĐỐC - Như trên;"
_POSITION_BESIDE_RECIPIENT = re.compile(r"^(?P<position>[\p{Lu}\s]+?)\s+[-–+]\s+(?=\p{Lu}\p{Ll}|Đ/c|UBND)")


def extract_signature(z: Zones, warnings: list[str]) -> Signature:
    """Authority lines (KT./TM./TL.), the position and the signer's name, near 'Nơi nhận'."""
    blocks = z.blocks
    n = len(blocks)
    anchor = z.recipients_at if z.recipients_at is not None else None
    candidates = range(max(0, anchor - 8), min(n, anchor + 40)) if anchor is not None else range(max(0, n - 30), n)
    authority: list[str] = []
    position = name = None
    i = None
    for idx in candidates:
        text = blocks[idx].text
        if P.SIGN_AUTHORITY.match(text):
            authority.append(text)
            j = idx + 1
            while j < n and P.SIGN_AUTHORITY.match(blocks[j].text):
                authority.append(blocks[j].text)
                j += 1
            i = j
            break
        if P.SIGN_POSITION.match(text) and anchor is not None and idx > anchor:
            i = idx
            break
    if i is None and anchor is None:
        # no 'Nơi nhận': the signature may close a decision placed before the plan it issues
        for idx in range(n - 1, -1, -1):
            if P.SIGN_AUTHORITY.match(blocks[idx].text):
                authority = [blocks[idx].text]
                i = idx + 1
                break
    if i is None:
        name = _bare_signer(blocks, anchor) if anchor is not None else None
        if name:
            return Signature(name=name)  # a seal over the position left the name alone
        warnings.append(Warn.W007)
        return Signature()
    if authority:
        # a signature flattened onto one line: "KT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Trịnh Đình Dũng"
        flat_authority, flat_position, flat_name = split_signature_line(" ".join(authority))
        if flat_position:
            if flat_name:
                return Signature(authority=flat_authority, position=flat_position, name=flat_name)
            authority, position = [flat_authority], flat_position
    for idx in range(i, min(n, i + 6)):
        text = blocks[idx].text
        if P.SIGN_NOISE.match(text) or P.SIGN_AUTHORITY.match(text):
            continue
        if position is None and P.SIGN_POSITION.match(_GLUED_JUNK.sub("", text)):
            position = _GLUED_JUNK.sub("", text)
            continue
        beside = _POSITION_BESIDE_RECIPIENT.match(text) if position is None else None
        if beside and P.SIGN_POSITION.match(beside.group("position")):
            position = beside.group("position")  # "THỨ TRƯỞNG - Đ/c Bộ trưởng (để báo cáo);": a scan's columns met
            continue
        if position is not None and not authority and _is_deputy_of(text, position):
            # "CHỦ TỊCH" over "PHÓ CHỦ TỊCH": a deputy signs for the head (Decree 30/2020: "KT."); a scan's
            # seal or stroke took the marker
            authority, position = [f"KT. {position}"], text
            continue
        if position is not None and not _NOT_NAME.match(text):
            # a stamp or seal leaves brackets beside the name: "[ Phạm Thị Thanh Trà"
            candidate = re.sub(r"\s*\(.*\)\s*$", "", _STAMP_MARKS.sub("", text)).strip(" .")
            if P.PERSON_NAME.match(candidate) or (is_upper_text(candidate) and 1 < len(candidate.split()) <= 5):
                name = candidate.title() if is_upper_text(candidate) else candidate
                break
    return Signature(authority=" ".join(authority) or None, position=position, name=name)
