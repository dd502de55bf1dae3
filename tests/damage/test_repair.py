"""Repair of damaged text: examples, accuracy gate, offset map."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyadwatch.damage import Repair, damage, repair
from dyadwatch.damage.evaluate import repair_eval
from tests.damage.conftest import seed_file

# Pinned a little below the measured held-out word accuracy (az 0.904, tr 0.913 with seed 0).
BASELINE = {"az": 0.86, "tr": 0.87}


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("Az rbaycan", "Azərbaycan"),
        ("ikit r fli", "ikitərəfli"),
        ("Bu laq l r", "Bu əlaqələr"),
        ("ikit r fli laq l r", "ikitərəfli əlaqələr"),
        ("Azrbaycan Respublikas", "Azərbaycan Respublikası"),
        ("v  n qliyyat sah l rind", "və nəqliyyat sahələrində"),
    ],
)
def test_az_examples(damaged: str, expected: str) -> None:
    assert repair(damaged, "az").text == expected


def test_leading_lost_letter_restored() -> None:
    # A letter lost at the very start: restored, and capitalised there because a text start is taken
    # for a sentence start (the pipeline repairs sentence by sentence).
    assert repair("laq l r", "az").text == "Əlaqələr"
    assert repair("iki laq l r", "az").text == "iki əlaqələr"


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("Trkiye ile Azerbaycan", "Türkiye ile Azerbaycan"),
        ("ikili ilikiler", "ikili ilişkiler"),
        ("Trkiye Byk Millet Meclisi", "Türkiye Büyük Millet Meclisi"),
        ("Dileri Bakan Ankarada grt.", "Dışişleri Bakanı Ankarada görüştü."),
    ],
)
def test_tr_examples(damaged: str, expected: str) -> None:
    assert repair(damaged, "tr").text == expected


@pytest.mark.parametrize("lang", ["az", "tr"])
def test_repair_accuracy_heldout(lang: str, heldout: dict[str, list[str]]) -> None:
    """Word accuracy on held-out damaged sentences stays at or above the pinned baseline."""
    result = repair_eval(heldout[lang], lang, seed=0, check_clean=False)
    assert result.accuracy >= BASELINE[lang], result
    assert result.accuracy > result.baseline + 0.3


def test_changes_describe_the_repair() -> None:
    original = "Tarixi 19-cu il, Az rbaycan v  ABŞ aras nda laq l r."
    rep = repair(original, "az")
    assert isinstance(rep, Repair)
    assert rep.original == original
    rebuilt, last = [], 0
    for change in rep.changes:
        assert 0 <= change.start <= change.end <= len(original)
        assert 0.0 <= change.confidence <= 1.0
        assert rep.text[change.rstart : change.rend] == change.replacement
        rebuilt.append(original[last : change.start] + change.replacement)
        last = change.end
    rebuilt.append(original[last:])
    assert "".join(rebuilt) == rep.text
    assert "Azərbaycan" in rep.text and "əlaqələr" in rep.text


def test_english_and_clean_text_unchanged() -> None:
    text = "The foreign ministers met in Brussels on 3 May."
    assert repair(text, "en").text == text
    clean = "Türkiye ile Azerbaycan arasındaki ilişkiler gelişiyor."
    assert repair(clean, "tr").text == clean


def _check_offsets(rep: Repair) -> None:
    n, m = len(rep.original), len(rep.text)
    assert rep.to_repaired(0) == 0 and rep.to_repaired(n) == m
    assert rep.to_original(0) == 0 and rep.to_original(m) == n
    previous = 0
    for i in range(n + 1):
        j = rep.to_repaired(i)
        assert previous <= j <= m
        previous = j
        assert rep.to_original(j) == i  # every original offset survives the round trip
    previous = 0
    for j in range(m + 1):
        i = rep.to_original(j)
        assert previous <= i <= n
        previous = i
    for i, ch in enumerate(rep.original):
        # the repaired characters that belong to original character i: its image plus restored letters
        piece = rep.text[rep.to_repaired(i) : rep.to_repaired(i + 1)]
        assert piece
        if ch in " \t":
            assert piece.strip() == "" or "ə" in piece.lower()
        else:
            assert ch in piece or ch.lower() in piece.lower() or ch.upper() in piece


@pytest.mark.parametrize("lang", ["az", "tr"])
def test_offsets_on_examples(lang: str, heldout: dict[str, list[str]]) -> None:
    for k, clean in enumerate(heldout[lang][:10]):
        _check_offsets(repair(damage(clean, lang, seed=k), lang))
    with pytest.raises(IndexError):
        repair("Az rbaycan", "az").to_repaired(99)


TEXT = st.text(alphabet=st.sampled_from(list("abdeklmnrstuyzAKT .,-'\n1ıəşçğöü")), max_size=60)


@settings(max_examples=60, deadline=None)
@given(text=TEXT, lang=st.sampled_from(["az", "tr"]))
def test_offset_round_trip_property(text: str, lang: str) -> None:
    _check_offsets(repair(text, lang))


def test_seed_000_repairs_known_words() -> None:
    text = seed_file("000").read_text(encoding="utf-8")
    body = text[text.index("Tarixi") :]
    rep = repair(body, "az")
    _check_offsets(rep)
    for word in ("ikitərəfli", "əlaqələr", "Azərbaycan", "siyasəti", "nəticəsində"):
        assert word in rep.text, word
    assert rep.text.count("Azərbaycan") >= 5
