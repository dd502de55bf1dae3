"""Every trigger pattern's examples (in data/lang/<lang>/triggers.yaml) run through the coder."""

from __future__ import annotations

import pytest

from dyadwatch.coder.resources import available_languages, load_language
from dyadwatch.coder.version import CODER_VERSION
from tests.coder.helpers import code_text, real_coder

CASES = [
    pytest.param(lang, p["id"], ex, id=f"{p['id']}#{i}")
    for lang in available_languages()
    for p in load_language(lang)["triggers"]["patterns"]
    for i, ex in enumerate(p["examples"])
]


@pytest.mark.parametrize(("lang", "rule", "example"), CASES)
def test_trigger_example(lang: str, rule: str, example: dict) -> None:
    coder = real_coder()
    mentions = code_text(coder, example["text"], lang, example.get("published", "2023-12-13"))
    expect = example.get("expect")
    if expect == "none":
        assert mentions == [], [(m.rule, m.event, m.source.country, m.target.country) for m in mentions]
        return
    mine = [m for m in mentions if m.rule == rule]
    assert mine, f"rule {rule} produced nothing; got {[(m.rule, m.event) for m in mentions]}"
    if not expect:
        return

    def ok(m) -> bool:
        got = {
            "event": m.event,
            "mode": m.mode,
            "source": m.source.country,
            "target": m.target.country,
            "status": m.status,
            "date": m.date.isoformat() if m.date else None,
        }
        return all(got[k] == v for k, v in expect.items())

    assert any(ok(m) for m in mine), [
        (m.event, m.mode, m.source.country, m.target.country, m.status, m.date) for m in mine
    ]
    assert all(m.coder_version == CODER_VERSION for m in mine)
