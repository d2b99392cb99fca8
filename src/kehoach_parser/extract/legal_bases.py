"""Legal bases: every document the preamble cites ("Căn cứ / Thực hiện / Triển khai / Theo ...")."""
from __future__ import annotations

from functools import lru_cache

from .. import regexes as re

from .. import patterns as P
from ..models import LegalBasis, Span
from ..segment.zones import Zones
from ..vocab import load
from .common import clean_value, expand_abbreviations, find_date

# A preamble sentence that cites: "Căn cứ ...", "Thực hiện ...", "Triển khai ...", "Theo đề nghị ...", "Xét ..."
CITING_START = re.compile(r"^(?:Căn\s+cứ|Thực\s+hiện|Triển\s+khai|Theo|Xét|Thi\s+hành|Tiếp\s+tục\s+thực\s+hiện|Hưởng\s+ứng)\b", re.I)
# "số 1464/QĐ-TTg", "số: 80/KH-UBND"
NUMBER_AFTER_SO = re.compile(r"^\s*số\s*:?\s*(?P<number>[\w.\-]+(?:/[\w.\-&Đđ]+)+)", re.I)
# Where the issuer's name ends: "của Thủ tướng Chính phủ về việc ...", "của Chính phủ ban hành ..."
ISSUER_END = re.compile(
    r"\s+(?:về\s+việc|về|ban\s+hành|phê\s+duyệt|quy\s+định|hướng\s+dẫn|sửa\s+đổi|thực\s+hiện|triển\s+khai|tổ\s+chức|lãnh\s+đạo|"
    r"tăng\s+cường|đẩy\s+mạnh|Ban\s+hành|Quy\s+định|Phê\s+duyệt|Về|tại)\b|[,;(]"
)
# The end of a citing sentence where the issuer announces its own plan: ", Ủy ban nhân dân tỉnh ban hành Kế hoạch ..."
OWN_PLAN = re.compile(r"[,;.]\s*(?:(?:Ủy|Uỷ)\s+ban|UBND|Sở|Ban|Bộ|Hội\s+đồng|Thường\s+trực)[^,;]{0,90}?\b(?:ban\s+hành|xây\s+dựng|triển\s+khai)\s+(?:Kế\s+hoạch|Chương\s+trình|Quyết\s+định)")


# A document number written straight after its type, without "số": "Nghị quyết 59-NQ/TW", "Quyết định 1234/QĐ-UBND"
BARE_NUMBER = re.compile(r"^\s+(?P<number>\d[\w.]*(?:-[\p{Lu}\w.]+)?(?:/[\w.\-&Đđ]+)+)")
# Numbers listed with one shared suffix: "Quyết định số 9, 10, 11, 12/COP19" -> 9/COP19, 10/COP19, ...
NUMBER_LIST = re.compile(r"\bsố\s+(?P<list>\d{1,5}(?:\s*,\s*\d{1,5})+)\s*/(?P<suffix>[\w.\-&Đđ/]+)")
# A date close after a type: a law cited by its date, without a number ("Luật Bảo hiểm y tế ngày 14 tháng 11 năm 2008")
DATE_SOON = re.compile(r"^[^;]{0,120}?\bngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2}\s+năm\s+|/\d{1,2}/)\d{4}")
# The caption of an attached plan names its own decision, not a basis: "(Kèm theo Quyết định số 844/QĐ-TTg ...)"
ATTACHED_CAPTION = re.compile(r"\(\s*(?:Ban\s+hành\s+)?[Kk]èm\s+theo\b")
# The types that amend a law by number: "được sửa đổi, bổ sung một số điều tại Luật số 83/2025/QH15"
AMENDING_TYPES = ("Luật", "Bộ luật", "Pháp lệnh")
# Laws listed as the objects of an amendment: "... một số điều của Luật Quy hoạch, Luật Đầu tư, ..." (one citation)
AMENDED_LIST = re.compile(r"một\s+số\s+điều\s+của\s+[^;]*$")


@lru_cache(maxsize=1)
def _type_regex() -> re.Pattern:
    names = sorted(load("doc_types")["cited"], key=len, reverse=True)
    # each word's first letter in either case: "và văn bản số 2958/BKHCN-ATBXHN" (a lower-case type must have a
    # number), "Nghị Quyết số 48/NQ-CP" (a capital inside the type, as some plans write it)
    def spelling(name: str) -> str:
        return r"\s+".join(f"[{w[0].upper()}{w[0].lower()}]" + re.escape(w[1:]) for w in name.split())

    alternation = "|".join(spelling(n) for n in names)
    return re.compile(rf"(?<![\p{{L}}])(?P<type>{alternation})(?![\p{{L}}])")


@lru_cache(maxsize=1)
def _cited_names() -> dict[str, str]:
    """Each cited type's name in lower case -> as the vocabulary writes it."""
    return {n.lower(): n for n in load("doc_types")["cited"]}


def _number_follows(tail: str) -> bool:
    return bool(NUMBER_AFTER_SO.match(tail) or BARE_NUMBER.match(tail) or NUMBER_LATER.match(tail))


def _canonical(doc_type: str) -> str:
    doc_type = " ".join(doc_type.split())
    doc_type = _cited_names().get(doc_type.lower(), doc_type)  # "Nghị Quyết" -> "Nghị quyết"
    doc_type = doc_type[:1].upper() + doc_type[1:]
    for suffix in (" hành động", " liên tịch", " kết luận"):
        if doc_type.endswith(suffix) and doc_type != "Thông báo kết luận":
            return doc_type[: -len(suffix)]
    return doc_type


def extract_legal_bases(z: Zones) -> list[LegalBasis]:
    out: list[LegalBasis] = []
    seen: set[str] = set()
    citing = False
    in_caption = False
    for index in z.preamble:
        block = z.blocks[index]
        if block.cell:
            continue
        if in_caption or ATTACHED_CAPTION.match(block.text) and block.text.startswith("("):
            in_caption = ")" not in block.text
            citing = False
            continue
        # a citation list broken into paragraphs: "...2031;" / "Hướng dẫn số 7886/HD-BNV ngày ..." goes on
        continued = citing and _starts_with_cited_type(block.text)
        citing = bool(CITING_START.match(block.text)) or continued
        if not citing:
            continue
        for basis in parse_citations(block.text):
            basis.span = Span(start=block.start, end=block.end)
            key = (basis.number or basis.text).lower()
            if key in seen:
                continue
            seen.add(key)
            out.append(basis)
    return out


# A space that broke a document number: "66/2018/QĐ- UBND", "3496/LĐT BXH-BĐG", "43/2013/QH 13" (a law's
# number ends with the legislature's: QH13)
NUMBER_GAP = re.compile(r"(?<=\d/(?:\d{4}/)?[\p{Lu}&]{1,10}-)\s+(?=\p{Lu})|(?<=\d/[\p{Lu}]{2,8})\s+(?=\p{Lu}{2,8}-\p{Lu})"
                        r"|(?<=\d/\d{4}/QH)\s+(?=\d{1,2}(?!\d))")
# A citing verb right before a document type written in lower case: "Căn cứ thông tư 48/2011/TT-BYT"
CITED_RIGHT_AFTER = re.compile(r"(?:^|[;,.]\s*|\b)(?:Căn\s+cứ|Thực\s+hiện|Theo)\s+$", re.I)


def _starts_with_cited_type(text: str) -> bool:
    """'Hướng dẫn số 7886/HD-BNV ...', 'Chỉ thị số 02-CT/TU ...': a cited document opens the paragraph."""
    m = _type_regex().match(text)
    return bool(m) and text[:1].isupper() and bool(NUMBER_AFTER_SO.match(text[m.end():]) or BARE_NUMBER.match(text[m.end():]))


# A number a little later in the clause: "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"
NUMBER_LATER = re.compile(r"^[^;,]{0,120}?\s+số\s*\d")
# Just before a citation, the law it amends: "được sửa đổi, bổ sung một số điều tại " (Luật số 83/2025/QH15)
AMENDED_AT = re.compile(r"(?:sửa\s+đổi|bổ\s+sung)[^;]{0,40}\btại\s+$")
# "các " just before a type: "Căn cứ các Quyết định của Thủ tướng ..." (the list follows)
PLURAL_BEFORE = re.compile(r"\bcác\s+$")
# A type that belongs to another document: "Điều 5 của Luật ...", "tại Quyết định", "thuộc Chương trình"
PART_OF_BEFORE = re.compile(r"(?:\bcủa|\btại|\bthuộc)\s+$")
# ... or to a list of them: "và các Nghị định"
PART_OF_OR_LIST_BEFORE = re.compile(r"(?:\bcủa|\btại|\bthuộc|\bvà\s+các)\s+$")
# A list's separator just before a type: "Nghị quyết số 01/NQ-CP; Quyết định ngày ..."
LIST_PUNCT_BEFORE = re.compile(r"[;,]\s*$")
# What opens another cited document before a type: a list mark, "; Căn cứ", ". Thực hiện", "và", "theo",
# "đồng thời", "(được điều chỉnh, bổ sung bởi"
NEXT_CITATION_BEFORE = re.compile(r"(?:[;:,(]\s*(?:(?:căn\s+cứ|thực\s+hiện|theo)\s*)?|\.\s*(?:căn\s+cứ|thực\s+hiện)\s*|\bvà|\btheo"
                                  r"|\bđồng\s+thời|\bbởi)\s*$", re.I)
# Where a law's name ends, before its date: " ngày 19 tháng 6 năm 2015", " năm 2013"
DATE_WORD = re.compile(r"\s+(?:ngày|năm)\s+\d")


def parse_citations(text: str) -> list[LegalBasis]:
    """Every cited document in one preamble sentence.

    >>> [b.number for b in parse_citations("Thực hiện Chỉ thị số 46-CT/TW ngày 16/5/2025 của Bộ Chính trị; Chỉ thị số 28/CT-TTg ngày 18/9/2025 của Thủ tướng Chính phủ")]
    ['46-CT/TW', '28/CT-TTg']
    """
    text = NUMBER_GAP.sub("", text)
    own = OWN_PLAN.search(text)
    limit = own.start() if own else len(text)
    caption = ATTACHED_CAPTION.search(text, 0, limit)
    if caption:
        limit = caption.start()
    text_end = limit
    starts: list[re.Match] = []
    type_re = _type_regex()
    for m in type_re.finditer(text, 0, limit):
        before = text[max(0, m.start() - 16):m.start()]
        has_number = _number_follows(text[m.end():])
        if m.group("type")[:1].islower() and not NUMBER_AFTER_SO.match(text[m.end():]) \
                and not (BARE_NUMBER.match(text[m.end():]) and CITED_RIGHT_AFTER.search(before)):
            continue  # "quyết định" as a word; "văn bản số 2958/...", "Căn cứ thông tư 48/2011/TT-BYT" cite
        # an amending law cited by its number: "được sửa đổi, bổ sung một số điều tại Luật số 83/2025/QH15"
        amending = has_number and _canonical(m.group("type")) in AMENDING_TYPES and bool(AMENDED_AT.search(text[max(0, m.start() - 60):m.start()]))
        if not starts:
            if PLURAL_BEFORE.search(before):
                continue  # "Căn cứ các Quyết định của Thủ tướng ...: Quyết định số ..."
            if PART_OF_BEFORE.search(before) and not has_number:
                continue
            starts.append(m)
            continue
        if PART_OF_OR_LIST_BEFORE.search(before) and not amending:
            continue
        if not amending and AMENDED_LIST.search(text[starts[-1].start():m.start()]):
            continue  # "... một số điều của Luật Đất đai số 31/2024/QH15, Luật Nhà ở số 27/2023/QH15": amended, not cited
        if not has_number and not (DATE_SOON.match(text[m.end():]) and LIST_PUNCT_BEFORE.search(before)):
            continue
        # after a list mark, or "; Căn cứ", "(được điều chỉnh, bổ sung bởi": another cited document
        if amending or NEXT_CITATION_BEFORE.search(before):
            starts.append(m)
    results = []
    for i, m in enumerate(starts):
        seg_end = starts[i + 1].start() if i + 1 < len(starts) else text_end
        seg_start = 0 if i == 0 else m.start()
        segment_text = text[seg_start:seg_end]
        # a sentence-level citation ends at the first ";" after its own clause
        semi = segment_text.find(";", m.start() - seg_start)
        if semi > 0:
            segment_text = segment_text[:semi]
        basis = _parse_one(m, segment_text)
        listed = NUMBER_LIST.search(segment_text)
        if listed and not basis.number:
            for number in P.LIST_COMMA.split(listed.group("list")):
                results.append(basis.model_copy(update={"number": f"{number}/{listed.group('suffix')}"}))
            continue
        results.append(basis)
    return results


# A citation's name and number: "Luật Tổ chức Quốc hội số 57/2014/QH13", "Quyết định số 1863/QĐ-TTg"
NAMED_NUMBER = re.compile(r"^(?P<name>[^;]{0,160}?)\s*số\s*:?\s*(?P<number>[\w.\-]+(?:/[\w.\-&Đđ]+)+)")
# Who issued it: ", của Thủ tướng Chính phủ ...", "do Bộ Y tế ban hành"
ISSUER_AFTER = re.compile(r"^\s*,?\s*(?:của|do)\s+(?P<issuer>.+)")
# The words before a subject: "về việc", "về"
ABOUT = re.compile(r"^\s*(?:về\s+việc|về)\s+", re.I)
# A short name given in passing: "(sau đây gọi tắt là Chỉ thị số 52-CT/TW)"
SHORT_NAME_NOTE = re.compile(r"\((?:sau\s+đây|gọi\s+tắt)[^)]*\)?")


def _parse_one(m: re.Match, segment: str) -> LegalBasis:
    doc_type = _canonical(m.group("type"))
    local_start = segment.find(m.group("type"))
    tail = segment[local_start + len(m.group("type")):]
    name = None
    number = None
    nm = NAMED_NUMBER.match(tail) or BARE_NUMBER.match(tail)
    rest = tail
    if nm:
        number = nm.group("number").rstrip(".,;")
        name = (nm.groupdict().get("name") or "").strip(" ,")
        rest = tail[nm.end():]
    date, dm = find_date(rest[:80])
    issuer = None
    subject = None
    after_date = rest[dm.end():] if dm else rest
    im = ISSUER_AFTER.match(after_date)
    if im:
        issuer_text = im.group("issuer")
        end = ISSUER_END.search(issuer_text)
        issuer = issuer_text[: end.start()] if end else issuer_text
        issuer = expand_abbreviations(clean_value(issuer)) or None
        subject = issuer_text[len(issuer_text[: end.start()]) if end else len(issuer_text):]
    else:
        subject = after_date
    subject = ABOUT.sub("", subject or "")
    subject = clean_value(SHORT_NAME_NOTE.sub("", subject))
    if name:
        # "Luật Tổ chức Quốc hội số 57/2014/QH13" -> subject "Luật Tổ chức Quốc hội"
        subject = subject or f"{doc_type} {name}".strip()
        if doc_type in ("Luật", "Bộ luật", "Pháp lệnh") and not subject.startswith(doc_type):
            subject = f"{doc_type} {name}"
    if not number and not subject:
        subject = clean_value(m.group("type") + tail)
    if not number:
        dm2 = DATE_WORD.search(tail)
        if doc_type in ("Luật", "Bộ luật", "Nghị quyết", "Pháp lệnh", "Hiến pháp"):
            subject = clean_value(m.group("type") + (tail[: dm2.start()] if dm2 else tail.split(" được ")[0].split(" đã ")[0]))
    segment_clean = clean_value(segment)
    return LegalBasis(
        doc_type=doc_type,
        number=number,
        date=date,
        issuer=issuer,
        subject=subject or None,
        text=segment_clean,
    )
