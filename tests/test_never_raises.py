"""No text input makes the parser raise: random, mutated and truncated plans (hypothesis)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach_parser import parse_text

from .conftest import CORPUS

SEED = (CORPUS / "002_b0d7774b2876f887.txt").read_text(encoding="utf-8")
PIECES = SEED.splitlines()
VIET = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Z", "S"))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=VIET, max_size=2000))
def test_random_text(text):
    plan = parse_text(text)
    assert not [w for w in plan.warnings if w.startswith("W010")], plan.warnings


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=80), st.text(alphabet=VIET, max_size=50), st.integers(0, 79))
def test_mutated_plans(lines, noise, where):
    lines = list(lines)
    lines.insert(min(where, len(lines)), noise)
    plan = parse_text("\n".join(lines))
    assert not [w for w in plan.warnings if w.startswith("W010")], plan.warnings
    plan.to_json()
