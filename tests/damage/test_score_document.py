"""One-pass document scoring: the same figures as scoring every sentence and the joined text separately."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dyadwatch.damage import damage, damage_score, score_document
from dyadwatch.damage.detect import WORD_RE, tally
from dyadwatch.damage.langdata import load_lang
from tests.damage.conftest import sentences


def _direct(texts: list[str], langs: list[str], lang: str) -> tuple[list[float], float]:
    """The two-pass way: each sentence scored alone, then the joined text scored again."""
    scores = [damage_score(t, own) for t, own in zip(texts, langs, strict=True)]
    letters = [sum(len(w) for w in WORD_RE.findall(t)) for t in texts]
    mean = sum(n * s for n, s in zip(letters, scores, strict=True)) / sum(letters) if sum(letters) else 0.0
    whole = damage_score("\n".join(texts), lang)
    return scores, round(max(mean, whole), 4)


def _docs() -> list[tuple[list[str], str]]:
    az, tr, en = sentences("az_heldout")[:40], sentences("tr_heldout")[:40], sentences("en_clean")[:20]
    docs = [(az[i : i + 5], "az") for i in range(0, 40, 5)] + [(tr[i : i + 5], "tr") for i in range(0, 40, 5)]
    docs += [([damage(s, "az", seed=i) for s in az[i : i + 4]], "az") for i in range(0, 40, 4)]
    docs += [([damage(s, "tr", seed=i) for s in tr[i : i + 4]], "tr") for i in range(0, 40, 4)]
    docs += [(["Bakı, 10 noyabr.", "123.", *az[:2], "Bax: https://azertag.az/x?y=1 və @mfa_az."], "az")]
    docs += [(["2024.", "Aliyev Bakıda.", "Ə", *az[2:4]], "az"), ([*en[:3], *az[:2]], "az"), (en[:5], "en")]
    return docs


def test_one_pass_equals_two_passes_on_clean_damaged_and_mixed_text() -> None:
    for texts, lang in _docs():
        langs = ["en" if any(text == e for e in sentences("en_clean")) else lang for text in texts]
        assert score_document(texts, langs, lang) == _direct(texts, langs, lang), texts


def test_tallies_add_up_to_the_joined_text() -> None:
    data = load_lang("az")
    texts = ["Əliyev Bakıda görüşüb.", "12.", "Aliyev Bakida gorusub v  d r.", "ABŞ-la 1991-ci il."]
    total = tally(texts[0], data)
    for text in texts[1:]:
        total.add(tally(text, data))
    assert total == tally("\n".join(texts), data)


WORDS = ["Əliyev", "Bakı", "ABŞ-la", "və", "v", "d", "görüşüb", "gorusub", "Trkiye", "1991-ci", "x", "'ın", "ə", "  "]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join), min_size=1, max_size=5))
def test_one_pass_equals_two_passes_on_random_sentences(texts: list[str]) -> None:
    for lang in ("az", "tr"):
        got = score_document(texts, [lang] * len(texts), lang)
        want = _direct(texts, [lang] * len(texts), lang)
        assert got == want
