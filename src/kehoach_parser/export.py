"""Exports for analysts and annotators: CSV tables, JSON Lines, and Label Studio tasks (and back to gold).

    kehoach-parser export JSON_DIR --to csv --dest EXPORT_DIR        # plans.csv, targets.csv, assignments.csv, legal_bases.csv
    kehoach-parser export JSON_DIR --to jsonl --dest EXPORT_DIR      # plans.jsonl
    kehoach-parser export JSON_DIR --to labelstudio --dest EXPORT_DIR  # labelstudio.json (tasks with pre-annotations)
    kehoach-parser import-labelstudio labelstudio.json --dest GOLD_DIR   # NAME.gold.json for `kehoach-parser eval`

CSV files are UTF-8 with a byte-order mark, so spreadsheet programs show Vietnamese correctly; every row
carries the plan's file, number, issuer and date.

A Label Studio task holds the plan's text (``data.text``, the text the parser read) and the parser's items as
pre-annotations over it: each target, assignment and legal basis is a labelled span (TARGET, AGENCY,
LEGAL_BASIS) whose ``meta`` keeps the item's fields; header, sections, signature and recipients travel in
``data.plan``. Annotators delete wrong spans, fix labels or add items; importing the tasks (annotations when
there are any, else the predictions) writes gold files. An export imported unchanged scores 1.0 against the
predictions it came from.
"""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from ._version import __version__
from .plan_files import plan_json_paths, read_plan

PLAN_FIELDS = ["file", "number", "issuer", "date", "place", "doc_type", "title", "signer", "targets", "assignments",
               "legal_bases", "warnings"]
TARGET_FIELDS = ["file", "number", "issuer", "date", "value", "value_max", "unit", "comparator", "indicator", "year",
                 "section", "text"]
ASSIGNMENT_FIELDS = ["file", "number", "issuer", "date", "agency", "role", "cooperating", "tasks", "section", "deadline",
                     "deadline_date", "deadline_recurrence", "output"]
LEGAL_FIELDS = ["file", "number", "issuer", "date", "basis_type", "basis_number", "basis_date", "basis_issuer", "subject"]
ITEM_KEYS = {"TARGET": "targets", "AGENCY": "assignments", "LEGAL_BASIS": "legal_bases"}


def load_plans(json_dir: str | os.PathLike) -> list[tuple[str, dict]]:
    """(name, plan) for every plan JSON under the folder (manifests and gold files are not plans)."""
    root = Path(json_dir)
    plans = []
    for path in plan_json_paths(root):
        read = read_plan(path)
        if read is not None:
            plans.append((path.relative_to(root).with_suffix("").as_posix(), read[1]))
    return plans


def _common(name: str, plan: dict) -> dict:
    header = plan.get("header") or {}
    return {"file": name, "number": header.get("number"), "issuer": header.get("issuer"), "date": header.get("date")}


def write_csv(plans: list[tuple[str, dict]], dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    tables: dict[str, tuple[list[str], list[dict]]] = {
        "plans.csv": (PLAN_FIELDS, []), "targets.csv": (TARGET_FIELDS, []),
        "assignments.csv": (ASSIGNMENT_FIELDS, []), "legal_bases.csv": (LEGAL_FIELDS, []),
    }
    for name, plan in plans:
        base = _common(name, plan)
        header = plan.get("header") or {}
        tables["plans.csv"][1].append({
            **base, "place": header.get("place"), "doc_type": header.get("doc_type"), "title": header.get("title"),
            "signer": (plan.get("signature") or {}).get("name"), "targets": len(plan.get("targets") or []),
            "assignments": len(plan.get("assignments") or []), "legal_bases": len(plan.get("legal_bases") or []),
            "warnings": " | ".join(plan.get("warnings") or [])})
        for t in plan.get("targets") or []:
            tables["targets.csv"][1].append({**base, **{k: t.get(k) for k in TARGET_FIELDS[4:]}})
        for a in plan.get("assignments") or []:
            tables["assignments.csv"][1].append({
                **base, "agency": a.get("agency"), "role": a.get("role"), "cooperating": "; ".join(a.get("cooperating") or []),
                "tasks": " | ".join(a.get("tasks") or []), "section": a.get("section"), "deadline": a.get("deadline"),
                "deadline_date": a.get("deadline_date"), "deadline_recurrence": a.get("deadline_recurrence"),
                "output": a.get("output")})
        for b in plan.get("legal_bases") or []:
            tables["legal_bases.csv"][1].append({
                **base, "basis_type": b.get("doc_type"), "basis_number": b.get("number"), "basis_date": b.get("date"),
                "basis_issuer": b.get("issuer"), "subject": b.get("subject")})
    written = []
    for filename, (fields, rows) in tables.items():
        path = dest / filename
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:  # the BOM makes Excel read UTF-8
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


def write_jsonl(plans: list[tuple[str, dict]], dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / "plans.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for name, plan in plans:
            handle.write(json.dumps({"file": name, **plan}, ensure_ascii=False) + "\n")
    return [path]


def _span_result(label: str, item: dict, text: str, n: int) -> dict:
    span = item.get("span") or {}
    start, end = span.get("start"), span.get("end")
    if start is None or end is None or not (0 <= start <= end <= len(text)):
        start, end = 0, 0
    meta = {k: v for k, v in item.items() if k != "span"}
    return {"id": f"{label.lower()}-{n}", "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}, "meta": {"item": meta}}


def labelstudio_tasks(plans: list[tuple[str, dict]], texts: dict[str, str]) -> list[dict]:
    tasks = []
    for name, plan in plans:
        text = texts.get(name, "")
        results = []
        for label, key in ITEM_KEYS.items():
            for n, item in enumerate(plan.get(key) or []):
                results.append(_span_result(label, item, text, n))
        rest = {k: v for k, v in plan.items() if k not in ITEM_KEYS.values()}
        tasks.append({"data": {"name": name, "text": text, "plan": rest},
                      "predictions": [{"model_version": f"kehoach-parser {__version__}", "result": results}]})
    return tasks


LABEL_CONFIG = """<View>
  <Labels name="label" toName="text">
    <Label value="TARGET" background="#34a853"/>
    <Label value="AGENCY" background="#4285f4"/>
    <Label value="LEGAL_BASIS" background="#fbbc05"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>
"""


def write_labelstudio(plans: list[tuple[str, dict]], dest: Path, texts: dict[str, str]) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / "labelstudio.json"
    path.write_text(json.dumps(labelstudio_tasks(plans, texts), ensure_ascii=False, indent=1), encoding="utf-8")
    config = dest / "labelstudio-config.xml"
    config.write_text(LABEL_CONFIG, encoding="utf-8")
    return [path, config]


def gold_from_task(task: dict) -> tuple[str, dict]:
    """A gold plan from a Label Studio task: its latest annotation, else the predictions.

    Spans keep their item fields (``meta.item``); a span an annotator added without fields becomes an item
    holding its text (an agency name, a target's text, a cited document).
    """
    data = task.get("data") or {}
    plan = dict(data.get("plan") or {})
    sources = task.get("annotations") or task.get("predictions") or []
    results = (sources[-1] or {}).get("result", []) if sources else []
    for key in ITEM_KEYS.values():
        plan[key] = []
    for result in results:
        value = result.get("value") or {}
        labels = value.get("labels") or []
        if not labels or labels[0] not in ITEM_KEYS:
            continue
        item = dict((result.get("meta") or {}).get("item") or {})
        if not item:
            text = value.get("text") or ""
            item = {"TARGET": {"text": text}, "AGENCY": {"agency": text, "role": "responsible", "cooperating": [], "tasks": []},
                    "LEGAL_BASIS": {"subject": text}}[labels[0]]
        plan[ITEM_KEYS[labels[0]]].append(item)
    return data.get("name") or "plan", plan


def import_labelstudio(path: str | os.PathLike, dest: str | os.PathLike) -> list[Path]:
    tasks = json.loads(Path(path).read_text(encoding="utf-8"))
    out = Path(dest)
    written = []
    for task in tasks if isinstance(tasks, list) else [tasks]:
        name, plan = gold_from_task(task)
        target = out / f"{name}.gold.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(plan, ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(target)
    return written
