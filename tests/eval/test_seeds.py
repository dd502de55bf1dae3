"""Seed documents (read from ../shared/seeds): the key events of seed 002 with their dates, actors and evidence,
and nothing from seed 000 (its English abstract states no event, its Azerbaijani body is damaged)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dyadwatch.coder import CODER_VERSION
from dyadwatch.eval import evaluate, load_jsonl
from dyadwatch.records import Document, content_id
from tests.eval.gold_run import GOLDEN, extract

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
        and (day is None or (e["date"] or "").startswith(day))
    ]
    assert out, f"no {event} {src}->{tgt} {day}: " + str(
        [(e["plover"]["event"], e["source"]["country"], e["target"]["country"], e["date"]) for e in events]
    )
    return out[0]


def _evidence_ok(text: str, e: dict) -> str:
    """Offsets of the sentence, trigger and both actors point into the document; returns the sentence text."""
    s, t = e["sentence"], e["trigger"]
    assert s["start"] <= t["start"] < t["end"] <= s["end"]
    assert text[t["start"] : t["end"]] == t["text"]
    for side in ("source", "target"):
        a = e[side]
        assert text[a["start"] : a["end"]] == a["text"]
        assert s["start"] <= a["start"] < a["end"] <= s["end"]
    assert e["rule"] and e["coder_version"] == CODER_VERSION
    return text[s["start"] : s["end"]]


@pytest.mark.parametrize(
    ("event", "src", "tgt", "day", "precision", "mode", "trigger_has", "source_has", "target_has"),
    [
        # the 27 Nov Blinken-Aliyev call
        ("CONSULT", "USA", "AZE", "2023-11-27", "day", "phone", "telefonda", "Blinken", "Aliyev"),
        # the 16 Nov Senate decision to cut military aid
        ("SANCTION", "USA", "AZE", "2023-11-16", "day", "discontinue", "yardım", "Senato", "Azerbaycan"),
        # Azerbaijan's refusal to attend the meeting (November; the text dates it by the clause chain only)
        ("REJECT", "AZE", "USA", "2023-11", None, None, "katılmama", "Azerbaycan", "ABD"),
        # O'Brien's 6 Dec visit to Baku (his meeting with Bayramov has the same key and is merged into it)
        ("CONSULT", "USA", "AZE", "2023-12-06", "day", "visit", "ziyaret", "O'Brien", "Azerbaycan"),
        # Grigoryan's 5 Dec contacts in Washington
        ("CONSULT", "ARM", "USA", "2023-12-05", "day", "visit", "temas", "Grigoryan", "Washington"),
    ],
)
def test_seed_002_key_events(
    seed002, event, src, tgt, day, precision, mode, trigger_has, source_has, target_has
) -> None:
    text, events = seed002
    e = _find(events, event, src, tgt, day)
    if mode:
        assert e["plover"]["mode"] == mode
    if precision:
        assert e["date_precision"] == precision
    assert trigger_has in e["trigger"]["text"]
    assert source_has in e["source"]["text"]
    assert target_has in e["target"]["text"]
    assert e["status"] == "occurred"
    _evidence_ok(text, e)


def test_seed_002_obrien_visit_includes_the_bayramov_meeting(seed002) -> None:
    text, events = seed002
    visit = _find(events, "CONSULT", "USA", "AZE", "2023-12-06")
    sentence = _evidence_ok(text, visit)
    assert "Bayramov ile görüşmüştür" in sentence
    # one event for the visit and the meeting (same source, target, type and date)
    same = [
        e
        for e in events
        if (e["plover"]["event"], e["source"]["country"], e["target"]["country"], e["date"])
        == ("CONSULT", "USA", "AZE", "2023-12-06")
    ]
    assert len(same) == 1


def test_seed_002_host_of_obrien_visit(seed002) -> None:
    text, events = seed002
    e = _find(events, "CONSULT", "AZE", "USA", "2023-12-06")
    assert "kabul" in e["trigger"]["text"] and "Aliyev" in e["source"]["text"] and "O'Brien" in e["target"]["text"]
    _evidence_ok(text, e)


def test_seed_002_roles_of_actors(seed002) -> None:
    _, events = seed002
    call = _find(events, "CONSULT", "USA", "AZE", "2023-11-27")
    assert (call["source"]["role"], call["target"]["role"]) == ("foreign_minister", "head_of_state")
    senate = _find(events, "SANCTION", "USA", "AZE", "2023-11-16")
    assert senate["source"]["role"] == "legislature"


def test_seed_002_against_its_gold(seed002) -> None:
    from tests.conftest import SEED_002

    _, events = seed002
    gold = [g for g in load_jsonl(GOLDEN / "seeds" / "gold.jsonl") if g["doc_id"] == SEED_002.stem]
    report = evaluate(gold, events)
    strict = report.strict["tr"]
    assert strict.precision >= 0.85 and strict.recall >= 0.6, report.errors


def test_seed_002_no_event_from_references(seed002) -> None:
    text, events = seed002
    refs = text.index("[1] Siranush")
    assert all(e["sentence"]["start"] < refs for e in events)


def test_seed_000_gives_no_events() -> None:
    """The English abstract states no event (tests/golden/seeds/README_000.md) and the damaged Azerbaijani
    body must not produce garbage events."""
    from tests.conftest import SEED_000

    if not SEED_000.is_file():
        pytest.skip("../shared/seeds is not present")
    doc = _doc(SEED_000, None, None)
    body = doc.text.index("Tarixi 19-cu")
    events = extract([doc])
    assert [e for e in events if e["sentence"]["start"] >= body] == []
    assert events == []
    assert load_jsonl(GOLDEN / "seeds" / "gold_000.jsonl") == []
