"""Seed documents (read from ../shared/seeds): key events of seed 002, nothing from seed 000's damaged body."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dyadwatch.records import Document, content_id
from tests.eval.gold_run import extract

SEED_002_PUBLISHED = date(2023, 12, 13)


def _doc(path: Path, lang: str | None, published: date | None) -> Document:
    text = path.read_text(encoding="utf-8")
    return Document(id=path.stem, text=text, sha256=content_id(text), published=published, lang=lang)


@pytest.fixture(scope="module")
def seed002(request) -> tuple[str, list[dict]]:
    from tests.conftest import SEED_002

    if not SEED_002.is_file():
        pytest.skip("../shared/seeds is not present")
    from dyadwatch.actors import load_lexicon

    if not load_lexicon().by_kind("person"):
        pytest.skip("the actor lexicon has no people yet (Blinken, Aliyev, O'Brien ...)")
    doc = _doc(SEED_002, "tr", SEED_002_PUBLISHED)
    return doc.text, extract([doc])


def _find(events, event, src, tgt, day=None):
    out = [
        e
        for e in events
        if e["plover"]["event"] == event
        and e["source"]["country"] == src
        and e["target"]["country"] == tgt
        and (day is None or e["date"] == day)
    ]
    assert out, f"no {event} {src}->{tgt} {day}: " + str(
        [(e["plover"]["event"], e["source"]["country"], e["target"]["country"], e["date"]) for e in events]
    )
    return out[0]


def _evidence_ok(text: str, e: dict) -> None:
    s, t = e["sentence"], e["trigger"]
    assert s["start"] <= t["start"] < t["end"] <= s["end"]
    assert text[t["start"] : t["end"]] == t["text"]
    for side in ("source", "target"):
        a = e[side]
        assert text[a["start"] : a["end"]] == a["text"]
        assert s["start"] <= a["start"] < a["end"] <= s["end"]


@pytest.mark.parametrize(
    ("event", "src", "tgt", "day", "mode", "trigger_has", "source_has", "target_has"),
    [
        ("CONSULT", "USA", "AZE", "2023-11-27", "phone", "telefonda", "Blinken", "Aliyev"),
        ("SANCTION", "USA", "AZE", "2023-11-16", None, "yardım", "Senato", "Azerbaycan"),
        ("REJECT", "AZE", "USA", None, None, "katılmama", "Azerbaycan", "ABD"),
        ("CONSULT", "USA", "AZE", "2023-12-06", "visit", "ziyaret", "O'Brien", "Azerbaycan"),
        ("CONSULT", "ARM", "USA", "2023-12-05", None, "temas", "Grigoryan", "Washington"),
    ],
)
def test_seed_002_key_events(seed002, event, src, tgt, day, mode, trigger_has, source_has, target_has) -> None:
    text, events = seed002
    e = _find(events, event, src, tgt, day)
    if mode:
        assert e["plover"]["mode"] == mode
    assert trigger_has in e["trigger"]["text"]
    assert source_has in e["source"]["text"]
    assert target_has in e["target"]["text"]
    assert e["status"] == "occurred"
    _evidence_ok(text, e)


def test_seed_002_host_of_obrien_visit(seed002) -> None:
    _, events = seed002
    e = _find(events, "CONSULT", "AZE", "USA", "2023-12-06")
    assert "kabul" in e["trigger"]["text"] and "Aliyev" in e["source"]["text"]


def test_seed_002_no_event_from_references(seed002) -> None:
    text, events = seed002
    refs = text.index("[1] Siranush")
    assert all(e["sentence"]["start"] < refs for e in events)


def test_seed_000_damaged_body_gives_no_events() -> None:
    from tests.conftest import SEED_000

    if not SEED_000.is_file():
        pytest.skip("../shared/seeds is not present")
    doc = _doc(SEED_000, None, None)
    body = doc.text.index("Tarixi 19-cu")
    events = extract([doc])
    assert [e for e in events if e["sentence"]["start"] >= body] == []
