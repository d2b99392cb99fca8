"""A long fuzz of the parser (issue 16): inputs made from seeds, every one parsed; reports what went wrong.

    python benchmarks/bench_fuzz.py [--inputs 100000] [--jobs N] [--seed 1]

Kinds of input (deterministic for a seed):
- random: characters drawn from Vietnamese letters, marks, digits, punctuation, controls and lone surrogates;
- mutated: lines of the seed plans sampled, shuffled, with noise inserted and a random cut;
- fragments: the pieces plans are built of ("1.", "Sở", "chủ trì", "100%", "Căn cứ", "|", "Nơi nhận:") in
  random order and number, which sends every rule down paths real plans rarely take;
- bytes: a seed rendered as DOCX, PDF or HTML with bytes flipped, cut or repeated, through the readers;
- large: fragments and plan lines repeated to 64 KB - 1 MB, for the time per MB.

Counted as failures: an exception other than InputError (one line naming the file is the expected answer to
broken bytes), a W010 warning (an extractor step failed), a JSON that cannot be written. The worst time
per MB is taken over texts of at least 64 KB (below that the fixed cost of a parse, about 2 ms, dominates;
files are left out: a PDF whose flipped bytes lost its text layer goes to OCR, seconds a page by design).
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
SHARED = ROOT.parent / "shared" / "corpus-dev"
LETTERS = ("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
           "áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
ODD = ["\u0301", "\u0300", "\u0309", "\u0303", "\u0323", "\u0302", "\u0306", "\u031b", "\ud800", "\udc80", "\x00",
       "\x0c", "\u200b", "\u202e", "\ufeff", "\r", "\t", "\u00a0", "\u2028", "…", "–", "—", "“", "”", "•", "▪"]
PUNCT = list(" .,;:!?()[]{}/\\-+*%=|#\"'<>&_~^") + ["\n"] * 6 + list("0123456789")
FRAGMENTS = ["\n", "\n", "1. ", "2. ", "I. ", "II. ", "a) ", "- ", "+ ", "* ", "| ", " | ", "|---|", "Sở Y tế ",
             "Sở Tài chính ", "Ủy ban nhân dân tỉnh ", "UBND các huyện ", "chủ trì", ", phối hợp với ", "các sở, ngành",
             "thực hiện ", "Thời gian: ", "năm 2025", "Quý II/2026", "100%", " đạt ", "trên 90%", "≥ 80%", "Căn cứ ",
             "Luật số 12/2020/QH14", " ngày 15 tháng 3 năm 2024", "Số: 12/KH-UBND", "KẾ HOẠCH", "Nơi nhận:",
             "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "Độc lập - Tự do - Hạnh phúc", "Tổ chức thực hiện", "NHIỆM VỤ", "Đề nghị ", "Giao ", " tỷ lệ ", "(", ")",
             ";", ":", "...", "=====", "Phụ lục", "\f", "Đồng chí ", "Cơ quan chủ trì: "]


def _seed_texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    if SHARED.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(SHARED.glob("1*.md"))[:6]]
    return texts


def _seed_files() -> list[tuple[str, bytes]]:
    files = []
    for folder, suffix in (("docx", ".docx"), ("pdf", ".pdf")):
        for path in sorted((SHARED / folder).glob(f"*{suffix}"))[:2] if SHARED.is_dir() else []:
            files.append((path.name, path.read_bytes()))
    for path in SEEDS[:2]:
        html = "<html><body>" + "".join(f"<p>{l}</p>" for l in path.read_text(encoding="utf-8").splitlines())
        files.append((path.stem + ".html", (html + "</body></html>").encode("utf-8")))
    return files


def make_input(kind: str, rng: random.Random, texts: list[str], files: list[tuple[str, bytes]]):
    """One fuzz input: text (str), or (name, bytes) for the readers."""
    if kind == "random":
        pool = [LETTERS, PUNCT, ODD]
        return "".join(rng.choice(rng.choices(pool, weights=(8, 4, 1))[0]) for _ in range(rng.randint(0, 3000)))
    if kind == "mutated":
        lines = rng.choice(texts).splitlines()
        picked = rng.sample(lines, k=min(len(lines), rng.randint(1, 120)))
        if rng.random() < 0.5:
            picked.sort(key=lines.index)
        for _ in range(rng.randint(0, 5)):
            noise = "".join(rng.choice(LETTERS + "".join(PUNCT) + "".join(ODD)) for _ in range(rng.randint(1, 40)))
            picked.insert(rng.randint(0, len(picked)), noise)
        text = "\n".join(picked)
        return text[:rng.randint(0, len(text))] if rng.random() < 0.3 else text
    if kind == "fragments":
        return "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 400)))
    if kind == "bytes":
        name, data = rng.choice(files)
        data = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            action = rng.random()
            where = rng.randrange(len(data)) if data else 0
            if action < 0.6 and data:
                data[where] = rng.randrange(256)
            elif action < 0.8:
                data = data[:where]
            else:
                data[where:where] = data[where:where + rng.randint(1, 200)] * rng.randint(1, 20)
        return name, bytes(data)
    if kind == "large":
        size = rng.randint(64_000, 1_000_000)
        pieces = FRAGMENTS + rng.choice(texts).splitlines()
        out, total = [], 0
        while total < size:
            piece = rng.choice(pieces)
            out.append(piece)
            total += len(piece)
        return "".join(out)
    raise ValueError(kind)


KINDS = {"random": 0.3, "mutated": 0.3, "fragments": 0.35, "bytes": 0.048, "large": 0.002}


def run_chunk(args: tuple[int, int, int]) -> dict:
    """Parse inputs ``start`` .. ``start + count`` of the fuzz with ``seed``; counts and the worst cases."""
    start, count, seed = args
    import kehoach_parser
    from kehoach_parser.api import parse_raw
    from kehoach_parser.errors import InputError
    from kehoach_parser.readers import read_bytes

    texts, files = _seed_texts(), _seed_files()
    names, weights = list(KINDS), list(KINDS.values())
    report = {"inputs": 0, "by_kind": {k: 0 for k in KINDS}, "input_errors": 0, "exceptions": [], "failed_steps": [],
              "unwritable": [], "worst_s_per_mb": 0.0, "worst_case": None, "bytes": 0, "seconds": 0.0, "slowest": 0.0}
    for index in range(start, start + count):
        rng = random.Random(seed * 1_000_003 + index)
        kind = rng.choices(names, weights)[0]
        item = make_input(kind, rng, texts, files)
        size = len(item[1]) if isinstance(item, tuple) else len(item.encode("utf-8", "surrogatepass"))
        began = time.process_time()
        try:
            if isinstance(item, tuple):
                plan = parse_raw(read_bytes(item[1], item[0]))
            else:
                plan = kehoach_parser.parse_text(item)
            steps = [w for w in plan.warnings if w.startswith("W010")]
            if steps:
                report["failed_steps"].append((index, kind, steps[0][:200]))
            try:
                plan.to_json().encode("utf-8")
            except (UnicodeError, ValueError) as exc:
                report["unwritable"].append((index, kind, str(exc)[:200]))
        except InputError:
            report["input_errors"] += 1
        except Exception as exc:  # noqa: BLE001 - what the fuzz is looking for
            report["exceptions"].append((index, kind, f"{type(exc).__name__}: {exc}"[:200],
                                         traceback.format_exc().splitlines()[-3][:200]))
        spent = time.process_time() - began
        report["inputs"] += 1
        report["by_kind"][kind] += 1
        report["bytes"] += size
        report["seconds"] += spent
        report["slowest"] = max(report["slowest"], spent)
        if not isinstance(item, tuple) and size >= 64_000 and spent / (size / 1e6) > report["worst_s_per_mb"]:
            report["worst_s_per_mb"] = spent / (size / 1e6)
            report["worst_case"] = (index, kind, size)
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    chunk = 500
    tasks = [(start, min(chunk, args.inputs - start), args.seed) for start in range(0, args.inputs, chunk)]
    began = time.perf_counter()
    total = {"inputs": 0, "input_errors": 0, "exceptions": [], "failed_steps": [], "unwritable": [], "bytes": 0,
             "seconds": 0.0, "worst_s_per_mb": 0.0, "worst_case": None, "slowest": 0.0,
             "by_kind": {k: 0 for k in KINDS}}
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        for done, part in enumerate(pool.imap_unordered(run_chunk, tasks), 1):
            for key in ("inputs", "input_errors", "bytes", "seconds"):
                total[key] += part[key]
            for key in ("exceptions", "failed_steps", "unwritable"):
                total[key].extend(part[key])
            for kind, n in part["by_kind"].items():
                total["by_kind"][kind] += n
            total["slowest"] = max(total["slowest"], part["slowest"])
            if part["worst_s_per_mb"] > total["worst_s_per_mb"]:
                total["worst_s_per_mb"], total["worst_case"] = part["worst_s_per_mb"], part["worst_case"]
            if done % 20 == 0:
                print(f"  {total['inputs']} inputs, {len(total['exceptions'])} exceptions, "
                      f"{len(total['failed_steps'])} failed steps", file=sys.stderr, flush=True)
    wall = time.perf_counter() - began
    print(f"inputs            {total['inputs']} ({', '.join(f'{k} {n}' for k, n in total['by_kind'].items())}; seed {args.seed})")
    print(f"exceptions        {len(total['exceptions'])}")
    print(f"failed steps      {len(total['failed_steps'])} (W010)")
    print(f"unwritable JSON   {len(total['unwritable'])}")
    print(f"refused files     {total['input_errors']} (InputError: one line naming the file)")
    print(f"text parsed       {total['bytes'] / 1e6:.1f} MB in {total['seconds']:.0f} s of CPU ({wall:.0f} s on {args.jobs} cores)")
    print(f"slowest input     {total['slowest']:.2f} s")
    print(f"worst time per MB {total['worst_s_per_mb']:.2f} s/MB (texts >= 64 KB; input {total['worst_case']})")
    for title, rows in (("exception", total["exceptions"]), ("failed step", total["failed_steps"]),
                        ("unwritable", total["unwritable"])):
        for row in rows[:5]:
            print(f"  {title}: {row}")
    return 1 if total["exceptions"] or total["failed_steps"] or total["unwritable"] else 0


if __name__ == "__main__":
    sys.exit(main())
