"""Command line: argument parsing and printing only; the work is in api.py and evaluate.py."""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

from ._version import __version__
from .api import parse_file, parse_text
from .errors import InputError, KehoachError
from .models import SECTION_KINDS as KINDS


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and rename it; the file gets the mode of any new file (0666 less the
    umask), not mkstemp's private 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def cmd_parse(args: argparse.Namespace) -> int:
    failed = 0
    out_dir = Path(args.out) if args.out else None
    for name in args.files:
        try:
            if name == "-":
                doc = parse_text(sys.stdin.read(), file=None)
                sys.stdout.write(doc.to_json(indent=args.indent, spans=not args.no_spans) + "\n")
                continue
            doc = parse_file(name)
        except KehoachError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
            print(f"error: {name}: unexpected {type(exc).__name__}: {exc}", file=sys.stderr)
            failed += 1
            continue
        text = doc.to_json(indent=args.indent, spans=not args.no_spans)
        if out_dir is None:
            sys.stdout.write(text + "\n")
        else:
            _write_atomic(out_dir / f"{Path(name).stem}.json", text + "\n")
    return 1 if failed else 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate

    try:
        report = evaluate(args.gold_dir, args.pred_dir)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
        return 0
    if args.per_doc:
        for name, values in report.per_document.items():
            cells = " ".join(f"{k}={v:.2f}" for k, v in values.items() if v is not None)
            print(f"{name}: {cells}")
        print()
    print(report.table())
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    from .batch import ProgressReporter, run_batch

    reporter = None if args.quiet else ProgressReporter()
    try:
        summary = run_batch(args.in_dir, args.out_dir, jobs=args.jobs, force=args.force, dask_address=args.dask,
                            progress=reporter)
    except KehoachError as exc:  # a bad folder, a missing extra, no scheduler at the address
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if reporter:
            reporter.close()
    for name, error in summary.failures:
        print(f"failed: {error}", file=sys.stderr)
    print(summary.table())
    return 1 if summary.failed else 0


def cmd_index(args: argparse.Namespace) -> int:
    from .search import build_index

    try:
        report = build_index(args.json_dir, args.db, prune=args.prune)
    except (FileNotFoundError, sqlite3.Error) as exc:
        print(f"error: {_database_message(args.db, exc)}", file=sys.stderr)
        return 2
    for failure in report.failures:
        print(f"failed: {failure}", file=sys.stderr)
    print(report.line())
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    import csv

    from .search import Corpus, Filters, QueryError
    from .search.query import hits_to_json

    try:
        corpus = Corpus(args.db)
        result = corpus.search(args.query, Filters(
            issuer=args.issuer, year_from=args.year_from, year_to=args.year_to, kind=args.kind, agency=args.agency,
            cites=args.cites, value_min=args.value_min, value_max=args.value_max, include_non_plans=args.all_documents),
            limit=args.limit, offset=args.offset, sort=args.sort, facets=args.json)
    except (QueryError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:
        print(f"error: {_database_message(args.db, exc)}", file=sys.stderr)
        return 2
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if result.total is not None:
        shown = len(result.hits)
        print(f"{result.total} matching section(s) in all" + (f", the best {shown} shown" if shown < result.total else ""),
              file=sys.stderr)
    if args.json:
        print(hits_to_json(result))
    elif args.csv:
        fields = ["number", "issuer", "date", "title", "section_path", "snippet", "score", "file"]
        writer = csv.DictWriter(sys.stdout, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for hit in result.hits:
            writer.writerow(hit.to_dict())
    else:
        print(_hits_table(result.hits, color=sys.stdout.isatty()))
    return 0


def _hits_table(hits, color: bool) -> str:
    """Hits as a table for a terminal: one row per hit, the snippet on the line below, matches in colour."""
    if not hits:
        return "no hits"
    rows = [(str(n), h.number or h.file, (h.issuer or "")[:40], h.date or "", h.section_path or "-", f"{h.score:.2f}")
            for n, h in enumerate(hits, 1)]
    head = ("#", "number", "issuer", "date", "section", "score")
    widths = [max(len(r[i]) for r in rows + [head]) for i in range(len(head))]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(head), line(["-" * w for w in widths])]
    for row, hit in zip(rows, hits):
        out.append(line(row))
        snippet = hit.snippet
        snippet = snippet.replace("[[", "\033[1;33m").replace("]]", "\033[0m") if color else snippet
        out.append("    " + snippet)
    return "\n".join(out)


def cmd_export(args: argparse.Namespace) -> int:
    from . import export
    from .readers import read_path

    try:
        plans = export.load_plans(args.json_dir)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    dest = Path(args.dest)
    if args.to == "csv":
        written = export.write_csv(plans, dest)
    elif args.to == "jsonl":
        written = export.write_jsonl(plans, dest)
    else:
        from .batch import BatchSummary, ProgressReporter

        # the tasks carry each plan's text, read again from its source file (an OCR'd scan takes a while)
        texts: dict[str, str] = {}
        unreadable: list[str] = []
        reporter, summary = ProgressReporter(), BatchSummary(files=len(plans))
        try:
            for done, (name, plan) in enumerate(plans, 1):
                source = (plan.get("source") or {}).get("file")
                try:
                    texts[name] = read_path(source).text if source else ""
                    summary.ok += 1
                except InputError as exc:
                    unreadable.append(str(exc))
                    summary.failed += 1
                reporter(done, len(plans), summary)
        finally:
            reporter.close()
        if unreadable:
            print(f"warning: {len(unreadable)} of {len(plans)} source files could not be read (first: {unreadable[0]}); "
                  "their tasks have no text to label (see docs/export.md)", file=sys.stderr)
        written = export.write_labelstudio(plans, dest, texts)
    for path in written:
        print(path)
    return 0


def cmd_import_labelstudio(args: argparse.Namespace) -> int:
    from .export import import_labelstudio

    try:
        written = import_labelstudio(args.tasks, args.dest)
    except (OSError, ValueError) as exc:
        print(f"error: {args.tasks}: {exc}", file=sys.stderr)
        return 2
    print(f"{len(written)} gold files in {args.dest}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .search.web import serve

    try:
        serve(args.db, args.host, args.port)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except sqlite3.Error as exc:
        print(f"error: {_database_message(args.db, exc)}", file=sys.stderr)
        return 2
    return 0


def _database_message(db: str, exc: Exception) -> str:
    """One line naming the database: our own refusals already name it, SQLite's errors do not."""
    from .search.index import DatabaseProblem

    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text if isinstance(exc, DatabaseProblem) else f"{db}: {text}"


# The most hits one search prints: more is a dump of the database, which export does better
MAX_LIMIT = 10_000


def _bounded(low: int, high: int):
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, not {value}")
        return number
    return parse


# Options whose value may start with '-' ('--value-min -5', '--value-min -inf'): argparse reads '-inf' as an
# option of its own
_SIGNED_OPTIONS = ("--value-min", "--value-max")


def _join_signed_values(argv: list[str]) -> list[str]:
    """['--value-min', '-inf'] -> ['--value-min=-inf'], so a negative value is never taken for an option."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        if argv[i] in _SIGNED_OPTIONS and i + 1 < len(argv) and argv[i + 1].startswith("-"):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
            continue
        out.append(argv[i])
        i += 1
    return out


def _bound(value: str) -> float | None:
    """A target value bound: a number; -inf and inf mean no bound (None)."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number != number:
        raise argparse.ArgumentTypeError("not a number: nan")
    return None if number in (float("inf"), float("-inf")) else number


def _limit_pair(value: str) -> dict:
    from .limits import parse_pairs

    try:
        return parse_pairs([value])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _limit_option(command: argparse.ArgumentParser) -> None:
    from .limits import UNITS, describe

    defaults = ", ".join(f"{name} {describe(name)}" for name in UNITS)
    command.add_argument("--limit", type=_limit_pair, action="append", default=[], metavar="NAME=VALUE",
                         help=f"change a ceiling on what one file may cost (repeatable); in force: {defaults}")


def _apply_limits(args: argparse.Namespace) -> None:
    from . import limits

    pairs = getattr(args, "limit", None)
    if not isinstance(pairs, list):  # search's --limit is a number of hits
        return
    changes = {k: v for pair in pairs for k, v in pair.items()}
    if changes:
        limits.set_active(limits.active().replace(**changes))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kehoach-parser", description="Vietnamese plans (Kế hoạch) -> structured JSON")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse files to JSON (one DIR/<stem>.json per file; '-' reads stdin)")
    p.add_argument("files", nargs="+", help="plan files: PDF (text layer or scanned: OCR), DOCX, DOC (through "
                                            "LibreOffice), HTML, text, Markdown, images; '-' reads text from stdin")
    p.add_argument("--out", "-o", help="output folder (default: print to stdout)")
    p.add_argument("--indent", type=int, default=2, help="JSON indent (default 2)")
    p.add_argument("--no-spans", action="store_true", help="leave the source offsets out of the JSON")
    _limit_option(p)
    p.set_defaults(func=cmd_parse)

    b = sub.add_parser("batch", help="convert a folder tree: JSON per file, manifest.jsonl, resumable, parallel")
    b.add_argument("in_dir", help="folder with plans (searched recursively)")
    b.add_argument("out_dir", help="output folder (mirrors the input tree; holds manifest.jsonl)")
    b.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: every core)")
    b.add_argument("--force", action="store_true", help="convert again files already done")
    b.add_argument("--dask", metavar="ADDRESS", help="run on an existing Dask cluster, e.g. tcp://scheduler:8786")
    b.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    _limit_option(b)
    b.set_defaults(func=cmd_batch)

    i = sub.add_parser("index", help="build or update the searchable database from a folder of plan JSON files")
    i.add_argument("json_dir", help="folder of plan JSON files (e.g. the output of batch)")
    i.add_argument("--db", required=True, help="SQLite database file (created if missing); several folders can "
                   "be indexed into one database")
    i.add_argument("--prune", action="store_true",
                   help="also remove plans indexed from other folders whose JSON files are gone")
    i.set_defaults(func=cmd_index)

    s = sub.add_parser("search", help="search the database by words and filters")
    s.add_argument("query", nargs="?", default="", help='words; "quoted words" form a phrase; accents optional')
    s.add_argument("--db", required=True, help="the database file built by 'index'")
    s.add_argument("--issuer", help="issuer or province contains (accent-insensitive)")
    s.add_argument("--year-from", type=int, help="plans dated in this year or later")
    s.add_argument("--year-to", type=int, help="plans dated in this year or earlier")
    s.add_argument("--kind", choices=KINDS, metavar="KIND",
                   help=f"section kind of the hit: {', '.join(KINDS)}")
    s.add_argument("--agency", help="an assigned agency contains")
    s.add_argument("--cites", help="cites this document number, e.g. 2232/QĐ-TTg")
    s.add_argument("--value-min", type=_bound, help="has a target of at least this value")
    s.add_argument("--value-max", type=_bound, help="has a target of at most this value")
    s.add_argument("--limit", type=_bounded(1, MAX_LIMIT), default=20,
                   help=f"hits to print, best first (default 20, at most {MAX_LIMIT})")
    s.add_argument("--offset", type=_bounded(0, 1_000_000), default=0, help="skip this many hits first (pages)")
    s.add_argument("--sort", choices=("relevance", "date"), default="relevance",
                   help="best matches first (of all matches), or newest plans first")
    s.add_argument("--all-documents", action="store_true",
                   help="also documents without a plan's structure (a README, a letter), left out by default")
    out = s.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print hits as JSON, with the plans counted by facet")
    out.add_argument("--csv", action="store_true", help="print hits as CSV")
    s.set_defaults(func=cmd_search)

    w = sub.add_parser("serve", help="a read-only web page over the database")
    w.add_argument("--db", required=True, help="the database file built by 'index' (opened read-only)")
    w.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    w.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    w.set_defaults(func=cmd_serve)

    x = sub.add_parser("export", help="plan JSON folder -> CSV tables, JSON Lines or Label Studio tasks")
    x.add_argument("json_dir")
    x.add_argument("--to", choices=["csv", "jsonl", "labelstudio"], required=True)
    x.add_argument("--dest", required=True, help="folder to write into")
    x.set_defaults(func=cmd_export)

    m = sub.add_parser("import-labelstudio", help="Label Studio tasks (corrected) -> NAME.gold.json files for eval")
    m.add_argument("tasks", help="the exported (and annotated) labelstudio.json")
    m.add_argument("--dest", required=True, help="gold folder to write into")
    m.set_defaults(func=cmd_import_labelstudio)

    e = sub.add_parser("eval", help="score predictions against gold files (same metrics as shared/eval/score.py)")
    e.add_argument("gold_dir")
    e.add_argument("pred_dir")
    e.add_argument("--per-doc", action="store_true", help="also print each document's scores")
    e.add_argument("--json", action="store_true", help="print the totals as one JSON object")
    e.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(_join_signed_values(sys.argv[1:] if argv is None else list(argv)))
    try:
        _apply_limits(args)
        return args.func(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except KehoachError as exc:  # a missing extra ("pip install 'kehoach-parser[web]'") and the like: one line
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback
        print(f"error: unexpected {type(exc).__name__}: {exc}".splitlines()[0], file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
