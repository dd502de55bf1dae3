"""Tokenisation, case morphology and date resolution."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dyadwatch.coder.dates import DateResolver
from dyadwatch.coder.morph import Morphology
from dyadwatch.coder.resources import load_language
from dyadwatch.coder.text import lower, tokenize


@given(st.text(max_size=60), st.sampled_from(["en", "tr", "az"]))
def test_lower_keeps_length_and_tokens_point_into_text(text: str, lang: str) -> None:
    low = lower(text, lang)
    assert len(low) == len(text)
    for t in tokenize(low):
        assert low[t.start : t.end] == t.text


def test_tokenize_hyphen_suffix() -> None:
    m = Morphology(load_language("az")["morphology"])
    toks = [t.text for t in tokenize(lower("ABŞ-la Azərbaycan-Türkiyə", "az"), m.hyphen_suffixes)]
    assert toks == ["abş-la", "azərbaycan", "türkiyə"]


@pytest.mark.parametrize(
    ("lang", "word", "base", "case"),
    [
        ("tr", "azerbaycan'a", "azerbaycan", "dat"),
        ("tr", "abd'nin", "abd", "gen"),
        ("tr", "aliyev'le", "aliyev", "com"),
        ("tr", "bakü'yü", "bakü", "acc"),
        ("tr", "washington'da", "washington", "loc"),
        ("tr", "azerbaycana", "azerbaycan", "dat"),
        ("az", "azərbaycanın", "azərbaycan", "gen"),
        ("az", "abş-la", "abş", "com"),
        ("en", "azerbaijan's", "azerbaijan", "gen"),
    ],
)
def test_case_analysis(lang: str, word: str, base: str, case: str) -> None:
    m = Morphology(load_language(lang)["morphology"], frozenset({"azerbaycan", "azərbaycan"}))
    assert (base, case) in m.analyse(word)


def test_fused_suffix_needs_known_base() -> None:
    m = Morphology(load_language("tr")["morphology"], frozenset())
    assert m.analyse("kitaba") == (("kitaba", "nom"),)


def _examples():
    for lang in ("en", "tr", "az"):
        for e in load_language(lang)["dates"]["expressions"]:
            for ex in e.get("examples", []):
                yield pytest.param(lang, *ex, id=f"{e['id']}:{ex[0]}")


@pytest.mark.parametrize(("lang", "text", "published", "expected", "precision"), list(_examples()))
def test_date_examples(lang: str, text: str, published: str, expected: str, precision: str) -> None:
    r = DateResolver(load_language(lang)["dates"])
    found = r.find(lower(text, lang), date.fromisoformat(published), None)
    assert found, text
    assert (found[0].date.isoformat(), found[0].precision) == (expected, precision)


def test_date_next_day_uses_context() -> None:
    r = DateResolver(load_language("tr")["dates"])
    found = r.find(lower("Ertesi gün açıklama yaptı", "tr"), date(2023, 12, 13), date(2023, 11, 27))
    assert found[0].date == date(2023, 11, 28)


def test_day_month_after_publication_is_last_year() -> None:
    r = DateResolver(load_language("tr")["dates"])
    found = r.find(lower("27 Aralık'ta", "tr"), date(2023, 3, 1), None)
    assert found[0].date == date(2022, 12, 27)


def test_continuation_marker() -> None:
    r = DateResolver(load_language("tr")["dates"])
    assert r.continues(lower("Görüşmede Blinken, talepte bulundu.", "tr"))
    assert not r.continues(lower("Blinken talepte bulundu.", "tr"))
