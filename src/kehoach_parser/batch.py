"""Batch conversion of a folder tree: one JSON per plan, a manifest line per file, resumable, parallel.

    summary = run_batch("archive/", "out/", jobs=4)          # or dask_address="tcp://scheduler:8786"

- Inputs are found recursively by suffix (documents and images; gold files and the outputs are not inputs)
  and mirrored under the output folder as ``<stem>.json`` (``<name>.json`` when two share a stem).
- Every JSON is written atomically (a temporary file in the same folder, fsync, rename): a crash or
  ``kill -9`` never leaves a half-written file.
- ``OUT_DIR/manifest.jsonl`` gets one line per converted file as soon as it is written (flushed and
  fsynced), and is rewritten at the end with the latest line per file. A rerun skips files whose sha256
  and parser version already have an ``ok`` line; a JSON written just before a crash, before its manifest
  line, is recognised by the sha256 it records and not converted again.
- One broken file is a ``failed`` line with its one-line reason; the batch goes on.
- The same bytes under another name are converted once; the copy gets that JSON under its own name and a
  ``duplicate_of`` field in its manifest line (archives hold many copies of the same plan).
- Work runs in processes on this machine, or on an existing Dask cluster: the client reads each file and
  sends its bytes, workers return the JSON, the client writes outputs and manifest, so results are the same.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ._version import __version__
from .errors import InputError, KehoachError, SetupError, one_line, require

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx", ".doc", ".rtf", ".odt",
            ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
MANIFEST = "manifest.jsonl"


@dataclass
class BatchSummary:
    files: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    pages: int = 0
    ocr_pages: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def table(self) -> str:
        rows = [("files", self.files), ("ok", self.ok), ("failed", self.failed), ("skipped (already done)", self.skipped),
                ("pages", self.pages), ("OCR pages", self.ocr_pages), ("time", f"{self.seconds:.1f} s")]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def discover(in_dir: Path, out_dir: Path | None = None, unreadable: list[tuple[Path, str]] | None = None) -> list[Path]:
    """Input documents under ``in_dir``, sorted; hidden entries and the output folder are left out. Folders
    that cannot be listed are added to ``unreadable`` as (folder, reason)."""
    out_resolved = out_dir.resolve() if out_dir else None
    found = []

    def cannot_list(exc: OSError) -> None:
        if unreadable is not None:
            unreadable.append((Path(exc.filename or in_dir), exc.strerror or str(exc)))

    for root, dirs, files in os.walk(in_dir, onerror=cannot_list):
        root_path = Path(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (out_resolved is None or (root_path / d).resolve() != out_resolved))
        for name in sorted(files):
            if name.startswith(".") or name.endswith(".gold.json"):
                continue
            if Path(name).suffix.lower() in SUFFIXES:
                found.append(root_path / name)
    return found


def output_names(files: list[Path], in_dir: Path) -> dict[Path, Path]:
    """Relative output path of each input: 'a/b/plan.pdf' -> 'a/b/plan.json' ('plan.pdf.json' on a clash)."""
    out: dict[Path, Path] = {}
    taken: set[Path] = set()
    for path in files:
        rel = path.relative_to(in_dir)
        target = rel.with_suffix(".json")
        if target in taken:
            target = rel.with_name(rel.name + ".json")
        taken.add(target)
        out[path] = target
    return out


def display_name(path: str | os.PathLike) -> str:
    """A path as text that can be written anywhere: bytes of a name that are not UTF-8 become '\\xNN'."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def convert_bytes(data: bytes | None, name: str, page_jobs: int | None = None, path: str | None = None) -> dict:
    """Parse one document's bytes (or the file at ``path``, read here); never raises. Runs in worker processes
    (local or Dask)."""
    from .api import parse_raw
    from .readers import ocr, read_bytes, read_file_bytes

    if page_jobs:
        ocr.PAGE_JOBS = page_jobs
    start = time.perf_counter()
    result = {"status": "ok", "error": None, "reason": None, "json": None, "pages": None, "ocr": False}
    try:
        raw = read_bytes(read_file_bytes(Path(path)) if data is None else data, name)
        plan = parse_raw(raw)
        result.update(json=plan.to_json(), pages=raw.pages, ocr=raw.ocr)
    except InputError as exc:
        result.update(status="failed", error=str(exc), reason=exc.reason)
    except Exception as exc:  # noqa: BLE001 - one broken file must never stop a batch
        result.update(status="failed", reason="bug",
                      error=one_line(f"{name}: unexpected {type(exc).__name__}: {exc}".splitlines()[0]))
    result["seconds"] = round(time.perf_counter() - start, 3)
    return result


def failed(name: str, reason: str, sentence: str) -> dict:
    """The result of a file that could not be converted: '<name>: <sentence>' with its reason code."""
    return {"status": "failed", "error": f"{one_line(name)}: {sentence}", "reason": reason, "seconds": 0.0}


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file, fsync and rename; the temporary file never outlives a failure.
    An OSError (a full disk) becomes a BatchError naming the file."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BatchError.unwritable(path, exc) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class BatchError(KehoachError):
    """The batch cannot go on (its output cannot be written); the message names the file."""

    @classmethod
    def unwritable(cls, path: Path, exc: OSError) -> "BatchError":
        return cls(f"{display_name(path)}: cannot be written ({exc.strerror or exc}); the batch stopped, "
                   f"rerun it to resume")


class Manifest:
    """The append-only log of a batch, one JSON object per line; the latest line per input counts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records: dict[str, dict] = {}
        if path.exists():
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line cut short by a crash
                if isinstance(record, dict) and "input" in record:
                    self.records[record["input"]] = record
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = open(path, "a", encoding="utf-8")

    def done(self, rel_input: str, sha256: str) -> bool:
        record = self.records.get(rel_input)
        return bool(record) and record.get("status") == "ok" and record.get("sha256") == sha256 \
            and record.get("parser_version") == __version__

    def append(self, record: dict) -> None:
        self.records[record["input"]] = record
        try:
            self._handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as exc:
            raise BatchError.unwritable(self.path, exc) from None

    def close(self, keep: set[str] | None = None) -> None:
        """Rewrite the manifest with the latest line per input (atomically), then close it."""
        self._handle.close()
        records = [r for key, r in sorted(self.records.items()) if keep is None or key in keep]
        write_atomic(self.path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def _recovered(path: Path, sha256: str) -> dict | None:
    """A JSON written before a crash, before its manifest line: valid, and made from these very bytes."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    source = data.get("source") or {}
    if source.get("sha256") == sha256 and source.get("parser_version") == __version__:
        return {"pages": source.get("pages"), "ocr": bool(source.get("ocr"))}
    return None


def run_batch(in_dir: str | os.PathLike, out_dir: str | os.PathLike, *, jobs: int | None = None, force: bool = False,
              dask_address: str | None = None, progress: Callable[[int, int, BatchSummary], None] | None = None
              ) -> BatchSummary:
    """Convert every document under ``in_dir`` into ``out_dir``; see the module docstring."""
    in_path, out_path = Path(in_dir), Path(out_dir)
    if not in_path.is_dir():
        raise InputError(str(in_path), "is not a folder")
    # the cluster first: when it is missing nothing is written, not even an empty manifest
    client = connect_dask(dask_address) if dask_address else None
    started = time.perf_counter()
    unreadable: list[tuple[Path, str]] = []
    files = discover(in_path, out_path, unreadable)
    names = output_names(files, in_path)
    if out_path.is_dir():
        for stale in out_path.rglob(".*.tmp"):  # left by a crash in the middle of a write
            stale.unlink(missing_ok=True)
    manifest = Manifest(out_path / MANIFEST)
    summary = BatchSummary(files=len(files) + len(unreadable))
    run_id = uuid.uuid4().hex[:12]
    for folder, reason in unreadable:  # one manifest line each, so a folder is never skipped unnoticed
        rel = display_name(folder.relative_to(in_path).as_posix()) + "/"
        _finish(manifest, summary, rel, Path(rel), None, run_id,
                failed(str(folder), "unreadable", f"folder cannot be listed ({reason}); its files were not converted"))
    todo: list[tuple[Path, str, str]] = []  # (input, relative input, sha256)
    for path in files:
        rel = display_name(path.relative_to(in_path).as_posix())
        try:
            digest = _sha256(path)
        except InputError as exc:  # a pipe, a device, a file over the size limit, one that cannot be opened
            _finish(manifest, summary, rel, names[path], None, run_id,
                    {"status": "failed", "error": str(exc), "reason": exc.reason, "seconds": 0.0})
            continue
        if not force and manifest.done(rel, digest) and (out_path / names[path]).exists():
            summary.skipped += 1
            continue
        recovered = None if force else _recovered(out_path / names[path], digest)
        if recovered is not None:
            _finish(manifest, summary, rel, names[path], digest, run_id,
                    {"status": "ok", "error": None, "seconds": 0.0, "recovered": True, **recovered})
            continue
        todo.append((path, rel, digest))
    if progress:
        progress(summary.ok + summary.failed + summary.skipped, summary.files, summary)

    # the same bytes under other names are converted once: the copies take that JSON, with their own name
    converted = {} if force else {r["sha256"]: r for r in manifest.records.values()
                                  if r.get("status") == "ok" and r.get("parser_version") == __version__
                                  and (out_path / (r.get("output") or "")).is_file()}
    first: dict[str, tuple[Path, str, str]] = {}
    copies: dict[str, list[tuple[Path, str, str]]] = {}
    unique: list[tuple[Path, str, str]] = []
    for item in todo:
        if item[2] in converted or item[2] in first:
            copies.setdefault(item[2], []).append(item)
        else:
            first[item[2]] = item
            unique.append(item)

    def copy_result(item: tuple[Path, str, str], original: dict) -> None:
        path, rel, digest = item
        data = json.loads((out_path / original["output"]).read_text(encoding="utf-8"))
        data.setdefault("source", {})["file"] = display_name(path)
        write_atomic(out_path / names[path], json.dumps(data, ensure_ascii=False, indent=1))
        _finish(manifest, summary, rel, names[path], digest, run_id,
                {"status": "ok", "error": None, "seconds": 0.0, "pages": original.get("pages"),
                 "ocr": original.get("ocr"), "duplicate_of": original["input"]})

    for digest, items in list(copies.items()):
        if digest in converted:
            for item in copies.pop(digest):
                copy_result(item, converted[digest])

    def handle(item: tuple[Path, str, str], result: dict) -> None:
        path, rel, digest = item
        if result.get("fatal"):
            raise BatchError(result["fatal"])  # the worker could not write the JSON (a full disk)
        text = result.pop("json", None)
        if text is not None:
            write_atomic(out_path / names[path], text)
        record = _finish(manifest, summary, rel, names[path], digest, run_id, result)
        for copy in copies.pop(digest, []):
            if record["status"] == "ok":
                copy_result(copy, record)
            else:
                _finish(manifest, summary, copy[1], names[copy[0]], digest, run_id,
                        {**result, "error": f"{display_name(copy[0])}: same bytes as {rel}, which failed: "
                                            f"{result.get('error')}"})
        if progress:
            progress(summary.ok + summary.failed + summary.skipped, summary.files, summary)

    try:
        if client is not None:
            _run_dask(unique, client, handle)
        else:
            _run_local(unique, jobs or os.cpu_count() or 1, handle, {item[0]: out_path / names[item[0]] for item in unique})
    finally:
        manifest.close(keep={display_name(p.relative_to(in_path).as_posix()) for p in files}
                       | {display_name(f.relative_to(in_path).as_posix()) + "/" for f, _ in unreadable})
        if client is not None:
            client.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _finish(manifest: Manifest, summary: BatchSummary, rel: str, output: Path, digest: str | None, run_id: str,
            result: dict) -> dict:
    record = {
        "input": rel, "output": display_name(output.as_posix()) if result["status"] == "ok" else None,
        "sha256": digest,
        "status": result["status"], "error": result.get("error"), "seconds": result.get("seconds"),
        "pages": result.get("pages"), "ocr": bool(result.get("ocr")), "parser_version": __version__, "run": run_id,
    }
    if result["status"] != "ok":
        record["reason"] = result.get("reason") or "unreadable"
    if result.get("recovered"):
        record["recovered"] = True
    if result.get("duplicate_of"):
        record["duplicate_of"] = result["duplicate_of"]
    manifest.append(record)
    if record["status"] == "ok":
        summary.ok += 1
        summary.pages += record["pages"] or 0
        summary.ocr_pages += (record["pages"] or 0) if record["ocr"] else 0
    else:
        summary.failed += 1
        summary.failures.append((rel, record["error"] or ""))
    return record


def _sha256(path: Path) -> str:
    """The sha256 of a regular file within the size limit; InputError otherwise (a pipe, a device, too large)."""
    from .readers import read_file_bytes

    return hashlib.sha256(read_file_bytes(path)).hexdigest()


def _read(item: tuple[Path, str, str]) -> bytes:
    return item[0].read_bytes()


def _run_local(todo: list[tuple[Path, str, str]], jobs: int, handle, outputs: dict[Path, Path]) -> None:
    """Each file in a worker process under the time and memory limits (even with one job: a file that kills
    its worker costs only itself); one OCR page at a time inside each worker, as the workers use every core.
    Workers write their JSON themselves (atomically, fsynced), so the writes run in parallel and the parent
    only appends the manifest line, after the JSON is on disk as before."""
    from .workers import WorkerPool

    pool = WorkerPool(min(jobs, max(1, len(todo))), convert_to_file,
                      lambda item, reason, sentence: failed(display_name(item[0]), reason, sentence))
    tasks = ((item, (str(item[0]), display_name(item[0]), str(outputs[item[0]]))) for item in todo)
    for item, result in pool.run(tasks):
        handle(item, result)


def convert_to_file(path: str, name: str, output: str) -> dict:
    """Convert the file at ``path`` and write its JSON to ``output`` (in a worker); the result without the JSON.
    Never raises: a JSON that cannot be written is a 'fatal' line the parent stops the batch with."""
    result = convert_bytes(None, name, 1, path)
    text = result.pop("json", None)
    if text is not None:
        try:
            write_atomic(Path(output), text)
        except BatchError as exc:
            result["fatal"] = str(exc)
    return result


# How long a Dask scheduler may take to answer before the batch gives up (a live one answers in milliseconds)
DASK_CONNECT_S = 5


def connect_dask(address: str):
    """A client of the scheduler at ``address``; SetupError (one line) when dask is not installed or nothing
    answers there."""
    distributed = require("distributed", "dask", "running on a Dask cluster (--dask)")
    try:
        return distributed.Client(address, timeout=f"{DASK_CONNECT_S}s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise SetupError(f"no Dask scheduler answers at {address} within {DASK_CONNECT_S} s "
                         f"({type(exc).__name__}): start one with 'dask scheduler' and 'dask worker {address}', "
                         f"or check the address") from None


def _run_dask(todo: list[tuple[Path, str, str]], client, handle) -> None:
    from distributed import as_completed

    workers = max(1, len(client.scheduler_info().get("workers", {})))
    queue = iter(todo)
    pending = {}
    for item in _take(queue, 2 * workers):
        pending[client.submit(convert_bytes, _read(item), display_name(item[0]), 1, pure=False)] = item
    stream = as_completed(list(pending))
    for future in stream:
        item = pending.pop(future)
        handle(item, future.result())
        for extra in _take(queue, 1):
            new = client.submit(convert_bytes, _read(extra), display_name(extra[0]), 1, pure=False)
            pending[new] = extra
            stream.add(new)


def _take(iterator: Iterator, n: int) -> list:
    out = []
    for item in iterator:
        out.append(item)
        if len(out) >= n:
            break
    return out


# How often the progress bar redraws between two finished files (its elapsed time keeps moving)
HEARTBEAT_S = 1.0


class ProgressReporter:
    """A tqdm bar on a terminal; plain lines (at most one every few seconds) otherwise."""

    def __init__(self, stream=sys.stderr, every_s: float = 5.0) -> None:
        self.stream = stream
        self.every_s = every_s
        self.bar = None
        self.last = 0.0
        self.start = time.perf_counter()
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def __call__(self, done: int, total: int, summary: BatchSummary) -> None:
        if self.tty:
            with self._lock:
                if self.bar is None:
                    self._open_bar(total)
                self.bar.n = done
                self.bar.set_postfix(ok=summary.ok, failed=summary.failed, refresh=False)
                self.bar.refresh()
            return
        now = time.perf_counter()
        if done < total and now - self.last < self.every_s:
            return
        self.last = now
        elapsed = now - self.start
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 else 0.0
        print(f"[{done}/{total}] {100 * done / max(1, total):.0f}%  ok {summary.ok}  failed {summary.failed}  "
              f"{rate:.1f} files/s  ETA {eta:.0f} s", file=self.stream, flush=True)

    def _open_bar(self, total: int) -> None:
        import shutil

        from tqdm import tqdm

        # a pseudo-terminal that reports no size (0 columns, 0 rows) gets a fixed size (COLUMNS and LINES, else
        # 80 x 24): tqdm asks the terminal itself and would draw nothing (it hides bars below the last row)
        try:
            size = os.get_terminal_size(self.stream.fileno())
        except (OSError, ValueError, AttributeError):
            size = os.terminal_size((0, 0))
        sized = size.columns > 0 and size.lines > 0
        fallback = shutil.get_terminal_size((80, 24))
        self.bar = tqdm(total=total, unit="file", file=self.stream, dynamic_ncols=sized,
                        ncols=None if sized else fallback.columns or 80, nrows=None if sized else fallback.lines or 24)
        # the clock and rate move while one long file (a scan under OCR) is worked on
        threading.Thread(target=self._tick, name="progress-tick", daemon=True).start()

    def _tick(self) -> None:
        while not self._stop.wait(HEARTBEAT_S):
            with self._lock:
                if self.bar is not None:
                    self.bar.refresh()

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            if self.bar is not None:
                self.bar.close()
