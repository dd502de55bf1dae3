"""Quality gate: the coder must not drop below the pinned per-language F1 in tests/golden/baseline.json."""

from __future__ import annotations

import json

import pytest

from dyadwatch.eval import evaluate, format_report, load_jsonl
from tests.eval.gold_run import GOLDEN, documents, extract

BASELINE = json.loads((GOLDEN / "baseline.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", sorted(k for k in BASELINE if not k.startswith("_")))
def test_gate(lang: str) -> None:
    docs_path, gold_path = GOLDEN / lang / "docs.jsonl", GOLDEN / lang / "gold.jsonl"
    if not docs_path.is_file() or not gold_path.is_file():
        pytest.skip(f"no gold data for {lang}")
    gold = load_jsonl(gold_path)
    predicted = extract(documents(docs_path))
    report = evaluate(gold, predicted)
    pinned = BASELINE[lang]
    strict, lenient = report.strict.get(lang), report.lenient.get(lang)
    assert strict is not None and lenient is not None, format_report(report)
    text = format_report(report)
    assert strict.f1 >= pinned["strict_f1"], text
    assert lenient.f1 >= pinned["lenient_f1"], text
    assert strict.precision >= pinned.get("strict_precision", 0.0), text
