"""Source spans and the spaCy component: every item's span holds the item's key words, in the text the
parser read, for texts and for the PDF and DOCX renderings; the spaCy spans agree with the parser's items."""
from __future__ import annotations

from pathlib import Path

import pytest

from kehoach_parser import parse_file
from kehoach_parser.readers import read_path
from kehoach_parser.spans import source_text
from kehoach_parser.vocab import fold

from .conftest import CORPUS, SHARED_DEV


def _documents() -> list[Path]:
    docs = sorted(CORPUS.glob("*.txt"))
    if SHARED_DEV.is_dir():
        docs += [p for p in sorted(SHARED_DEV.glob("*")) if p.suffix in (".md", ".txt") and p.name != "RENDERS.md"]
        docs += sorted((SHARED_DEV / "pdf").glob("*.pdf")) + sorted((SHARED_DEV / "docx").glob("*.docx"))
    return docs


def _value_forms(value: float) -> list[str]:
    whole = f"{value:g}"
    return [whole, whole.replace(".", ","), f"{int(value):,}".replace(",", ".") if value == int(value) else whole]


@pytest.mark.parametrize("path", _documents(), ids=lambda p: f"{p.parent.name}/{p.name[:24]}")
def test_every_span_holds_its_item(path):
    plan = parse_file(path)
    text = read_path(path).text
    for target in plan.targets:
        held = source_text(text, target.span)
        assert any(form in held for form in _value_forms(target.value)), (target.value, held[:120])
        assert target.span.end - target.span.start <= len(target.text or "") * 2 + 40  # the target's words, not its page
    for basis in plan.legal_bases:
        held = source_text(text, basis.span)
        if basis.number:
            assert basis.number.split("/")[0] in held, (basis.number, held[:120])
    for assignment in plan.assignments:
        for task, span in zip(assignment.tasks, assignment.task_spans or []):
            if span is not None:
                assert fold(task.split()[0]) in fold(source_text(text, span)), (task[:60], source_text(text, span)[:80])
        held = fold(source_text(text, assignment.span))
        head = " ".join(fold(assignment.agency).split()[:2])
        assert head.split()[0] in held and head.split()[-1] in held, (assignment.agency, held[:120])
    for field, span in (plan.header.spans or {}).items():
        value = getattr(plan.header, field)
        held = fold(source_text(text, span))
        if field == "date":
            assert value[:4] in held
        else:
            assert fold(value).split()[0] in held, (field, value, held[:80])
    for section in plan.sections:
        assert fold(section.title.split()[0] if section.title else "") in fold(source_text(text, section.span))


def test_spacy_component_puts_the_items_on_the_doc():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("xx")
    nlp.add_pipe("kehoach_plan")  # registered through the spacy_factories entry point
    for path in sorted(CORPUS.glob("*.txt")):
        text = read_path(path).text
        doc = nlp(text)
        plan = doc._.plan
        assert plan.header == parse_file(path).header
        spans = doc.spans["kehoach"]
        targets = [s for s in spans if s.label_ == "TARGET"]
        for target in (t for t in plan.targets if t.span):
            holding = [s for s in targets if s.start_char <= target.span.start and target.span.end <= s.end_char]
            assert holding and any(form in holding[0].text for form in _value_forms(target.value))
        agencies = {" ".join(fold(s.text).split()) for s in spans if s.label_ == "AGENCY"}  # wrapped lines
        assert agencies <= {fold(a.agency) for a in plan.assignments}
        refs = [s.text for s in spans if s.label_ == "LEGAL_REF"]
        assert all(any(b.number and b.number in r for b in plan.legal_bases) for r in refs)
        assert all(e.label_ in ("AGENCY", "LEGAL_REF", "DATE") for e in doc.ents)
