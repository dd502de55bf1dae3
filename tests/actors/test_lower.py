"""Language-aware lowercasing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dyadwatch.actors import lower


def test_turkish_dotted_and_dotless_i() -> None:
    assert lower("İSTANBUL", "tr") == "istanbul"
    assert lower("ISPARTA", "tr") == "ısparta"
    assert lower("İlham Əliyev", "az") == "ilham əliyev"
    assert lower("IRAK", "tr") == "ırak"


def test_other_languages_use_plain_i() -> None:
    assert lower("ISPARTA", "en") == "isparta"
    # "İ" has no combining dot in the result, whatever the language
    assert lower("İlham", "en") == "ilham"


def test_apostrophes_are_normalised() -> None:
    assert lower("O’Brien", "en") == "o'brien"
    assert lower("ABD’nin", "tr") == "abd'nin"


@given(st.text(), st.sampled_from(["en", "tr", "az", "de"]))
def test_length_is_preserved(text: str, lang: str) -> None:
    assert len(lower(text, lang)) == len(text)
