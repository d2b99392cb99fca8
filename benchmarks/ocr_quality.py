"""Character error rate (CER) of the OCR path, page images against the text layer of the same rendering.

    python benchmarks/ocr_quality.py [--variant NAME ...]

For each dev plan rendered both as a text PDF (corpus-dev/pdf) and as an image-only scan (corpus-dev/scan),
reads the scan through the OCR path and compares it with the text layer read by the PDF reader. Texts are
compared after whitespace is collapsed; CER = edit distance / reference length (rapidfuzz).
Variants compare image clean-ups (median filter, binarisation) so a change is kept only if it helps.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from kehoach_parser.readers import ocr as ocr_module
from kehoach_parser.readers.pdf import read_pdf

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus-dev"


def flat(text: str) -> str:
    return " ".join(text.split())


def cer(reference: str, hypothesis: str) -> float:
    reference, hypothesis = flat(reference), flat(hypothesis)
    return Levenshtein.distance(reference, hypothesis) / max(1, len(reference))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--variant", action="append", help="median | binarise | none (default: the reader's own)")
    args = ap.parse_args()
    variants = args.variant or ["default"]
    results = {}
    for variant in variants:
        if variant != "default":
            ocr_module.PREPARE_STEPS = tuple(v for v in variant.split("+") if v != "none")
        total_edits = total_chars = 0
        per_doc = {}
        start = time.perf_counter()
        for scan in sorted((DEV / "scan").glob("*.pdf")):
            reference = read_pdf((DEV / "pdf" / scan.name).read_bytes(), scan.name, ocr="never")[0]
            hypothesis = read_pdf(scan.read_bytes(), scan.name, ocr="always")[0]
            edits = Levenshtein.distance(flat(reference), flat(hypothesis))
            per_doc[scan.stem] = round(edits / max(1, len(flat(reference))), 4)
            total_edits += edits
            total_chars += len(flat(reference))
        results[variant] = {"cer": round(total_edits / total_chars, 4), "per_document": per_doc,
                            "seconds": round(time.perf_counter() - start, 1)}
        print(f"{variant:20s} CER {total_edits / total_chars:.4f}  {per_doc}  {results[variant]['seconds']} s")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
