"""Detection of damaged text: sentence and document scores."""

from __future__ import annotations

import pytest

from dyadwatch.damage import damage, damage_score, document_damage, is_damaged
from dyadwatch.damage.evaluate import detection_eval
from tests.damage.conftest import seed_file, sentences


@pytest.mark.parametrize("lang", ["az", "tr"])
def test_detection_on_heldout(lang: str, heldout: dict[str, list[str]]) -> None:
    """Regression gate: precision and recall of at least 0.9 on held-out clean vs damaged sentences."""
    result = detection_eval(heldout[lang], lang, seed=7)
    assert result.precision >= 0.9, result
    assert result.recall >= 0.9, result
    assert result.tp + result.fn >= 100


def test_scores_are_bounded() -> None:
    for text in ["", "   ", "123 456", "a", "Az rbaycan", "v  d  r  l r " * 20]:
        for lang in ("az", "tr", "en"):
            assert 0.0 <= damage_score(text, lang) <= 1.0


def test_clean_english_not_flagged() -> None:
    for sentence in sentences("en_clean"):
        assert not is_damaged(sentence, "en"), sentence
        assert damage_score(sentence, "en") < 0.3


def test_clean_turkish_not_flagged() -> None:
    clean = sentences("tr_heldout") + sentences("tr_train")
    flagged = [s for s in clean if is_damaged(s, "tr")]
    assert len(flagged) <= len(clean) // 50, flagged


def test_clean_turkish_seed_not_flagged() -> None:
    text = seed_file("002").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if len(p) > 200]
    assert paragraphs
    assert document_damage(paragraphs, "tr") < 0.5
    assert sum(is_damaged(p, "tr") for p in paragraphs) <= len(paragraphs) // 5


def test_damaged_examples_flagged() -> None:
    assert is_damaged("ikit r fli laq l r v  m kdaliq genil nir", "az")
    text = "Trkiye ile Azerbaycan arasndaki ilikiler son yllarda stratejik mttefiklik dzeyine ykselmitir."
    assert is_damaged(text, "tr")
    assert not is_damaged(text.replace("Trkiye", "Türkiye"), "tr", threshold=1.0)


def test_long_az_text_without_schwa_is_damaged() -> None:
    clean = " ".join(sentences("az_heldout")[:5])
    assert not is_damaged(clean, "az")
    assert is_damaged(damage(clean, "az", seed=1, space_prob=0.0), "az")


def test_threshold_parameter() -> None:
    broken = damage(sentences("az_heldout")[0], "az", seed=0)
    score = damage_score(broken, "az")
    assert is_damaged(broken, "az", threshold=score)
    assert not is_damaged(broken, "az", threshold=min(1.0, score + 0.01)) or score >= 0.99


def test_document_damage() -> None:
    clean = sentences("az_heldout")[:20]
    broken = [damage(s, "az", seed=i) for i, s in enumerate(clean)]
    assert document_damage(clean, "az") < 0.5
    assert document_damage(broken, "az") > 0.8
    half = clean[:10] + broken[10:]
    assert document_damage(clean, "az") < document_damage(half, "az") <= document_damage(broken, "az") + 1e-9
    assert document_damage([], "az") == 0.0


def test_unknown_language_scores_zero() -> None:
    assert damage_score("Az rbaycan", "xx") == 0.0
    assert not is_damaged("Az rbaycan", "xx")


def test_seed_000_flagged_damaged() -> None:
    text = seed_file("000").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    assert document_damage(lines, "az") >= 0.5
    assert is_damaged(text, "az")
    body = text[text.index("Tarixi") :]
    assert damage_score(body, "az") > 0.8


def test_real_clean_sentences_score_clearly_below_threshold(real_clean: list[tuple[str, str]]) -> None:
    """Real clean az/tr text (example corpus, gold documents, seed 002) is never flagged, with a margin; the same
    sentences damaged are flagged."""
    from dyadwatch.damage.evaluate import real_detection_eval

    assert len(real_clean) >= 400
    result, top = real_detection_eval(real_clean, seed=3)
    assert result.fp == 0, result
    assert top < 0.4, top
    assert result.recall >= 0.95, result
    assert result.tp + result.fn >= 300


def test_urls_names_and_suffixes_are_not_damage() -> None:
    assert damage_score("https://www.facebook.com/avrasyaincelemelerimerkezi", "tr") == 0.0
    assert damage_score("E-Posta: info@avim.org.tr @avimorgtr", "tr") < 0.2
    assert damage_score("Bakı, 18 mart (Qafqaz Press).", "az") < 0.4
    assert damage_score("Bəyanat noyabrın 10-u Moskva vaxtı ilə saat 00:00-dan qüvvəyə minib.", "az") < 0.4


def test_turkish_text_identified_as_azerbaijani_is_not_damaged() -> None:
    """The confusable-language recheck: Turkish lacks ə, which alone would look like damage in Azerbaijani."""
    text = (
        "Anlaşmaya Cumhurbaşkanı Süleyman Demirel, Azerbaycan Cumhurbaşkanı Haydar Aliyev ve Gürcistan "
        "Cumhurbaşkanı Eduard Şevardnadze imza koydu."
    )
    assert damage_score(text, "az") < 0.3
    assert is_damaged(damage(text, "tr", seed=1), "az")  # damaged text keeps no lost letter: never rechecked


def test_detection_cost_is_cached_per_word() -> None:
    """Word verdicts are cached: scoring the same words again does not consult the letter model."""
    from dyadwatch.damage.detect import _words
    from dyadwatch.damage.langdata import load_lang

    text = "Prezident İlham Əliyev İsrail Prezidentini Zuğulba rezidensiyasında qəbul edib."
    damage_score(text, "az")
    cache = _words(load_lang("az")).cache
    size = len(cache)
    damage_score(text, "az")
    assert len(cache) == size and "Zuğulba" in cache
