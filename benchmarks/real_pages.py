"""Character error rate on real first pages: the parser's reader against pdftotext and plain Tesseract.

    python benchmarks/real_pages.py [--json]

For every transcription in ../shared/ocr-truth (page 1 of a real file, see its README), reads page 1 of the
same PDF three ways and compares each with the transcription (CER on whitespace-collapsed NFC text, edit
distance over the transcription's length):

- ours: what ``kehoach_parser.readers.read_path`` gives, cut at the first page break;
- pdftotext: poppler's ``pdftotext`` of page 1 (its default reading order) (only where the PDF has a text layer);
- tesseract: plain ``tesseract -l vie`` on page 1 rendered at 300 dpi (the yardstick for scans).
"""
from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from kehoach_parser.normalize import PAGE_BREAK
from kehoach_parser.readers import read_path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TRUTH = SHARED / "ocr-truth"
FOLDERS = (SHARED / "corpus-real", SHARED / "corpus-dev" / "scan-real")


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(reference: str, hypothesis: str) -> float:
    reference, hypothesis = flat(reference), flat(hypothesis)
    return Levenshtein.distance(reference, hypothesis) / max(1, len(reference))


def source_of(truth: Path) -> Path | None:
    name = truth.name.replace(".page1.txt", ".pdf")
    return next((folder / name for folder in FOLDERS if (folder / name).exists()), None)


def ours(pdf: Path) -> str:
    return read_path(pdf).text.split(PAGE_BREAK)[0]


def pdftotext(pdf: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    done = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True)
    text = done.stdout.decode("utf-8", "replace")
    return text if sum(map(str.isalpha, text)) >= 40 else None  # a scan has no text layer to compare


def tesseract(pdf: Path) -> str | None:
    if shutil.which("tesseract") is None:
        return None
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(str(pdf))[0]
    image = page.render(scale=300 / 72).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    done = subprocess.run(["tesseract", "stdin", "stdout", "-l", "vie"], input=buffer.getvalue(), capture_output=True)
    return done.stdout.decode("utf-8", "replace")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true", help="print one JSON object per page")
    args = ap.parse_args()
    if not TRUTH.is_dir():
        sys.exit(f"{TRUTH} is absent (the shared corpus is not beside the project)")
    rows = []
    for truth in sorted(TRUTH.glob("*.page1.txt")):
        pdf = source_of(truth)
        if pdf is None:
            continue
        reference = truth.read_text(encoding="utf-8")
        ptt, tess = pdftotext(pdf), tesseract(pdf)
        rows.append({"page": truth.name.replace(".page1.txt", ""), "ours": cer(reference, ours(pdf)),
                     "pdftotext": None if ptt is None else cer(reference, ptt),
                     "tesseract": None if tess is None else cer(reference, tess)})
    if args.json:
        for row in rows:
            print(json.dumps(row))
        return
    cell = lambda v: "   -  " if v is None else f"{100 * v:5.1f}%"  # noqa: E731
    print(f"{'page 1 of':70} {'ours':>7} {'pdftotext':>9} {'tesseract':>9}")
    for row in rows:
        print(f"{row['page'][:70]:70} {cell(row['ours']):>7} {cell(row['pdftotext']):>9} {cell(row['tesseract']):>9}")
    scans = [r for r in rows if r["pdftotext"] is None]
    if scans:
        mean = lambda key: sum(r[key] for r in scans if r[key] is not None) / len(scans)  # noqa: E731
        print(f"{'scanned pages, mean':70} {cell(mean('ours')):>7} {'':>9} {cell(mean('tesseract')):>9}")


if __name__ == "__main__":
    main()
