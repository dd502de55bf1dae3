"""Quality gate: the coder must not drop below the pinned per-language F1 in tests/golden/baseline.json, on the
development sets (docs.jsonl/gold.jsonl) and on every held-out set (heldout*_docs.jsonl/heldout*_gold.jsonl)."""

from __future__ import annotations

import json

import pytest

from dyadwatch.eval import evaluate, format_report, load_jsonl
from tests.eval.gold_run import GOLDEN, documents, extract

BASELINE = json.loads((GOLDEN / "baseline.json").read_text(encoding="utf-8"))
LANGS = sorted(k for k in BASELINE if not k.startswith("_"))


def _check(lang: str, docs_name: str, gold_name: str, pinned: dict) -> None:
    docs_path, gold_path = GOLDEN / lang / docs_name, GOLDEN / lang / gold_name
    if not docs_path.is_file() or not gold_path.is_file():
        pytest.skip(f"no {gold_name} for {lang}")
    report = evaluate(load_jsonl(gold_path), extract(documents(docs_path)))
    strict, lenient = report.strict.get(lang), report.lenient.get(lang)
    text = format_report(report)
    assert strict is not None and lenient is not None, text
    assert strict.f1 >= pinned["strict_f1"], text
    assert lenient.f1 >= pinned["lenient_f1"], text
    assert strict.precision >= pinned.get("strict_precision", 0.0), text


@pytest.mark.parametrize("lang", LANGS)
def test_gate(lang: str) -> None:
    _check(lang, "docs.jsonl", "gold.jsonl", BASELINE[lang])


HELDOUT = [
    pytest.param(lang, path.name.replace("_gold.jsonl", ""), id=f"{lang}-{path.name.replace('_gold.jsonl', '')}")
    for lang in LANGS
    if "heldout" in BASELINE[lang]
    for path in sorted((GOLDEN / lang).glob("heldout*_gold.jsonl"))
]


@pytest.mark.parametrize(("lang", "name"), HELDOUT)
def test_gate_heldout(lang: str, name: str) -> None:
    _check(lang, f"{name}_docs.jsonl", f"{name}_gold.jsonl", BASELINE[lang]["heldout"])
