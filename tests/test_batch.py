"""Batch conversion: manifest, resume, broken files, SIGKILL in the middle, and a real Dask cluster."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kehoach_parser import PlanDocument
from kehoach_parser.batch import MANIFEST, run_batch

from .conftest import CORPUS

FIXTURES = Path(__file__).parent / "fixtures"


def _manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / MANIFEST).read_text(encoding="utf-8").splitlines()]


def _archive(root: Path) -> Path:
    """A small archive in nested folders: the seed texts, their DOCX and PDF renderings, two broken files."""
    src = root / "archive"
    for path in sorted(CORPUS.glob("*.txt")):
        (src / "text").mkdir(parents=True, exist_ok=True)
        shutil.copy(path, src / "text" / path.name)
    for kind in ("docx", "pdf"):
        for path in sorted((CORPUS / kind).glob(f"*.{kind}"))[:2]:
            (src / "nested" / kind).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, src / "nested" / kind / path.name)
    (src / "broken").mkdir()
    (src / "broken" / "cut.pdf").write_bytes((FIXTURES / "encrypted.pdf").read_bytes()[:1500])
    (src / "broken" / "empty.txt").write_bytes(b"")
    (src / "notes.gold.json").write_text("{}", encoding="utf-8")  # not an input
    return src


def test_batch_writes_a_manifest_line_per_file_and_resumes(tmp_path):
    src, out = _archive(tmp_path), tmp_path / "out"
    summary = run_batch(src, out, jobs=2)
    records = {r["input"]: r for r in _manifest(out)}
    inputs = sorted(p.relative_to(src).as_posix() for p in src.rglob("*") if p.is_file() and not p.name.endswith(".gold.json"))
    assert sorted(records) == inputs
    assert summary.files == len(inputs) and summary.failed == 2 and summary.ok == len(inputs) - 2
    for rel, record in records.items():
        if rel.startswith("broken/"):
            assert record["status"] == "failed" and Path(rel).name in record["error"] and record["output"] is None
            continue
        assert record["status"] == "ok" and record["sha256"] and record["parser_version"]
        plan = PlanDocument.model_validate_json((out / record["output"]).read_text(encoding="utf-8"))
        assert plan.source.sha256 == record["sha256"]
        assert record["output"] == Path(rel).with_suffix(".json").as_posix()  # the tree is mirrored
    assert records["nested/pdf/" + sorted((CORPUS / "pdf").glob("*.pdf"))[0].name]["pages"] >= 1

    again = run_batch(src, out, jobs=2)
    assert again.skipped == len(inputs) - 2 and again.ok == 0 and again.failed == 2  # failed files are retried

    changed = src / "text" / sorted(CORPUS.glob("*.txt"))[0].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = run_batch(src, out, jobs=1)
    assert third.ok == 1 and third.skipped == len(inputs) - 3
    assert len(_manifest(out)) == len(inputs)  # one line per file once the run is over

    forced = run_batch(src, out, jobs=2, force=True)
    assert forced.ok == len(inputs) - 2 and forced.skipped == 0


def test_cli_batch_exit_code_and_summary(tmp_path):
    src, out = _archive(tmp_path), tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "kehoach_parser.cli", "batch", str(src), str(out), "--jobs", "2"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1  # two files failed
    assert "failed" in done.stdout and "OCR pages" in done.stdout
    assert done.stderr.count("failed: ") == 2 and "cut.pdf" in done.stderr


def test_sigkill_in_the_middle_loses_nothing_and_converts_each_file_once(tmp_path):
    src, out = tmp_path / "many", tmp_path / "out"
    seeds = sorted(CORPUS.glob("*.txt"))
    for i in range(300):
        folder = src / f"box{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(seeds[i % len(seeds)], folder / f"plan_{i:04d}.txt")
    command = [sys.executable, "-m", "kehoach_parser.cli", "batch", str(src), str(out), "--jobs", "2", "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        manifest = out / MANIFEST
        if manifest.exists() and manifest.read_text(encoding="utf-8").count("\n") >= 40:
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    before = {}
    for line in (out / MANIFEST).read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        before[record["input"]] = record
    assert 40 <= len(before) < 300, "the kill should land in the middle of the batch"

    subprocess.run(command, check=True, timeout=600)
    after = {r["input"]: r for r in _manifest(out)}
    assert len(after) == 300 and all(r["status"] == "ok" for r in after.values())
    for rel, record in before.items():
        assert after[rel]["run"] == record["run"], f"{rel} was converted again"
    for record in after.values():
        PlanDocument.model_validate_json((out / record["output"]).read_text(encoding="utf-8"))
    assert not list(out.rglob("*.tmp")), "a half-written file was left behind"
    assert len(list(out.rglob("plan_*.json"))) == 300


def test_dask_cluster_gives_the_same_results_as_local(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "src"
    src.mkdir()
    for path in sorted(CORPUS.glob("*.txt")):
        shutil.copy(path, src / path.name)
    shutil.copy(FIXTURES / "numbered.docx", src / "numbered.docx")
    run_batch(src, tmp_path / "local", jobs=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = run_batch(src, tmp_path / "dask", dask_address=cluster.scheduler_address)
    assert summary.ok == 6 and summary.failed == 0

    def comparable(folder: Path) -> list[dict]:
        return [{k: v for k, v in r.items() if k not in ("seconds", "run")} for r in _manifest(folder)]

    assert comparable(tmp_path / "local") == comparable(tmp_path / "dask")
    for record in _manifest(tmp_path / "local"):
        local = json.loads((tmp_path / "local" / record["output"]).read_text(encoding="utf-8"))
        remote = json.loads((tmp_path / "dask" / record["output"]).read_text(encoding="utf-8"))
        assert local == remote


SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.mark.skipif(not (SHARED / "corpus-dev").is_dir(), reason="../shared is absent")
@pytest.mark.skipif(shutil.which("tesseract") is None or shutil.which("soffice") is None,
                    reason="Tesseract and LibreOffice are needed (make install)")
def test_archive_of_every_rendering_and_real_file_with_copies(tmp_path):
    """The dev corpus in all its renderings plus the real files, and the same files copied many times under
    other names: every file gets a line, copies are not converted again, every JSON is valid."""
    src, out = tmp_path / "archive", tmp_path / "out"
    shutil.copytree(SHARED / "corpus-dev", src / "dev")
    shutil.copytree(SHARED / "corpus-real", src / "real")
    originals = [p for p in sorted(src.rglob("*")) if p.is_file() and p.suffix.lower() in (".txt", ".md", ".pdf", ".docx", ".doc", ".htm")]
    for i, path in enumerate(originals):
        times = 40 if path.suffix in (".txt", ".md") else 3
        for n in range(times):
            folder = src / "copies" / f"set{n % 5}"
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, folder / f"{i:03d}_{n:03d}{path.suffix}")
    summary = run_batch(src, out, jobs=2)
    records = _manifest(out)
    inputs = [p for p in src.rglob("*") if p.is_file() and p.suffix.lower() in (".txt", ".md", ".pdf", ".docx", ".doc", ".htm")]
    assert len(records) == len(inputs) == summary.files
    assert summary.failed == 0, summary.failures
    assert sum(1 for r in records if r.get("duplicate_of")) >= len(inputs) - len(originals)
    assert summary.ocr_pages > 0
    for record in records:
        plan = PlanDocument.model_validate_json((out / record["output"]).read_text(encoding="utf-8"))
        assert plan.source.sha256 == record["sha256"]
