"""Score predicted plan JSON against gold files, with the metric definitions of the shared scorer.

Definitions (shared/eval/score.py): values compare after NFC, case folding, dash/quote folding,
spacing around '-' and '/', and tone marks moved to the end of each syllable. Set-valued parts are
matched one-to-one, best pairs first, and scored by F1; the rest by accuracy.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import re  # stdlib on purpose: its \w splits words at the tone marks moved to their end, as the shared scorer does

METRICS = (
    "header", "legal_bases", "legal_dates", "sections", "section_titles", "section_kinds",
    "targets", "target_comparators", "target_years", "agencies", "agency_roles", "tasks",
    "signature", "recipients",
)
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_DASH_MAP = {ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}
_DROP_MAP = {ord(c): None for c in "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb*`"}


def canon(value) -> str:
    """Comparable form of a value (see the module docstring)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).translate(_DASH_MAP).translate(_DROP_MAP).casefold()
    text = re.sub(r"\s*-\s*", " - ", text)
    text = re.sub(r"\s*/\s*", "/", text)
    text = " ".join(text.split()).strip(" \t\n.;:,")
    words = []
    for word in text.split(" "):
        decomposed = unicodedata.normalize("NFD", word)
        base = "".join(c for c in decomposed if c not in _TONES)
        marks = "".join(c for c in decomposed if c in _TONES)
        words.append(base + marks)
    return unicodedata.normalize("NFC", " ".join(words))


def canon_number(value) -> str:
    return "".join(canon(value).split())


def word_f1(gold, pred) -> float:
    """Token F1 over word tokens (multiset)."""
    g, p = re.findall(r"\w+", canon(gold)), re.findall(r"\w+", canon(pred))
    if not g or not p:
        return 0.0
    pool: dict[str, int] = {}
    for token in g:
        pool[token] = pool.get(token, 0) + 1
    hits = 0
    for token in p:
        if pool.get(token):
            pool[token] -= 1
            hits += 1
    if not hits:
        return 0.0
    precision, recall = hits / len(p), hits / len(g)
    return 2 * precision * recall / (precision + recall)


def same(gold, pred, threshold: float = 0.9) -> bool:
    return canon(gold) == canon(pred) or word_f1(gold, pred) >= threshold


@dataclass
class Count:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    right: int = 0
    total: int = 0

    def add_pairs(self, matched: int, n_pred: int, n_gold: int) -> None:
        self.tp += matched
        self.fp += n_pred - matched
        self.fn += n_gold - matched

    def add_check(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    @property
    def value(self) -> float | None:
        if self.total:
            return self.right / self.total
        if not (self.tp or self.fp or self.fn):
            return None
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def detail(self) -> str:
        return f"{self.right}/{self.total}" if self.total else f"tp={self.tp} fp={self.fp} fn={self.fn}"


def pair_up(gold: list, pred: list, score, threshold: float) -> list[tuple[int, int]]:
    """One-to-one pairs, highest score first, at or above ``threshold``."""
    scored = sorted(((score(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)), reverse=True)
    taken_g, taken_p, pairs = set(), set(), []
    for s, gi, pi in scored:
        if s < threshold or gi in taken_g or pi in taken_p:
            continue
        taken_g.add(gi)
        taken_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def _nodes(sections) -> list[dict]:
    out = []
    for node in sections or []:
        out.append(node)
        out.extend(_nodes(node.get("children")))
    return out


def _path(path) -> str:
    return ".".join(p.strip().lower() for p in str(path or "").split(".") if p.strip())


def score_document(gold: dict, pred: dict, counts: dict[str, Count]) -> None:
    """Add one document's comparison to ``counts`` (only the parts the gold file has)."""
    if "header" in gold:
        pred_header = pred.get("header") or {}
        for field, g in (gold["header"] or {}).items():
            p = pred_header.get(field)
            if g in (None, ""):
                ok = p in (None, "")
            elif field == "number":
                ok = canon_number(g) == canon_number(p)
            elif field == "date":
                ok = str(g) == str(p)
            else:
                ok = same(g, p)
            counts["header"].add_check(ok)
    if "legal_bases" in gold:
        g, p = gold["legal_bases"], pred.get("legal_bases") or []

        def basis_score(a, b):
            if a.get("number"):
                return float(canon_number(a["number"]) == canon_number(b.get("number")))
            return word_f1(a.get("text") or a.get("subject"), b.get("text") or b.get("subject"))

        pairs = pair_up(g, p, basis_score, 0.6)
        counts["legal_bases"].add_pairs(len(pairs), len(p), len(g))
        for gi, pi in pairs:
            if g[gi].get("date"):
                counts["legal_dates"].add_check(str(g[gi]["date"]) == str(p[pi].get("date")))
    if "sections" in gold:
        g_nodes = [n for n in _nodes(gold["sections"]) if n.get("style") != "bullet"]
        p_nodes = [n for n in _nodes(pred.get("sections")) if n.get("style") != "bullet"]
        g_paths, p_paths = {_path(n.get("path")) for n in g_nodes}, {_path(n.get("path")) for n in p_nodes}
        counts["sections"].add_pairs(len(g_paths & p_paths), len(p_paths), len(g_paths))
        by_path = {_path(n.get("path")): n for n in p_nodes}
        for node in gold["sections"]:
            hit = by_path.get(_path(node.get("path")), {})
            counts["section_titles"].add_check(same(node.get("title"), hit.get("title")))
            if node.get("kind"):
                counts["section_kinds"].add_check(node["kind"] == hit.get("kind"))
    if "targets" in gold:
        g, p = gold["targets"], pred.get("targets") or []

        def target_score(a, b):
            try:
                if abs(float(a["value"]) - float(b.get("value"))) > 1e-6:
                    return 0.0
            except (TypeError, ValueError):
                return 0.0
            return max(word_f1(a.get("indicator"), b.get("indicator")), 0.8 * word_f1(a.get("indicator"), b.get("text")))

        pairs = pair_up(g, p, target_score, 0.5)
        counts["targets"].add_pairs(len(pairs), len(p), len(g))
        for gi, pi in pairs:
            if g[gi].get("comparator"):
                counts["target_comparators"].add_check(g[gi]["comparator"] == p[pi].get("comparator"))
            if g[gi].get("year"):
                counts["target_years"].add_check(str(g[gi]["year"]) == str(p[pi].get("year")))
    if "assignments" in gold:
        g, p = gold["assignments"], pred.get("assignments") or []
        pairs = pair_up(g, p, lambda a, b: 1.0 if canon(a.get("agency")) == canon(b.get("agency"))
                        else word_f1(a.get("agency"), b.get("agency")), 0.8)
        counts["agencies"].add_pairs(len(pairs), len(p), len(g))
        task_hits = 0
        for gi, pi in pairs:
            if g[gi].get("role"):
                counts["agency_roles"].add_check(g[gi]["role"] == p[pi].get("role"))
            task_hits += len(pair_up(g[gi].get("tasks") or [], p[pi].get("tasks") or [], word_f1, 0.5))
        counts["tasks"].add_pairs(task_hits, sum(len(a.get("tasks") or []) for a in p),
                                  sum(len(a.get("tasks") or []) for a in g))
    if "signature" in gold:
        pred_sig = pred.get("signature") or {}
        gold_sig = gold["signature"] or {"authority": None, "position": None, "name": None}
        for field, g in gold_sig.items():
            p = pred_sig.get(field)
            counts["signature"].add_check(same(g, p) if g else p in (None, ""))
    if "recipients" in gold:
        g, p = gold["recipients"], pred.get("recipients") or []
        counts["recipients"].add_pairs(len(pair_up(g, p, word_f1, 0.8)), len(p), len(g))


@dataclass
class Report:
    totals: dict[str, float | None]
    overall: float
    per_document: dict[str, dict[str, float | None]]
    details: dict[str, str]
    missing: list[str]

    def to_dict(self) -> dict:
        return {**self.totals, "overall": self.overall, "documents": len(self.per_document),
                "missing_predictions": self.missing}

    def table(self) -> str:
        rows = [f"{'metric':<20} {'score':>6}  counts"]
        for name in METRICS:
            v = self.totals[name]
            rows.append(f"{name:<20} {'-' if v is None else f'{v:.3f}':>6}  {self.details[name]}")
        rows.append(f"{'overall':<20} {self.overall:.3f}  mean of the scored metrics over {len(self.per_document)} documents"
                    + (f"; no prediction for {len(self.missing)}: {', '.join(self.missing)}" if self.missing else ""))
        return "\n".join(rows)


def evaluate(gold_dir: str | Path, pred_dir: str | Path) -> Report:
    """Compare every GOLD_DIR/NAME.gold.json with PRED_DIR/NAME.json."""
    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    gold_files = sorted(gold_dir.glob("*.gold.json"))
    if not gold_files:
        raise FileNotFoundError(f"no *.gold.json in {gold_dir}")
    totals = {m: Count() for m in METRICS}
    per_document, missing = {}, []
    for gold_file in gold_files:
        name = gold_file.name[: -len(".gold.json")]
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        try:
            pred = json.loads((pred_dir / f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            missing.append(name)
            pred = {}
        mine = {m: Count() for m in METRICS}
        score_document(gold, pred, mine)
        score_document(gold, pred, totals)
        per_document[name] = {m: mine[m].value for m in METRICS}
    values = {m: totals[m].value for m in METRICS}
    scored = [v for v in values.values() if v is not None]
    return Report(values, sum(scored) / len(scored) if scored else 0.0, per_document,
                  {m: totals[m].detail() for m in METRICS}, missing)
