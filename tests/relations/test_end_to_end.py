"""Real text through the real pipeline: one happening reported in three languages becomes one event.

``data/same_happenings.jsonl`` (written for the project) reports two happenings — Blinken's phone call to Aliyev on
27 November 2023 and O'Brien's visit to Baku on 6 December 2023 — once each in English, Turkish and Azerbaijani, plus
a distractor on the same day as the call (Erdoğan hosting Garibashvili). Each document group is about exactly one
happening per dyad, so a mention's happening is known from its document group and dyad.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sqlalchemy import select

from dyadwatch.service import ingest
from dyadwatch.settings import Settings
from dyadwatch.store import Store
from dyadwatch.store.schema import events, mentions

DATA = Path(__file__).parent / "data" / "same_happenings.jsonl"
HAPPENINGS = {
    ("1", frozenset({"USA", "AZE"})): "Blinken–Aliyev call",
    ("2", frozenset({"USA", "AZE"})): "O'Brien visit to Baku",
    ("1", frozenset({"TUR", "GEO"})): "Erdoğan hosts Garibashvili",
}


def test_one_event_per_real_happening_across_languages(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'e2e.sqlite'}"
    summary = ingest([str(DATA)], Settings(db=db))
    assert summary.documents == 6 and not summary.failures
    with Store(db) as store, store.engine.connect() as conn:
        rows = conn.execute(select(mentions.c.doc_id, mentions.c.source_country, mentions.c.target_country,
                                   mentions.c.lang, mentions.c.event_id)).all()  # fmt: skip
        n_events = conn.execute(select(events.c.id)).all()
    by_happening: dict[str, set[str]] = defaultdict(set)
    langs: dict[str, set[str]] = defaultdict(set)
    for doc_id, src, tgt, lang, event_id in rows:
        key = (doc_id.rsplit("-", 1)[1], frozenset({src, tgt}))
        assert key in HAPPENINGS, f"a mention no document reports: {doc_id} {src}→{tgt}"
        assert event_id is not None
        by_happening[HAPPENINGS[key]].add(event_id)
        langs[HAPPENINGS[key]].add(lang)
    # every happening was found, in every language that reports it, and is exactly one event …
    assert set(by_happening) == set(HAPPENINGS.values())
    assert langs["Blinken–Aliyev call"] == langs["O'Brien visit to Baku"] == {"en", "tr", "az"}
    assert all(len(ids) == 1 for ids in by_happening.values()), dict(by_happening)
    # … and no two happenings share an event (the call and the visit are the same dyad and type, nine days apart)
    all_ids = [next(iter(ids)) for ids in by_happening.values()]
    assert len(set(all_ids)) == len(all_ids) == len(n_events) == 3
