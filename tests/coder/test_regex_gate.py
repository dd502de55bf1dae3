"""Regex gates: strings every match must contain; a gate must never hide a match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyadwatch.coder.coder import Coder
from dyadwatch.coder.regex_gate import gate, required_strings


@pytest.mark.parametrize(
    ("pattern", "want"),
    [
        (r"\byesterday\b", {"yesterday"}),
        (r"\b(?:last|past)\s+week\b", {"week"}),
        (r"\b(?P<m>jan|feb|march)\s+(?P<d>[0-3]?\d)", {"jan", "feb", "march"}),
        (r"(?:19|20)\d\d", {"19", "20"}),
        (r"x[ab]y|zz", {"x", "zz"}),
        (r"[0-3]\d", {"0", "1", "2", "3"}),
        (r"(?:ab)+c", {"ab"}),
    ],
)
def test_required_strings(pattern: str, want: set[str]) -> None:
    assert required_strings(re.compile(pattern)) == want


@pytest.mark.parametrize(
    "pattern",
    [r"\d+", r"\w+", r"(?:a|)b?", r"(?i)monday", r"(?i:monday)", r"[^abc]", r"(?:ab)*", r"a?", r".+"],
)
def test_unknown_requirements_give_no_gate(pattern: str) -> None:
    rx = re.compile(pattern)
    assert required_strings(rx) is None
    assert gate(rx)("")


def _date_patterns() -> list[re.Pattern[str]]:
    coder = Coder()
    return [e.regex for lang in coder.langs.values() for e in lang.dates.exprs]


PATTERNS = _date_patterns()
WORDS = [
    "on", "the", "last", "week", "monday", "12", "2024", "may", "mayıs", "dün", "ötən", "il", "ildə", "5-də",
    "ci", "-ci", "aprelin", "year", "ago", "days", "3", "of", "in", "during", "həftə", "geçen", "ayın", " ", ",",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=10).map(" ".join), st.sampled_from(PATTERNS))
def test_gate_never_hides_a_match_of_a_date_expression(text: str, rx: re.Pattern[str]) -> None:
    if rx.search(text):
        assert gate(rx)(text), (rx.pattern, text)


def test_date_expressions_are_gated() -> None:
    """Most date expressions get a gate (a regression in the analysis would silently slow dates down)."""
    gated = [rx for rx in PATTERNS if required_strings(rx)]
    assert len(gated) >= 0.9 * len(PATTERNS)


def test_gated_date_finding_equals_ungated_on_the_gold_documents() -> None:
    import dataclasses
    import json
    from datetime import date
    from pathlib import Path

    from dyadwatch.coder.text import lower
    from dyadwatch.text.segment import segment

    root = Path(__file__).resolve().parents[2]
    coder = Coder()
    checked = 0
    for lang, L in coder.langs.items():
        R = L.dates
        ungated = [dataclasses.replace(e, gate=-1) for e in R._order]
        for path in sorted((root / "tests" / "golden" / lang).glob("*docs*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                text = json.loads(line)["text"]
                for s, e in segment(text, lang):
                    low = lower(text[s:e], lang)
                    got = R.find(low, date(2024, 5, 17), None)
                    gated, R._order = R._order, ungated
                    try:
                        want = R.find(low, date(2024, 5, 17), None)
                    finally:
                        R._order = gated
                    assert got == want, low
                    checked += 1
    assert checked > 600
