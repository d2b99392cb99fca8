"""The handwritten fields of a first page's header, read a second time with a model that reads handwriting.

Many plans get their number ("Số: 1942/KH-SYT") and their day and month ("ngày 10 tháng 10 năm 2017") written
by hand when they are signed. Tesseract's model, trained on print, reads them poorly: on the five first pages
of ../shared/corpus-dev/scan-real it read no number and one date right, and with a digits-only whitelist on
crops of the fields it still read "1342" for 1942 and "9139" for 2128. The recogniser of PP-OCRv6 (RapidOCR,
the model inside the PyPI package, Apache-2.0), given the crop from "Số" to the document code and from "ngày"
to the year, read all five numbers and all five dates, at about 30 ms a crop.

Only fields Tesseract is unsure of are read again, and a second reading is kept only when it agrees with
what Tesseract did read for sure: the printed code after the number, and the printed year after "năm".
Without RapidOCR installed the fields stay as Tesseract read them (unsure digits become '…').
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from .. import regexes as re

from .layout import Segment

# "Số" opening the number line, as Tesseract reads it: "Số:", "Só:22/KH-TTra", "số:", "Số:{34.2"
_NUMBER_LABEL = re.compile(r"^[Ss][ốóoôơồổ6]\s*:?")
# ... or misread as a short mark: "5" (Số: on a Bộ Công an scan), "S:"
_LABEL_MISREAD = re.compile(r"^[Ss5]\W{0,2}$")
# The printed document code after the number: "/KH-SYT", " /KH-TTra", "22/KH-TTra"
_CODE_PART = re.compile(r"/\s*(\p{Lu}[\p{L}\d]*(?:-[\p{L}\d]+)*)")
# The second reading of the number line: "Só:1942 KH-SYT", "S0:09/KH-TTra", "Só: 2128 /KH-SYT", and without
# its label where the crop began after it: "589/KH-BCA-C04". The number is followed by the code.
_READ_NUMBER = re.compile(r"^\W*(?:[Ss5]\S{0,2}?\s*[:.]\s*|[Ss]\S{0,2}?\s+)?(\d{1,6})(?=\s*/|\s+\p{Lu})")
# The second reading of the date: ", ngày 10 tháng 10 năm 2017", " ngày 17tháng 11 năm 2017"
# (the day's 0 is often read as the letter: "ngày O1 tháng 3 năm 2018")
_READ_DATE = re.compile(r"ng\S{1,3}\s*([\dOo]?\d)\s*th\S{2,4}\s*([\dOo]?\d)\s*n\S{1,2}m\s*(\d{4})")
_LETTER_ZERO = str.maketrans("Oo", "00")
# A field as print reads it: "1942", "10", "8"
_DIGITS_ONLY = re.compile(r"^\d{1,6}$")
_YEAR = re.compile(r"^(?:19|20)\d\d[.,;]?$")
# Tesseract confidence a field's words must all reach to be left as read (print scores 90 and more;
# handwriting and the seals over it score lower); below it, ocr.words_to_lines writes unsure header digits "…"
SURE_FIELD = 80
# RapidOCR score (0-1) a second reading must reach to be kept: the ten right readings of the scan-real
# fields scored 0.90 and more; wrong ones (a crop cut through a digit, "2428" for 2128) 0.84-0.87
SECOND_READING_MIN = 0.88
# Margin around a field's words, in line heights. Measured on the scan-real fields: 0.3 read all ten right,
# 0.6 read 2128 as "2428" and 0.9 read 1942 as "4942" (the wider the crop, the more of the line above)
MARGIN = 0.3


@lru_cache(maxsize=1)
def _recogniser():
    """RapidOCR's text recogniser alone (no detection), one thread; None where it is not installed."""
    try:
        from rapidocr import RapidOCR
    except ImportError:
        return None
    return RapidOCR(params={
        "Global.log_level": "critical",
        "Global.use_det": False, "Global.use_cls": False,
        # pages already run one per core
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    })


def _read_crop(image, box: tuple[float, float, float, float]) -> tuple[str, float] | None:
    """The text of one crop of a grey page image, with the recogniser's score; None without a recogniser."""
    engine = _recogniser()
    if engine is None:
        return None
    import numpy as np

    left, top, right, bottom = (int(v) for v in box)
    crop = image.crop((max(0, left), max(0, top), min(image.width, right), min(image.height, bottom)))
    result = engine(np.asarray(crop.convert("RGB")), use_det=False, use_cls=False, use_rec=True)
    if not result.txts:
        return None
    return result.txts[0], float(result.scores[0])


def _second_reading(image, field: list) -> str:
    """The recogniser's text of a field's crop, or "" when it is not sure of it (SECOND_READING_MIN)."""
    read = _read_crop(image, _span_box(field, MARGIN))
    return read[0] if read and read[1] >= SECOND_READING_MIN else ""


def _span_box(words, margin: float) -> tuple[float, float, float, float]:
    top, bottom = min(w.box.top for w in words), max(w.box.bottom for w in words)
    pad = margin * (bottom - top)
    return words[0].box.x0 - pad, top - pad, words[-1].box.x1 + pad, bottom + pad


def _merged(words, text: str):
    """The words as one sure word with their joint box."""
    box = Segment(min(w.box.x0 for w in words), min(w.box.top for w in words),
                  max(w.box.x1 for w in words), max(w.box.bottom for w in words), text)
    return replace(words[0], box=box, conf=100.0)


def _number_field(line: list, page_width: float):
    """(last word index, printed code) of "Số: 1942 /KH-SYT" opening a line (its first word), or None."""
    if not line:
        return None
    first = line[0]
    label = _NUMBER_LABEL.match(first.box.text) or _LABEL_MISREAD.match(first.box.text)
    if first.box.x0 > page_width / 2 or not label:
        return None  # the number line opens under the issuer, in the left half
    for j in range(min(4, len(line))):
        code = _CODE_PART.search(line[j].box.text, pos=label.end() if j == 0 else 0)
        if code:
            return j, code.group(1)
    return None


def _date_field(line: list):
    """(first, last) word indexes of "ngày 10 tháng 10 năm 2017" after the place in a line, and the printed
    year; or None."""
    for i, word in enumerate(line):
        # the place before it ends with a comma ("Hà Nội, ngày"); a handwritten day may be glued ("ngàyÓ2")
        if not (i > 0 and line[i - 1].box.text.endswith(",") and word.box.text.lower().startswith("ngày")):
            continue
        texts = [w.box.text.lower() for w in line[i:i + 8]]
        if not any(t.endswith("tháng") for t in texts):
            return None
        for k, text in enumerate(texts[:-1]):
            if text == "năm" and _YEAR.match(texts[k + 1]):
                return i, i + k + 1, texts[k + 1][:4]
        return None
    return None


def _number_is_sure(field: list) -> bool:
    """Whether Tesseract read "Số: 1942/KH-SYT" as print: a sure run of digits between "Số:" and "/"."""
    text = " ".join(w.box.text for w in field)
    label = _NUMBER_LABEL.match(text)
    if not label:
        return False  # the label itself was misread ("5" for "Số:")
    digits = text[label.end():].split("/")[0].strip()
    return bool(_DIGITS_ONLY.match(digits)) and min(w.conf for w in field) >= SURE_FIELD


def _date_is_sure(field: list) -> bool:
    """Whether Tesseract read "ngày 10 tháng 10 năm 2017" as print: one sure number for the day and one
    for the month (a handwritten day it dropped as a scribble leaves "ngày tháng 10")."""
    texts = [w.box.text.lower() for w in field]
    month_at = next(i for i, t in enumerate(texts) if t.endswith("tháng"))
    day, month = field[1:month_at], field[month_at + 1:-2]
    return len(day) == 1 and len(month) == 1 and all(
        _DIGITS_ONLY.match(w.box.text) and w.conf >= SURE_FIELD for w in (*day, *month))


def reread_header_fields(image, words: list, header_bottom: float) -> list:
    """``words`` (OcrWord, Tesseract's reading of a first page) with the number and the day and month of the
    header read again where Tesseract was unsure; ``image`` is the grey page Tesseract read."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for index, word in enumerate(words):
        if word.box.top < header_bottom:
            lines.setdefault(word.line_key, []).append(index)
    replacements: dict[int, tuple[int, object]] = {}  # first index -> (last index, merged word)
    for indexes in lines.values():
        line = [words[i] for i in indexes]
        number = _number_field(line, image.width)
        if number and not _number_is_sure(line[:number[0] + 1]):
            last, code = number
            found = _READ_NUMBER.match(_second_reading(image, line[:last + 1]))
            if found:
                text = f"Số: {found.group(1)}/{code}"
                replacements[indexes[0]] = (indexes[last], _merged(line[:last + 1], text))
        date = _date_field(line)
        if date and not _date_is_sure(line[date[0]:date[1] + 1]):
            first, last, year = date
            found = _READ_DATE.search(_second_reading(image, line[first:last + 1]))
            day, month = (found.group(k).translate(_LETTER_ZERO) for k in (1, 2)) if found else ("", "")
            if found and found.group(3) == year and 1 <= int(day) <= 31 and 1 <= int(month) <= 12:
                text = f"ngày {day} tháng {month} năm {year}"
                replacements[indexes[first]] = (indexes[last], _merged(line[first:last + 1], text))
    if not replacements:
        return words
    out, skip_to = [], -1
    for index, word in enumerate(words):
        if index <= skip_to:
            continue
        if index in replacements:
            skip_to, merged = replacements[index]
            out.append(merged)
        else:
            out.append(word)
    return out
