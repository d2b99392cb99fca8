"""Scanned pages -> text with Tesseract's Vietnamese model.

Pages are rendered with pypdfium2 at 300 dpi, cleaned with a median filter (dust and JPEG noise; on noisy
scans this took the character error rate from 1.8 % to 0.9 %, ../shared/ECOSYSTEM.md) and read with
``--psm 4`` (one column of text of varying sizes: the default segmentation silently drops whole blocks on
noisy scans, and ``--psm 6`` loses tone marks stacked over circumflexes on real scans; see PSM).
Tesseract runs one thread per process (``OMP_THREAD_LIMIT=1``: its own threading made it six times slower
on this machine) and pages run in parallel, one process per core. Words come back with their boxes (TSV)
and go through the same layout step as PDF text layers.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import warnings
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Iterator

from .. import regexes as re

from .. import limits
from .. import patterns as P
from ..errors import InputError
from .layout import Line, Segment, is_page_furniture, join_pages, pages_to_text, row_to_line
from .ocr_fix import fix_ocr_text
from .ocr_header import SURE_FIELD, reread_header_fields
from .ocr_lost_lines import recover_lost_lines
from .ocr_words import makes_a_word
from .ocr_tables import Grid, erase, find_tables

RENDER_DPI = 300
# Tesseract page segmentation: 4, one column of text of varying sizes. Measured on real first pages
# (benchmarks/real_pages.py, page 1 of 6 real scans): 4 gives 5.5 % CER, 6 (one uniform block) 6.7 %, 3 (auto)
# 6.1 %; 6 clips the tone mark stacked over a circumflex ("kiến" read "kiên", "đề" "đê") and 3 drops blocks
# of noisy scans. On the dev scans 4 gives 0.53 % against 0.67 % for 6 (benchmarks/ocr_quality.py).
PSM = "4"
# A line image read alone (ocr_lost_lines)
LINE_PSM = "7"
# Pages OCR'd at once within one document (None: one per core). A batch running one document per core sets 1.
PAGE_JOBS: int | None = None
# What an outline label looks like to OCR, even misread: "I.", "H.", "IL", "2.", "a)", "-"
# The header zone of a first page, as a share of the page height
HEADER_SHARE = 0.25
_DIGIT = re.compile(r"\d")
# A document code, printed, not handwritten: "/KH-TCTLNTW-C04"
_CODE = re.compile(r"[/-]\p{Lu}")
_DIGITS = re.compile(r"\d+")
# A piece of a line worth keeping: a word of two letters, a number, or a list mark
_MEANINGFUL = re.compile(rf"\p{{L}}{{2}}|\d|…|^{P.BULLET}\s")
_LABEL_LIKE = re.compile(rf"^(?:[IVXHLlJ|!1-9]{{1,3}}[.,)]?|[a-zđ]\)|{P.BULLET})$")
# A stroke read as a run of rule marks glued to the word after it (a seal's edge, an underline): "===KT."
_GLUED_RULE = re.compile(r"^[=_~]{2,}(?=\w)")
# What is left of an erased cell rule at a word's end, or as a word: "|", "[16/6/2018", "HSMT_"
_RULE_REMAINS = re.compile(r"^[|\[\]{}_!]+|[|\[\]{}_!]+$")
# Tesseract confidence (0-100) under which a word of three characters or fewer is dropped
LOW_CONFIDENCE = 45
TESSERACT_TIMEOUT_S = 300


def tesseract_command() -> str:
    """Path of the tesseract binary with Vietnamese data, or an InputError saying how to install it."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise InputError(None, "reading scans needs Tesseract OCR with Vietnamese data: "
                               "install the Debian packages tesseract-ocr and tesseract-ocr-vie (make install does)")
    return exe


@lru_cache(maxsize=1)
def _image_folder() -> str:
    """Where page images for Tesseract are written: memory-backed /dev/shm when there is one."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else tempfile.gettempdir()


def _tesseract_tsv(image_bytes: bytes, name: str | None, psm: str = PSM) -> str:
    """Tesseract's TSV of one BMP image. The image goes through a file, not stdin: Tesseract reads stdin a
    character at a time, 0.15-0.2 s of an A4 page at 300 dpi (a tenth of its own time on the page)."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    fd, path = tempfile.mkstemp(suffix=".bmp", prefix="kehoach-ocr-", dir=_image_folder())
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(image_bytes)
        done = subprocess.run(
            [tesseract_command(), path, "stdout", "-l", "vie", "--psm", psm, "tsv"],
            capture_output=True, env=env, timeout=TESSERACT_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        raise InputError(name, f"OCR of a page took longer than {TESSERACT_TIMEOUT_S} s") from None
    finally:
        os.unlink(path)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        hint = "; is tesseract-ocr-vie installed?" if any("vie" in m for m in message) else ""
        raise InputError(name, f"Tesseract failed: {message[-1] if message else done.returncode}{hint}")
    return done.stdout.decode("utf-8", "replace")


@dataclass
class OcrWord:
    """One word of Tesseract's TSV: its line (block, paragraph, line numbers), its box and text, its confidence."""
    line_key: tuple[int, int, int]
    box: Segment
    conf: float


def tsv_words(tsv: str) -> list[OcrWord]:
    """Tesseract TSV -> words, in Tesseract's reading order, without the strokes and dust it reads as words."""
    words = []
    for record in tsv.splitlines()[1:]:
        cols = record.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        try:
            left, top, width, height, conf = int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9]), float(cols[10])
        except ValueError:
            continue
        if conf < 0:
            continue
        word = _GLUED_RULE.sub("", cols[11].strip())
        key = (int(cols[2]), int(cols[3]), int(cols[4]))
        words.append(OcrWord(key, Segment(left, top, left + width, top + height, word), conf))
    return [word for i, word in enumerate(words) if not _is_speck(words, i)]


def _is_speck(words: list[OcrWord], i: int) -> bool:
    """Whether a word is the remains of a seal, a scribble or dust: short and unsure, and neither a label nor
    a word with its neighbour ("Thư" of "Thư ký", read at 28 % beside a bullet, is a word)."""
    word = words[i]
    text = word.box.text
    if word.conf >= LOW_CONFIDENCE or len(text) > 3 or _LABEL_LIKE.match(text):
        return False
    after = words[i + 1] if i + 1 < len(words) and words[i + 1].line_key == word.line_key else None
    before = words[i - 1] if i > 0 and words[i - 1].line_key == word.line_key else None
    return not ((after is not None and makes_a_word(text, after.box.text))
                or (before is not None and makes_a_word(before.box.text, text)))


def tsv_lines(tsv: str, header_bottom: float = 0.0, grids: list[Grid] = ()) -> list[Line]:
    """Tesseract TSV -> lines; see words_to_lines."""
    return words_to_lines(tsv_words(tsv), header_bottom, grids)


def words_to_lines(words: list[OcrWord], header_bottom: float = 0.0, grids: list[Grid] = ()) -> list[Line]:
    """Words -> lines (Tesseract's own line grouping copes with skew), in top-to-bottom order.

    Above ``header_bottom`` (the header of a first page, where number and day are often handwritten),
    digits Tesseract is unsure of are written as '…' rather than guessed. Words inside one of ``grids`` (the
    page's ruled tables) go to their cell, and each table becomes one table line.
    """
    rows: dict[tuple[int, int, int], list[Segment]] = {}
    cells: list[dict[tuple[int, int], list[tuple[tuple[int, int, int], Segment]]]] = [{} for _ in grids]
    for word in words:
        segment = word.box
        if segment.top < header_bottom and word.conf < SURE_FIELD and _DIGIT.search(segment.text) \
                and not _CODE.search(segment.text):
            segment = replace(segment, text=_DIGITS.sub("…", segment.text))
        for grid, table in zip(grids, cells):
            where = grid.cell_of((segment.x0 + segment.x1) / 2, (segment.top + segment.bottom) / 2)
            if where is not None:
                table.setdefault(where, []).append((word.line_key, segment))
                break
        else:
            rows.setdefault(word.line_key, []).append(segment)
    lines = [_table_line(grid, table) for grid, table in zip(grids, cells)]
    lines = [l for l in lines if l.table]
    for row in rows.values():
        line = row_to_line(row, word_gap=True)
        # pieces with no word and no number ("Z⁄", "| ¬", "`") are strokes of seals and signatures
        line.parts = [p for p in line.parts if _MEANINGFUL.search(p.text)]
        if line.parts:
            lines.append(line)
    lines.sort(key=lambda l: l.top)
    return lines


# Image clean-up steps, in order (benchmarks/ocr_quality.py measures each choice):
# "median": a 3x3 median filter removes dust and JPEG speckle, keeps strokes and diacritics;
# "binarise": pixels lighter than BINARISE_LEVEL become white, which erases grey seals and background
# (measured: CER 1.11 % -> 0.86 % on the dev scans but unsteady per page, so not on by default).
# Colour pages first lose their red ink (seals, incoming-document stamps over the header).
PREPARE_STEPS: tuple[str, ...] = ("median",)
BINARISE_LEVEL = 140
# A pixel is red ink when its red channel exceeds both others by this much (0-255)
RED_MARGIN = 40
# The red ink is read for names only where it covers at most this share of the page (a seal and a name
# beside it are under 5 % of an A4 page; a page in red is not a signature)
RED_AREA_MAX = 0.15
# Red text is read as sparse text: a seal's ring and a name beside it are no column of lines
RED_PSM = "11"


def red_ink(image):
    """Where a colour page has red ink (seals, stamps, names printed in red), as a boolean mask, or None."""
    if image.mode not in ("RGB", "RGBA", "P", "CMYK"):
        return None
    import numpy as np

    if image.mode != "RGB":
        image = image.convert("RGB")  # (converting an RGB page copies it: 10 ms for nothing)
    # most pages have no red at all: a small copy tells, and the full-size work is skipped
    small = np.asarray(image.reduce(8)).astype(np.int16)
    if not ((small[..., 0] - np.maximum(small[..., 1], small[..., 2])) > RED_MARGIN).any():
        return None
    rgb = np.asarray(image).astype(np.int16)
    return (rgb[..., 0] - np.maximum(rgb[..., 1], rgb[..., 2])) > RED_MARGIN


def drop_red_ink(image, red=None):
    """Colour page -> grey page with red ink (``red``, the mask of red_ink) turned white."""
    import numpy as np
    from PIL import Image

    grey = image.convert("L")
    if red is None:
        return grey
    grey = np.asarray(grey).copy()
    grey[red] = 255
    return Image.fromarray(grey)


def median3(image):
    """A 3x3 median filter of a grey image: OpenCV's (about 9 ms a 300 dpi page) where it is installed,
    else Pillow's, which gives the same pixels (measured on the dev scans) in about 300 ms."""
    try:
        import cv2
        import numpy as np
        from PIL import Image
    except ImportError:
        from PIL import ImageFilter

        return image.filter(ImageFilter.MedianFilter(3))
    return Image.fromarray(cv2.medianBlur(np.asarray(image), 3))


def prepare(image, red=None):
    """Grey levels (red ink removed from colour pages: ``red`` is red_ink's mask, found here when not given),
    then the clean-up steps of PREPARE_STEPS."""
    image = drop_red_ink(image, red_ink(image) if red is None else red)
    for step in PREPARE_STEPS:
        if step == "median":
            image = median3(image)
        elif step == "binarise":
            image = image.point(lambda v: 255 if v > BINARISE_LEVEL else 0)
    return image


def _table_line(grid: Grid, table: dict[tuple[int, int], list[tuple[tuple[int, int, int], Segment]]]) -> Line:
    """A ruled table as one line: rows of cell texts, each cell's words in Tesseract's line order."""
    rows = []
    for r in range(len(grid.rows) - 1):
        row = []
        for c in range(len(grid.columns) - 1):
            words = table.get((r, c), [])
            first_top: dict[tuple[int, int, int], float] = {}
            for key, segment in words:
                first_top[key] = min(first_top.get(key, segment.top), segment.top)
            words = sorted(words, key=lambda item: (first_top[item[0]], item[0], item[1].x0))
            text = " ".join(_RULE_REMAINS.sub("", segment.text) for _, segment in words)
            row.append(" ".join(text.split()))
        if any(row):
            rows.append(row)
    box = Segment(grid.x0, grid.top, grid.x1, grid.bottom, "")
    return Line([box], table=rows if len(rows) >= 2 else None)


# A person's name closing a line of red text: two to five words, each a capital and small letters
_RED_NAME = re.compile(r"\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}*){1,4}$")


def red_text_image(red):
    """The red ink of a page (red_ink's mask) as black on white, cropped to where it is, with the crop's
    offset: (image, left, top), or None. Seals are red, and so is, on many provincial plans, the signer's name."""
    if red is None:
        return None
    import numpy as np
    from PIL import Image

    rows, columns = np.nonzero(red.any(axis=1))[0], np.nonzero(red.any(axis=0))[0]
    top, bottom, left, right = rows[0], rows[-1] + 1, columns[0], columns[-1] + 1
    if (bottom - top) * (right - left) > RED_AREA_MAX * red.size:
        return None  # a page printed in red (a heading, a whole stamp page) is read with the rest
    crop = np.where(red[top:bottom, left:right], 0, 255).astype(np.uint8)
    return Image.fromarray(crop), int(left), int(top)


def _red_names(red, name: str | None) -> list[Line]:
    """Names printed in red (the signer's, beside the seal), as lines at their place on the page."""
    found = red_text_image(red)
    if found is None:
        return []
    crop, left, top = found
    buffer = io.BytesIO()
    crop.save(buffer, format="BMP")
    out = []
    for line in tsv_lines(_tesseract_tsv(buffer.getvalue(), name, psm=RED_PSM)):
        m = _RED_NAME.search(line.text.strip(" .,;"))
        if m:  # strokes of the signature glued before it are left: "=—=ZLê Hoàng Anh"
            box = Segment(line.x0 + left, line.top + top, line.x1 + left, line.bottom + top, m.group(0))
            out.append(Line([box]))
    return out


def ocr_page_lines(image, name: str | None, first_page: bool = False) -> tuple[list[Line], float]:
    """Lines of one page image (ruled tables as table lines) and the page width, for the layout step."""
    red = red_ink(image)  # found once: removed for the seal, then read for the signer's name
    grey = prepare(image, red)
    grids: list[Grid] = []
    try:
        import numpy as np
        from PIL import Image

        pixels = np.asarray(grey)
        grids, rules = find_tables(pixels)
        if rules is not None:
            grey = Image.fromarray(erase(pixels, rules))  # rules are not read as "|" or "I"
    except ImportError:
        pass  # without OpenCV tables are read as text
    buffer = io.BytesIO()
    grey.save(buffer, format="BMP")  # uncompressed: encoding PNG cost a tenth of Tesseract's time
    header_bottom = HEADER_SHARE * image.height if first_page else 0.0
    words = tsv_words(_tesseract_tsv(buffer.getvalue(), name))
    try:
        words = recover_lost_lines(grey, words, grids, lambda line: tsv_words(_tesseract_tsv(line, name, LINE_PSM)))
    except ImportError:
        pass  # without OpenCV a line Tesseract's layout dropped stays lost
    if first_page:
        words = reread_header_fields(grey, words, header_bottom)
    confidence = page_confidence(words)
    lines = words_to_lines(words, header_bottom, grids)
    lines = [l for i, l in enumerate(lines) if l.table or not is_page_furniture(l, i, len(lines))]
    red_names = _red_names(red, name)
    if red_names:
        lines = sorted(lines + red_names, key=lambda l: l.top)
    return lines, image.width, confidence


def page_confidence(words: list[OcrWord]) -> float | None:
    """Tesseract's mean word confidence on a page (0-100), each word weighted by its letters; None without
    words. Clean print reads at 90-96 (trust.UNSURE_PAGE says when a page is doubted)."""
    total = weight = 0.0
    for word in words:
        letters = sum(map(str.isalnum, word.box.text))
        if word.conf >= 0 and letters:
            total += word.conf * letters
            weight += letters
    return round(total / weight, 1) if weight else None


def ocr_pdf_pages(pdf, indexes: list[int], name: str | None, jobs: int | None = None
                  ) -> tuple[dict[int, tuple[list[Line], float]], dict[int, float | None]]:
    """OCR the given pages of an open pypdfium2 document, pages in parallel; ({page index: (lines, width)},
    {page index: mean word confidence})."""
    tesseract_command()

    def rendered():
        for index in indexes:
            page = pdf[index]
            try:
                # in colour (red seals are removed by colour), in RGB order (pdfium's own BGR cost 50 ms a page
                # to convert)
                yield index, page.render(scale=render_scale(*page.get_size()), rev_byteorder=True).to_pil()
            finally:
                page.close()

    results = _ocr_streamed(rendered(), name, jobs)
    return {i: (lines, width) for i, (lines, width, _) in results.items()}, {i: r[2] for i, r in results.items()}


def _ocr_streamed(images: Iterator[tuple[int, Any]], name: str | None, jobs: int | None
                  ) -> dict[int, tuple[list[Line], float, float | None]]:
    """OCR (index, image) pairs as they come, pages in parallel: {index: (lines, width, confidence)}. Pages
    stream through: an image is taken from ``images`` only once a thread is free for it, so memory holds a
    few page images whatever the page count (rendering all first cost 27 MB a page)."""
    jobs = jobs or PAGE_JOBS or os.cpu_count() or 1
    results: dict[int, tuple[list[Line], float, float | None]] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures: dict[int, Future] = {}
        for index, image in images:
            futures[index] = pool.submit(ocr_page_lines, image, name, index == 0)
            while len(futures) >= jobs + 1:
                done = next(iter(futures))
                results[done] = futures.pop(done).result()
        for index, future in futures.items():
            results[index] = future.result()
    return results


def render_scale(width_pt: float, height_pt: float) -> float:
    """Pixels per point for a page: RENDER_DPI, or less for a page that would exceed ``limits.pixels``
    (an A0 poster is read at about 200 dpi rather than refused)."""
    scale = RENDER_DPI / 72
    pixels = width_pt * height_pt * scale * scale
    cap = limits.active().pixels
    return scale if pixels <= cap else scale * (cap / pixels) ** 0.5


def ocr_image_file(data: bytes, name: str | None, jobs: int | None = None) -> tuple[str, int, list[float | None]]:
    """OCR an image file (PNG, JPEG, TIFF with several pages ...): (text, pages, each page's confidence)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    tesseract_command()
    cap = limits.active()

    def frames():
        image = Image.open(io.BytesIO(data))
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            # the size is checked before a frame's pixels are decoded (frame.copy() decodes them)
            if index >= cap.pages:
                raise limits.LimitError(name, "pages", f"the image has more than {cap.pages} pages")
            width, height = frame.size
            if width * height > cap.pixels:
                raise limits.LimitError(name, "pixels", f"the image measures {width} x {height} pixels")
            yield index, frame.copy()

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # the limit above says it in one line
            layers = _ocr_streamed(frames(), name, jobs)
    except Image.DecompressionBombError:
        raise limits.LimitError(name, "pixels", "the image is larger than Pillow's ceiling") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise InputError(name, f"the image cannot be read ({exc})", reason="damaged") from None
    confidences = [layers[i][2] for i in sorted(layers)]
    pages = [layers[i][:2] for i in sorted(layers)]
    from .pdf import join_page_tables

    continued = join_page_tables(pages)
    return fix_ocr_text(join_pages(pages_to_text(pages), continued)), len(pages), confidences
