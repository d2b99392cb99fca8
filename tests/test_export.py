"""Exports: CSV that spreadsheets read as Vietnamese, JSON Lines, and Label Studio tasks that come back as gold."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach_parser import parse_file
from kehoach_parser.evaluate import evaluate
from kehoach_parser.export import import_labelstudio, load_plans, write_csv, write_jsonl, write_labelstudio
from kehoach_parser.readers import read_path

from .conftest import CORPUS


@pytest.fixture(scope="module")
def plans_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("json")
    for path in sorted(CORPUS.glob("*.txt")):
        (out / f"{path.stem}.json").write_text(parse_file(path).to_json(), encoding="utf-8")
    return out


def test_csv_tables_have_a_row_per_item_and_a_bom(plans_dir, tmp_path):
    plans = load_plans(plans_dir)
    write_csv(plans, tmp_path)
    assert (tmp_path / "targets.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    with open(tmp_path / "targets.csv", encoding="utf-8-sig", newline="") as handle:
        targets = list(csv.DictReader(handle))
    assert len(targets) == sum(len(p["targets"]) for _, p in plans)
    with open(tmp_path / "assignments.csv", encoding="utf-8-sig", newline="") as handle:
        assignments = list(csv.DictReader(handle))
    assert len(assignments) == sum(len(p["assignments"]) for _, p in plans)
    assert {"file", "number", "issuer", "date"} <= set(assignments[0])
    assert any(row["agency"].startswith("Sở") for row in assignments)


@pytest.mark.skipif(shutil.which("soffice") is None or not Path("/usr/lib/libreoffice/program/libsclo.so").exists(),
                    reason="LibreOffice Calc is not installed (make install)")
def test_libreoffice_calc_reads_the_vietnamese_in_the_csv(plans_dir, tmp_path):
    write_csv(load_plans(plans_dir), tmp_path / "csv")
    profile = (tmp_path / "profile").as_uri()
    # headless Calc is told the encoding (44 = comma, 34 = quote, 76 = UTF-8); the GUI import reads the BOM
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--infilter=CSV:44,34,76,1",
                    "--convert-to", "html",
                    "--outdir", str(tmp_path / "html"), str(tmp_path / "csv" / "plans.csv")],
                   check=True, capture_output=True, timeout=180)
    page = (tmp_path / "html" / "plans.html").read_text(encoding="utf-8", errors="replace")
    assert "Ủy ban nhân dân tỉnh Bình Thuận" in page and "Hành động phòng, chống bạo lực" in page


def test_jsonl_holds_one_plan_per_line(plans_dir, tmp_path):
    plans = load_plans(plans_dir)
    (path,) = write_jsonl(plans, tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(plans) and json.loads(lines[0])["file"] == plans[0][0]


def test_labelstudio_export_comes_back_as_gold_that_scores_1(plans_dir, tmp_path):
    plans = load_plans(plans_dir)
    texts = {name: read_path(plan["source"]["file"]).text for name, plan in plans}
    (tasks_path, _) = write_labelstudio(plans, tmp_path / "ls", texts)
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
    for task in tasks:
        for result in task["predictions"][0]["result"]:
            value = result["value"]
            assert task["data"]["text"][value["start"]:value["end"]] == value["text"]
            item = result["meta"]["item"]
            key = item.get("agency") or item.get("number") or (str(int(item["value"])) if "value" in item else "")
            held = "".join(value["text"].split())  # a number repaired from "3496/LĐT BXH-BĐG" has no space
            assert "".join(key.split()[:1]) in held or "".join(key.split()) in held, (key, value["text"][:80])
    gold = tmp_path / "gold"
    import_labelstudio(tasks_path, gold)
    report = evaluate(gold, plans_dir)
    assert report.overall == 1.0 and all(v in (None, 1.0) for v in report.totals.values())


def test_cli_export_and_import(plans_dir, tmp_path):
    run = lambda *args: subprocess.run([sys.executable, "-m", "kehoach_parser.cli", *args],  # noqa: E731
                                       capture_output=True, text=True, timeout=120)
    assert run("export", str(plans_dir), "--to", "labelstudio", "--dest", str(tmp_path / "ls")).returncode == 0
    done = run("import-labelstudio", str(tmp_path / "ls" / "labelstudio.json"), "--dest", str(tmp_path / "gold"))
    assert done.returncode == 0 and len(list((tmp_path / "gold").glob("*.gold.json"))) == len(load_plans(plans_dir))
    assert run("export", str(tmp_path / "missing"), "--to", "csv", "--dest", str(tmp_path / "x")).returncode == 2


def test_csv_gives_deadlines_as_dates_and_recurrences(tmp_path):
    from kehoach_parser import parse_text

    plan = parse_text("KẾ HOẠCH\nPhòng, chống ma túy năm 2026\nI. NHIỆM VỤ\n\n"
                      "| STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n"
                      "| 1 | Tổ chức tuyên truyền trong trường học | Sở Giáo dục và Đào tạo | Quý IV/2026 |\n"
                      "| 2 | Kiểm tra các cơ sở kinh doanh dịch vụ | Công an tỉnh | Hằng năm |\n"
                      "| 3 | Tổng kết, báo cáo kết quả thực hiện | Sở Y tế | Trước ngày 15/12/2026 |\n")
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "plan.json").write_text(plan.to_json(), encoding="utf-8")
    write_csv(load_plans(tmp_path / "json"), tmp_path / "csv")
    with open(tmp_path / "csv" / "assignments.csv", encoding="utf-8-sig", newline="") as handle:
        rows = [(r["agency"], r["deadline"], r["deadline_date"], r["deadline_recurrence"]) for r in csv.DictReader(handle)]
    assert rows == [("Sở Giáo dục và Đào tạo", "Quý IV/2026", "2026-12-31", ""),
                    ("Công an tỉnh", "Hằng năm", "", "yearly"),
                    ("Sở Y tế", "Trước ngày 15/12/2026", "2026-12-15", "")]
