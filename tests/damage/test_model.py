"""Letter and word models: the word-boundary model against a plain re-statement of its definition."""

from __future__ import annotations

import math
from collections import Counter

from dyadwatch.damage.langdata import load_lang
from dyadwatch.damage.model import END_ORDER, START_K, START_ORDER, LangModel, _boundary_model, load_model


def _reference(model: LangModel, counts: Counter[str]) -> tuple[dict[str, float], dict[str, float]]:
    """Word-start and word-end probabilities, position by position as the model docstring defines them."""
    prefixes: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    ends: Counter[str] = Counter()
    for word, n in counts.items():
        weight = n + 1.0
        prefixes["^"] += weight
        for k in range(1, min(len(word), START_ORDER) + 1):
            prefixes["^" + word[:k]] += weight
        for i in range(1, len(word) + 1):
            for k in range(1, min(i, END_ORDER) + 1):
                tail = "^" + word[:i] if k == i and i < END_ORDER else word[:i][-k:]
                seen[tail] += weight
                if i == len(word):
                    ends[tail] += weight
    start = {}
    for key, n in prefixes.items():
        if len(key) >= 2:
            context, ch = key[1:-1], key[-1]
            prior = 10 ** model.cond(context, ch)
            start[key] = math.log10((n + START_K * prior) / (prefixes["^" + context] + START_K))
    end = {tail: math.log10((ends[tail] + 0.3) / (n + 1.0)) for tail, n in seen.items()}
    return start, end


def test_boundary_model_matches_its_definition() -> None:
    base = load_model("az")
    counts = Counter({"a": 3, "və": 100, "bu": 7, "bir": 40, "görüşüb": 12, "azərbaycan": 55, "ab": 0, "abc": 2})
    model = LangModel(data=load_lang("az"), ngrams=base.ngrams, words={}, caps={})
    _boundary_model(model, counts)
    assert (model.start, model.end) == _reference(model, counts)
    # "^a": words starting with "a" weigh 4 + 1 + 3 + 56 (count + 1 each); only "a" (4) ends there
    assert model.end["^a"] == math.log10((4 + 0.3) / (4 + 1 + 3 + 56 + 1.0))


def test_shipped_models_have_boundaries() -> None:
    for lang in ("az", "tr"):
        model = load_model(lang)
        assert len(model.start) > 100 and len(model.end) > 1000
