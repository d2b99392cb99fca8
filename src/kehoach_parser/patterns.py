"""Every regular expression of the parser, named, each with a Vietnamese example.

Built with the ``regex`` module so that ``\\p{Lu}`` / ``\\p{Ll}`` cover all Vietnamese letters.
"""
from __future__ import annotations

from . import regexes as re

FLAGS = re.VERSION1

# --- Markup ------------------------------------------------------------------------------

# Markdown heading marks: "## KẾ HOẠCH" -> "KẾ HOẠCH"
MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# Bold / italic / code marks: "**I. MỤC**", "*Cần Thơ, ngày*", "__x__"
MD_EMPHASIS = re.compile(r"\*{1,3}|_{2,3}|`+")
# Backslash escapes of Markdown: "1\. Mục đích" -> "1. Mục đích"
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
# Footnote references inside text: "Nghị quyết số 163/2024/QH15[1]"
FOOTNOTE_REF = re.compile(r"(?<=\S)\[\d{1,3}\]")
# A footnote body line: "[1] Nghị quyết số 163/2024/QH15 ngày 27/11/2024 ..."
FOOTNOTE_LINE = re.compile(r"^\[\d{1,3}\]\s")
# A line that is only table pipes / rules: "|", "| |||||", "|---|---|"
TABLE_RULE = re.compile(r"^[\s|:\-+=]*\|[\s|:\-+=]*$")
# The characters decorative rules under header parts are drawn with: "-------", "___", "* * *", "––––––"
DECOR_CHARS = "-–—_=*.·•~"
DECOR_RULE = re.compile(r"^[\s" + re.escape(DECOR_CHARS) + r"]{3,}$")
# A comma between the items of a list, with its spaces: "Tư pháp, Y tế", "số 12, 13, 14/QĐ-UBND"
LIST_COMMA = re.compile(r"\s*,\s*")
# HTML remnants: "<br>", "&nbsp;"
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]{0,200}>")

# --- Outline labels ----------------------------------------------------------------------
ROMAN_NUMERAL = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
# Roman heading: "I. MỤC TIÊU", "IV- TỔ CHỨC", "II) NỘI DUNG", "PHẦN II." is handled separately
LABEL_ROMAN = re.compile(rf"^(?P<label>(?=[IVX])" + ROMAN_NUMERAL + r")\s*[.)\-–:]\s*(?=\S)")
# Decimal item: "3.1. Mục tiêu tổng quát", "1.1.2 Vùng nuôi", "2.3) Báo cáo"
LABEL_DECIMAL = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){1,3})\s*[.)]?\s+(?=\S)")
# Arabic item: "1. Mục đích", "2) Yêu cầu", "10. Đề nghị"; not a date "1/2025" nor "1.000"; and an item
# that opens with its target's percentage, a space after the mark: "4. 100% cơ sở y tế cấp xã ..."
LABEL_ARABIC = re.compile(r"^(?P<label>\d{1,2})\s*[.)]\s*(?=[^\d\s])"
                          r"|^(?P<label>\d{1,2})\s*[.)]\s+(?=\d{1,3}(?:[.,]\d+)?\s*%)")
# A number in brackets opening a line, a list of its own inside an item: "(1) Tổ chức hiệp thương lần thứ nhất: ..."
LABEL_PARENTHESIZED = re.compile(r"^\((?P<label>\d{1,2})\)\s*(?=\p{Lu})")
# Letter item: "a) Triển khai", "đ) Tổ chức", "b. Yêu cầu"
LABEL_LETTER = re.compile(r"^(?P<label>[a-zđA-ZĐ])\s*\)\s*(?=\S)|^(?P<label>[a-zđ])\s*\.\s+(?=\p{Lu})")
# The list marks of plans: "-", "+", "•", en and em dashes, and the bullets Word's symbol fonts leave.
# One class for every reader and extractor that strips or recognises a list mark.
BULLET = "[-+•–—●○▪■◦·]"
# A list item's start: "- Tổ chức", "a) Triển khai", "2. Sở Y tế", "3) Báo cáo"
ITEM_MARK = rf"(?:[a-zđ]\)|{BULLET}|\d+[.)])"
# Bullet: "- Tổ chức", "+ Sở Y tế", "• Thời gian", "– Nội dung", "* Ghi chú" (Markdown)
LABEL_BULLET = re.compile(rf"^(?P<label>{BULLET}|\*)\s*(?=\S)")
# Article of a decision: "Điều 1.", "Điều 2:"
LABEL_ARTICLE = re.compile(r"^Điều\s+(?P<label>\d{1,3})\s*[.:]?")
# A part heading: "PHẦN I", "Phần thứ hai"
LABEL_PART = re.compile(r"^(?:PHẦN|Phần)\s+(?P<label>" + ROMAN_NUMERAL + r"|thứ\s+\w+|\d+)\b")

# --- Header ------------------------------------------------------------------------------

# The national motto, in its two lines and their halves as a flattened header table breaks them:
# "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do" / "Hạnh phúc" (old texts write "CỘNG HOÀ", OCR "XA")
_MOTTO_HALVES = (
    (r"CỘNG\s*H[OÒ][AÀ]\s*X[AÃ]\s*H[OỘ]I", r"CHỦ\s*NGHĨA\s*VIỆT\s*NAM"),
    (r"Độc\s*lập\s*[-–]\s*Tự\s*do", r"Hạnh\s*phúc"),
)
# Any piece of the motto (a line holding one is a motto line)
MOTTO = re.compile("|".join(half for line in _MOTTO_HALVES for half in line), re.I)
# The word each half opens with, as written in every variant: a line holding none of them, in any case,
# holds no piece of the motto (a test much cheaper than the search, for the lines of a whole plan;
# tests/test_units.py checks every half opens with one)
MOTTO_FIRST_WORDS = ("cộng", "chủ", "độc", "hạnh")
# A whole motto line, in any flattening (taken out of the issuer)
MOTTO_FULL = re.compile("|".join(rf"{a}\s*(?:[-–]\s*)?{b}" for a, b in _MOTTO_HALVES), re.I)
# Number line: "Số: 687/KH-UBND", "Số: 80 /KH-UBND", "Số:     /KH-UBND"
# ... also when the number is blank or unreadable: "Số:   /KH-UBND", "5 #…? /KH-BCA-C04" (OCR of a handwritten number)
NUMBER_LINE = re.compile(
    r"(?:(?<![\w/])Số\s*[:.]?\s*|(?m:^)(?=[^\n/]{0,20}/\s*\p{Lu}{1,6}-))(?P<number>[^\n/]{0,20}?/\s*[\w\-Đđ./]+|[^\n/]{0,12}?\p{Lu}{2,6}-[\w\-Đđ./…]+)"
)
# Document number anywhere: "63/KH-UBND", "1464/QĐ-TTg", "46-CT/TW", "163/2024/QH15", "08/2022/NĐ-CP"
DOC_NUMBER = re.compile(
    r"(?<![\w/])(?P<number>\d{1,5}[a-zđ]?(?:/\d{4})?(?:[/-](?:\p{Lu}|\d)[\p{L}\d&]*(?:[-–/.&](?:\p{L}|\d)[\p{L}\d&]*)*))(?![\w/])"
)
# Place and date line: "Bình Thuận, ngày 28 tháng 02 năm 2020", "Hà Nội, ngày    tháng 11 năm 2025", and a
# handwritten day OCR read as letters and digits: "Kiên Giang, ngày Ơ1 tháng 3 năm 2018" (place kept, no date)
PLACE_DATE = re.compile(
    r"(?P<place>[\p{Lu}][\p{L} .'\-]{1,40}?)\s*,\s*ngày\s*(?P<day>\d{1,2}|[^\n]{0,8}?)\s*tháng\s*(?P<month>\d{1,2}|[^\n]{0,8}?)"
    r"\s*(?:năm\s*)?(?P<year>\d{4})"
)

# --- Dates -------------------------------------------------------------------------------
# "ngày 28 tháng 12 năm 2020", "ngày 22/7/2016", "ngày 22-7-2016", "ngày 22.7.2016", ", ngày 23/12/2019"
DATE_LONG = re.compile(r"ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})", re.I)
DATE_SHORT = re.compile(r"(?:ngày\s*)?(?<!\d)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>(?:19|20)\d{2})(?!\d)", re.I)
# A year that is a deadline: "đến năm 2025", "năm 2030", "giai đoạn 2021 - 2025" (last year)
YEAR_DEADLINE = re.compile(r"(?:đến|tới|trước|đến hết|hết|trong)\s+(?:năm\s+)?(?P<y>(?:19|20)\d{2})|năm\s+(?P<y>(?:19|20)\d{2})", re.I)

# A line end that runs on into the next line: a connector, a preposition or a bare head word
# ("Bộ Khoa học và" / "Công nghệ", "2. Sở" / "Tài chính", "Trung ương," / "Ủy ban nhân dân ...")
LINE_RUNS_ON = re.compile(r"(?:[,(/-]|\b(?:và|các|của|ở|cho|với|Sở|Bộ|Ban|Ủy\s+ban|Cục|Vụ|Hội|Trung\s+tâm|Văn\s+phòng))\s*$")

# --- Targets -----------------------------------------------------------------------------
# A percentage: "100%", "6,5%", "98 %", "10 - 13%", "từ 10% đến 13%"
# (the range first, so that "30% - 40%" is one range, not two values)
PERCENT = re.compile(
    r"(?<![\d,.])(?P<lo>\d{1,3}(?:[.,]\d{1,3})?)\s*(?:%\s*)?(?:-|–|đến)\s*(?P<hi>\d{1,3}(?:[.,]\d{1,3})?)\s*%"
    r"|(?<![\d,.])(?P<value>\d{1,3}(?:[.,]\d{1,3})?)\s*(?:%|phần\s+trăm)"
)

# --- Signature and recipients ------------------------------------------------------------
# "Nơi nhận:", "*Nơi nhận:*"
RECIPIENTS_HEAD = re.compile(r"^Nơi\s+nhận\s*:?\s*", re.I)
# Authority lines: "KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "TL. GIÁM ĐỐC", "Q. CHỦ TỊCH"
SIGN_AUTHORITY = re.compile(r"^(?:KT|TM|TL|TUQ|Q|Q\.|TTL)\s*[.:]\s*\S", re.I)
# Position lines: "PHÓ CHỦ TỊCH", "CHỦ TỊCH", "GIÁM ĐỐC", "BỘ TRƯỞNG", "TRƯỞNG BAN"
_POSITION_TITLES = (
    r"CHỦ\s+TỊCH|GIÁM\s+ĐỐC|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG|TRƯỞNG\s+BAN|TRƯỞNG\s+PHÒNG|CHÁNH\s+VĂN\s+PHÒNG|"
    r"TỔNG\s+THƯ\s+KÝ|BÍ\s+THƯ|TRƯỞNG\s+ĐOÀN|TỔ\s+TRƯỞNG|TRƯỞNG\s+TIỂU\s+BAN|CỤC\s+TRƯỞNG|VIỆN\s+TRƯỞNG|HIỆU\s+TRƯỞNG|"
    r"TRƯỞNG\s+CÔNG\s+AN|THỨ\s+TRƯỞNG|CHÁNH\s+THANH\s+TRA|VỤ\s+TRƯỞNG|TỔNG\s+GIÁM\s+ĐỐC|TRƯỞNG"
)
SIGN_POSITION = re.compile(rf"^(?:PHÓ\s+)?(?:{_POSITION_TITLES})\b[\p{{Lu}}\s,.]*$")
# Where a position starts inside a flattened signature line: "KT. THỦ TƯỚNG | PHÓ THỦ TƯỚNG Trịnh Đình Dũng"
SIGN_POSITION_START = re.compile(rf"(?<![\p{{L}}])(?:PHÓ\s+)?(?:{_POSITION_TITLES})(?!\p{{Lu}})")
# The authority markers of a signature: "KT.", "TM.", "TL.", "TUQ.", "Q."
SIGN_MARKER = re.compile(r"(?<![\p{L}])(?:KT|TM|TL|TUQ|TTL|Q)\s*\.\s*")
PERSON_NAME = re.compile(r"^(?:\p{Lu}[\p{Ll}]*\.?\s+){1,5}\p{Lu}[\p{Ll}]*$")
# Signature noise: "(Đã ký)", "Handwritten signature", "[daky]"
SIGN_NOISE = re.compile(r"^\(?\s*(?:đã\s+ký|đã ký và đóng dấu|handwritten signature|chữ\s+ký|ký\s+tên|daky|\[daky\])\s*\)?$", re.I)

# --- Sentences ---------------------------------------------------------------------------
# Closing of a document body: "./.", "/."
BODY_CLOSE = re.compile(r"\s*\.?/\.\s*$")
# End of a sentence or list item for line joining: ".", ";", ":", "?", "!", "./."
LINE_END_PUNCT = re.compile(r"[.;:!?]['\"”’)]*\s*$")


# --- Page furniture ------------------------------------------------------------------------
# (dropped by the PDF reader from each page, and by the segmenter from text that kept them)

# Text of an electronic-signature stamp: "Ký bởi: Công an tỉnh", "Người ký: ...", "Thời gian ký: 10.01.2025 09:12:13 +07:00",
# "Email: ...@...gov.vn", "Cơ quan: Bộ Công an", "Signed by ...", "Signature Not Verified"
E_SIGNATURE = re.compile(
    r"^(?:Ký\s+bởi|Người\s+ký|Thời\s+gian\s+ký|Ngày\s+ký|Cơ\s+quan\s*:|Email\s*:|Chức\s+vụ\s*:|Signed\s+by|"
    r"Signature\s+(?:Not\s+)?Verified|Được\s+ký\s+bởi|Ký\s+ngày|Time\s*:|Date\s*:)"
    r"|@[\w.-]+\.(?:gov|com|edu|org)\.vn|\d{2}[./]\d{2}[./]\d{4}\s+\d{2}:\d{2}:\d{2}|\d{4}-\d{2}-\d{2}\s+\d{2}:\d{2}:\d{2}",
    re.I,
)
# A page number alone: "2", "- 3 -", "Trang 4", "4/12"
PAGE_NUMBER = re.compile(r"^(?:[-–]\s*)?(?:Trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*[-–])?$", re.I)
# The running head of the official gazette: "CÔNG BÁO/Số 286/Ngày 27-05-2026", with the page number after it
GAZETTE_HEAD = re.compile(r"^CÔNG\s*BÁO\s*/\s*Số\s*\d+\s*/\s*Ngày\s*\d{1,2}\s*-\s*\d{1,2}\s*-\s*\d{4}(?:\s+\d{1,4})?$")
# The line that opens an e-signature stamp in a text export: "Ký bởi: ...", "Signed by ...", "Người ký: ..."
E_SIGNATURE_OPEN = re.compile(r"^(?:Ký\s+bởi|Người\s+ký|Được\s+ký\s+bởi|Signed\s+by)\b", re.I)
