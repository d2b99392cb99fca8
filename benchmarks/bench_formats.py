"""Reading speed by format: pages per second for text PDFs (pypdfium2 + layout) and for scans (OCR),
beside the time `tesseract -l vie` alone takes on the same page images, one page after another.

    python benchmarks/bench_formats.py

The OCR path renders, cleans, runs Tesseract on all cores (one page per process, OMP_THREAD_LIMIT=1) and
rebuilds the layout; the ratio to Tesseract alone (sequential, same settings) shows what the path adds and
what the parallel pages save. A JSON line with the figures comes last.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

from kehoach_parser.readers.ocr import RENDER_DPI, prepare
from kehoach_parser.readers.pdf import read_pdf

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus-dev"


def pages_of(paths: list[Path]) -> int:
    return sum(len(pdfium.PdfDocument(p.read_bytes())) for p in paths)


def main() -> None:
    text_pdfs = sorted((DEV / "pdf").glob("*.pdf")) or sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    scans = sorted((DEV / "scan").glob("*.pdf")) or sorted((ROOT / "corpus" / "scan").glob("*.pdf"))
    results: dict[str, float] = {}

    pages = pages_of(text_pdfs)
    start = time.perf_counter()
    for _ in range(3):
        for path in text_pdfs:
            read_pdf(path.read_bytes(), path.name, ocr="never")
    seconds = (time.perf_counter() - start) / 3
    results["text_pdf_pages_per_s"] = round(pages / seconds, 1)
    print(f"text PDF: {pages} pages in {seconds:.2f} s = {pages / seconds:.1f} pages/s")

    scan = scans[0]
    count = pages_of([scan])
    start = time.perf_counter()
    read_pdf(scan.read_bytes(), scan.name, ocr="always")
    ocr_seconds = time.perf_counter() - start
    results["ocr_pages_per_s"] = round(count / ocr_seconds, 3)
    print(f"OCR path ({os.cpu_count()} cores): {count} pages in {ocr_seconds:.1f} s = {count / ocr_seconds:.2f} pages/s")

    # Tesseract alone on the same cleaned page images, one after another
    pdf = pdfium.PdfDocument(scan.read_bytes())
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory() as tmp:
        images = []
        for index in range(len(pdf)):
            image = prepare(pdf[index].render(scale=RENDER_DPI / 72).to_pil())
            path = Path(tmp) / f"{index}.png"
            image.save(path, compress_level=1)
            images.append(path)
        start = time.perf_counter()
        for path in images:
            subprocess.run(["tesseract", str(path), "stdout", "-l", "vie", "--psm", "6"], env=env,
                           capture_output=True, check=True)
        alone = time.perf_counter() - start
    results["tesseract_alone_pages_per_s"] = round(count / alone, 3)
    results["ocr_path_over_tesseract_alone"] = round(ocr_seconds / alone, 2)
    print(f"tesseract -l vie alone, sequential: {count} pages in {alone:.1f} s = {count / alone:.2f} pages/s")
    print(f"OCR path / Tesseract alone: {ocr_seconds / alone:.2f} (below 1: the pages ran in parallel)")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
