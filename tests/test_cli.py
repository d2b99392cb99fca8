"""The command line, run as a user runs it (a real subprocess of the installed entry point)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

from .conftest import CORPUS


def run(*args, input_text=None):
    exe = shutil.which("kehoach-parser")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "kehoach_parser.cli", *args]
    return subprocess.run(cmd, input=input_text, capture_output=True, text=True, timeout=120)


def test_parse_writes_one_json_per_file(tmp_path):
    files = [str(p) for p in sorted(CORPUS.glob("*.txt"))]
    result = run("parse", *files, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    outputs = sorted(p.name for p in tmp_path.glob("*.json"))
    assert outputs == sorted(f"{p.split('/')[-1][:-4]}.json" for p in files)
    plan = json.loads((tmp_path / "002_b0d7774b2876f887.json").read_text(encoding="utf-8"))
    assert plan["header"]["number"] == "687/KH-UBND"
    assert plan["schema_version"] == "1"


def test_stdin_to_stdout():
    text = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\nSố: 12/KH-UBND\nKẾ HOẠCH\nVề việc thử\nI. MỤC TIÊU\nĐạt 100% xã.\n"
    result = run("parse", "-", input_text=text)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["header"]["number"] == "12/KH-UBND"
    assert plan["sections"][0]["kind"] == "objectives"


def test_bad_files_get_one_line_each_and_a_failing_exit(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    good = sorted(CORPUS.glob("*.txt"))[0]
    result = run("parse", str(empty), str(tmp_path / "missing.txt"), str(binary), str(good), "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3, result.stderr
    assert "empty.txt" in lines[0] and "missing.txt" in lines[1] and "blob.txt" in lines[2]
    assert "Traceback" not in result.stderr
    assert (tmp_path / "o" / f"{good.stem}.json").exists()  # the good file is still converted


def test_eval_matches_the_shared_scorer(tmp_path):
    """Our eval command gives the same numbers as ../shared/eval/score.py on the same predictions."""
    from .conftest import ROOT

    scorer = ROOT.parent / "shared" / "eval" / "score.py"
    if not scorer.exists():
        import pytest

        pytest.skip("../shared/eval/score.py is absent")
    run("parse", *[str(p) for p in sorted(CORPUS.glob("*.txt"))], "--out", str(tmp_path))
    ours = json.loads(run("eval", str(CORPUS), str(tmp_path), "--json").stdout)
    theirs = json.loads(subprocess.run([sys.executable, str(scorer), str(CORPUS), str(tmp_path), "--json"],
                                       capture_output=True, text=True, check=True).stdout)
    assert ours == theirs
