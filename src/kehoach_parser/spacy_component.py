"""A spaCy pipeline component: the plan parser on ``doc.text``, its items as spans.

    import spacy
    nlp = spacy.blank("xx")            # or spacy.blank("vi") with pyvi installed
    nlp.add_pipe("kehoach_plan")       # found through the spacy_factories entry point
    doc = nlp(text)
    doc._.plan                         # the PlanDocument
    doc.spans["kehoach"]               # TARGET, LEGAL_REF, AGENCY, DATE spans
    doc.ents                           # the same, without overlaps (longest first)

Offsets come from the parser (the text it read is ``doc.text``): a target's own words, a citation, and an
agency's name found inside its assignment; dates are read with the parser's date patterns. Spans are
expanded to token boundaries, so any tokenizer works; ``blank("xx")`` needs nothing more.
"""
from __future__ import annotations

from .errors import require

require("spacy", "spacy", "the spaCy component (kehoach_plan)")
from spacy.language import Language  # noqa: E402 - checked just above
from spacy.tokens import Doc
from spacy.util import filter_spans

from . import patterns as P
from .api import parse_text
from .spans import find_in

if not Doc.has_extension("plan"):
    Doc.set_extension("plan", default=None)


class PlanComponent:
    def __init__(self, spans_key: str = "kehoach", set_ents: bool = True) -> None:
        self.spans_key = spans_key
        self.set_ents = set_ents

    def __call__(self, doc: Doc) -> Doc:
        plan = parse_text(doc.text)
        doc._.plan = plan
        found: list[tuple[int, int, str]] = []
        for target in plan.targets:
            if target.span:
                found.append((target.span.start, target.span.end, "TARGET"))
        for basis in plan.legal_bases:
            if basis.span:
                found.append((basis.span.start, basis.span.end, "LEGAL_REF"))
        for assignment in plan.assignments:
            if assignment.span and assignment.agency:
                where = find_in(doc.text, assignment.agency, assignment.span.start, assignment.span.end)
                if where:
                    found.append((*where, "AGENCY"))
        for pattern in (P.DATE_LONG, P.DATE_SHORT):
            for m in pattern.finditer(doc.text):
                found.append((m.start(), m.end(), "DATE"))
        spans = []
        seen = set()
        for start, end, label in sorted(found):
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None and (span.start, span.end, label) not in seen:
                seen.add((span.start, span.end, label))
                spans.append(span)
        doc.spans[self.spans_key] = spans
        if self.set_ents:
            doc.ents = filter_spans([s for s in spans if s.label_ != "TARGET"])
        return doc


@Language.factory("kehoach_plan", default_config={"spans_key": "kehoach", "set_ents": True})
def make_plan_component(nlp: Language, name: str, spans_key: str, set_ents: bool) -> PlanComponent:
    return PlanComponent(spans_key=spans_key, set_ents=set_ents)
