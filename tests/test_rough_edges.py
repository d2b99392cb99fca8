"""What a new user hits first: missing files, missing extras, file modes, help texts, the documented examples.

The extras messages are checked with the installed command in a real virtual environment that holds the
package and its core dependencies only (linked from the test environment, the dependency closure read from
the installed metadata): Flask, Dask and spaCy are not importable there, as after ``pip install kehoach-parser``.
"""
from __future__ import annotations

import doctest
import importlib.metadata as metadata
import os
import re
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import kehoach_parser
from kehoach_parser import InputError
from kehoach_parser.cli import main

from .conftest import CORPUS, ROOT

EXTRA_MODULES = ("flask", "markupsafe", "dask", "distributed", "spacy")


def _core_closure(name: str = "kehoach-parser") -> list[metadata.Distribution]:
    """The installed distributions the package needs without any extra."""
    seen: set[str] = set()
    found: list[metadata.Distribution] = []

    def walk(dist_name: str) -> None:
        key = re.sub(r"[-_.]+", "-", dist_name).lower()
        if key in seen:
            return
        seen.add(key)
        try:
            dist = metadata.distribution(dist_name)
        except metadata.PackageNotFoundError:
            return
        found.append(dist)
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                walk(req.name)

    walk(name)
    return found[1:]  # the package itself comes from src/


@pytest.fixture(scope="module")
def bare_venv(tmp_path_factory) -> Path:
    """A venv with kehoach-parser and its core dependencies, no extras; returns its bin folder."""
    root = tmp_path_factory.mktemp("bare") / "venv"
    venv.create(root, with_pip=False, symlinks=True)
    python = root / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    for dist in _core_closure():
        base = Path(dist.locate_file(""))
        tops = {Path(f).parts[0] for f in dist.files or [] if not str(f).startswith("..")}
        for top in tops:
            target = site / top
            if (base / top).exists() and not target.exists():
                target.symlink_to(base / top)
    (site / "kehoach_parser_src.pth").write_text(str(ROOT / "src") + "\n", encoding="utf-8")
    script = root / "bin" / "kehoach-parser"
    script.write_text(f"#!{python}\nimport sys\nfrom kehoach_parser.cli import main\nsys.exit(main())\n", encoding="utf-8")
    script.chmod(0o755)
    return root / "bin"


def _bare(bin_dir: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(list(args), capture_output=True, text=True, timeout=timeout, env=env)


def test_the_bare_venv_really_lacks_the_extras(bare_venv):
    for module in EXTRA_MODULES:
        assert _bare(bare_venv, str(bare_venv / "python"), "-c", f"import {module}").returncode != 0, module
    assert _bare(bare_venv, str(bare_venv / "python"), "-c", "import kehoach_parser, pdfplumber, docx").returncode == 0


def test_serve_without_the_web_extra_says_what_to_install(bare_venv, tmp_path):
    done = _bare(bare_venv, "kehoach-parser", "serve", "--db", str(tmp_path / "x.sqlite"))
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: the web page (serve) needs flask, which is not installed: pip install 'kehoach-parser[web]'"]


def test_spacy_component_without_spacy_says_what_to_install(bare_venv):
    done = _bare(bare_venv, str(bare_venv / "python"), "-c",
                 "import kehoach_parser.spacy_component")
    assert "Traceback" in done.stderr  # a library import: the exception, with its one-line message
    assert done.stderr.strip().splitlines()[-1] == (
        "kehoach_parser.errors.SetupError: the spaCy component (kehoach_plan) needs spacy, which is not installed: "
        "pip install 'kehoach-parser[spacy]'")


def test_batch_dask_without_dask_says_what_to_install_and_writes_nothing(bare_venv, tmp_path):
    out = tmp_path / "out"
    done = _bare(bare_venv, "kehoach-parser", "batch", str(CORPUS), str(out), "--dask", "tcp://127.0.0.1:1")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: running on a Dask cluster (--dask) needs distributed, which is not installed: "
        "pip install 'kehoach-parser[dask]'"]
    assert not out.exists()


def test_batch_dask_with_no_scheduler_fails_fast_in_one_line(tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "kehoach_parser.cli", "batch", str(CORPUS), str(out),
                           "--dask", "tcp://127.0.0.1:9"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    lines = [l for l in done.stderr.strip().splitlines() if l.startswith("error:")]
    assert len(lines) == 1 and "no Dask scheduler answers at tcp://127.0.0.1:9 within 5 s" in lines[0]
    assert not (out / "manifest.jsonl").exists()


def test_parse_of_a_missing_file_name_raises():
    with pytest.raises(InputError, match="ke-hoach-687.pdf: no such file"):
        kehoach_parser.parse("ke-hoach-687.pdf")
    # a sentence that mentions a file is still text
    assert kehoach_parser.parse("Kế hoạch gửi kèm tệp ke-hoach.pdf").source.format == "text"


def test_parse_out_files_follow_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        assert main(["parse", str(sorted(CORPUS.glob("*.txt"))[0]), "--out", str(tmp_path)]) == 0
    finally:
        os.umask(old)
    (written,) = tmp_path.glob("*.json")
    assert written.stat().st_mode & 0o777 == 0o644


def test_help_texts_name_every_input_and_option():
    parse_help = subprocess.run([sys.executable, "-m", "kehoach_parser.cli", "parse", "--help"],
                                capture_output=True, text=True).stdout
    for word in ("PDF", "DOCX", "DOC", "HTML", "Markdown", "images", "OCR"):
        assert word in parse_help
    serve_help = subprocess.run([sys.executable, "-m", "kehoach_parser.cli", "serve", "--help"],
                                capture_output=True, text=True).stdout
    assert "address to listen on" in serve_help and "port to listen on" in serve_help
    search_help = subprocess.run([sys.executable, "-m", "kehoach_parser.cli", "search", "--help"],
                                 capture_output=True, text=True).stdout
    assert "built by 'index'" in search_help and "hits to print" in search_help


def test_an_unknown_kind_lists_the_kinds(tmp_path):
    done = subprocess.run([sys.executable, "-m", "kehoach_parser.cli", "search", "x", "--db", str(tmp_path / "x"),
                           "--kind", "nonsense"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "invalid choice: 'nonsense'" in done.stderr and "implementation" in done.stderr


def test_search_says_how_many_hits_match_in_all(tmp_path):
    out = tmp_path / "json"
    assert main(["parse", *map(str, sorted(CORPUS.glob("*.txt"))), "--out", str(out)]) == 0
    assert main(["index", str(out), "--db", str(tmp_path / "db.sqlite")]) == 0
    done = subprocess.run([sys.executable, "-m", "kehoach_parser.cli", "search", "trẻ em", "--db",
                           str(tmp_path / "db.sqlite"), "--limit", "1"], capture_output=True, text=True)
    assert done.returncode == 0
    m = re.search(r"(\d+) matching section\(s\) in all, the best 1 shown", done.stderr)
    assert m and int(m.group(1)) > 1


def test_every_module_imported_at_run_time_is_a_declared_dependency():
    """tqdm draws the batch progress bar: it must be in pyproject's dependencies, not come by chance."""
    tomllib = pytest.importorskip("tomllib")
    declared = {Requirement(r).name.lower() for r in
                tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]}
    assert "tqdm" in declared


@pytest.mark.parametrize("document", ["README.md", "docs/guide.md"])
def test_documented_examples_run(document, monkeypatch):
    """The Python examples of the README and the guide, as doctests, from the project folder."""
    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testfile(str(ROOT / document), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0


def test_progress_bar_draws_in_a_pseudo_terminal_without_a_size(tmp_path):
    import pty
    import select

    leader, follower = pty.openpty()  # a fresh pty reports 0 rows and 0 columns
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    process = subprocess.Popen([sys.executable, "-m", "kehoach_parser.cli", "batch", str(folder), str(out), "-j", "1"],
                               stdin=follower, stdout=follower, stderr=follower, close_fds=True)
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=60)
    os.close(leader)
    text = seen.decode("utf-8", "replace")
    assert process.returncode == 0
    assert re.search(r"100%\|.*\| \d+/\d+", text), text[-500:]


def test_progress_bar_keeps_moving_while_one_file_takes_long():
    import io
    import time

    from kehoach_parser.batch import HEARTBEAT_S, BatchSummary, ProgressReporter

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    reporter = ProgressReporter(stream=stream)
    reporter(0, 3, BatchSummary(files=3))
    drawn = stream.getvalue().count("\r")
    time.sleep(3 * HEARTBEAT_S + 0.5)  # no file finishes meanwhile (a long OCR)
    reporter.close()
    assert stream.getvalue().count("\r") >= drawn + 2


def test_labelstudio_export_warns_once_when_sources_are_gone(tmp_path):
    folder, out = tmp_path / "plans", tmp_path / "json"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    assert main(["parse", *map(str, sorted(folder.glob("*.txt"))), "--out", str(out)]) == 0
    for path in folder.glob("*.txt"):
        path.unlink()  # the sources moved away after the batch
    done = subprocess.run([sys.executable, "-m", "kehoach_parser.cli", "export", str(out), "--to", "labelstudio",
                           "--dest", str(tmp_path / "ls")], capture_output=True, text=True)
    assert done.returncode == 0
    warnings = [l for l in done.stderr.splitlines() if l.startswith("warning:")]
    assert len(warnings) == 1 and warnings[0].startswith("warning: 3 of 3 source files could not be read")
    assert (tmp_path / "ls" / "labelstudio.json").exists()
