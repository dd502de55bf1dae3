from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import select

from dyadwatch.records import Actor, Mention, Span
from dyadwatch.relations import cluster, cluster_new_mentions, link_planned
from dyadwatch.relations.cluster import MentionRef, cluster_refs
from dyadwatch.store import Store
from dyadwatch.store import events_repo as repo
from dyadwatch.store.schema import events, mentions


def partition(store: Store, labels: dict[tuple, str]) -> dict[str, set[str]]:
    """event id → the happening labels of its mentions."""
    out: dict[str, set[str]] = defaultdict(set)
    q = select(mentions.c.doc_id, mentions.c.sentence_start, mentions.c.trigger_start, mentions.c.event,
               mentions.c.event_id)  # fmt: skip
    with store.engine.connect() as conn:
        for d, s, t, ev, eid in conn.execute(q):
            assert eid is not None, "every mention is assigned to an event"
            out[eid].add(labels[(d, s, t, ev)])
    return out


def snapshot(store: Store) -> list[tuple]:
    with store.engine.connect() as conn:
        evs = sorted(tuple(r) for r in conn.execute(select(events)))
        ms = sorted(
            tuple(r)
            for r in conn.execute(
                select(mentions.c.doc_id, mentions.c.sentence_start, mentions.c.trigger_start, mentions.c.event_id)
            )
        )
    return [evs, ms]


def test_events_equal_real_happenings_across_documents_and_languages(make_store, labelled) -> None:
    a, b, labels = labelled
    store = make_store()
    store.write_batch(a + b, None)
    summary = cluster_new_mentions(store)
    part = partition(store, labels)
    happenings = set(labels.values())
    assert summary.new_mentions == len(labels) == 24
    assert summary.events == len(part) == len(happenings) == 10
    # no two happenings merged, and each happening is exactly one event
    assert all(len(h) == 1 for h in part.values()), part
    assert sorted(next(iter(h)) for h in part.values()) == sorted(happenings)
    with store.engine.connect() as conn:
        evs = {e.id: e for e in repo.load_events(conn)}
    by_label = {next(iter(h)): evs[eid] for eid, h in part.items()}
    h1 = by_label["H1"]
    assert (h1.n_mentions, h1.n_docs, h1.languages) == (5, 4, ("az", "en", "tr"))
    assert (h1.event, h1.date, h1.date_precision, h1.mode) == ("CONSULT", date(2023, 11, 27), "day", "phone")
    assert "up to direction" in h1.why and "Antony Blinken" in h1.why and "month 2023-11-01" in h1.why
    assert by_label["H4"].event == "AGREE" and by_label["H4"].languages == ("az", "en", "tr")
    assert by_label["H2"].languages == ("az", "en", "tr") and by_label["H2"].date == date(2023, 11, 16)
    assert (by_label["H8"].source, by_label["H9"].source) == ("AZE", "USA")
    assert "same direction AZE→USA" in by_label["H8"].why
    # planned visit → the visit that happened
    assert link_planned([*evs.values()]) == {by_label["P6"].id: by_label["H6"].id}


def test_incremental_clustering_equals_clustering_at_once(make_store, labelled) -> None:
    a, b, _ = labelled
    step = make_store("step")
    step.write_batch(a, None)
    first = cluster_new_mentions(step)
    with step.engine.connect() as conn:
        ids_after_a = {e.id for e in repo.load_events(conn)}
    step.write_batch(b, None)
    second = cluster_new_mentions(step)
    once = make_store("once")
    once.write_batch(a, None)
    once.write_batch(b, None)
    cluster_new_mentions(once)
    assert snapshot(step) == snapshot(once)
    assert (first.events, second.events) == (7, 10)
    assert second.created == 3 and second.updated >= 4  # H6, H7, P6 are new; H1, H2, H4, H8 grew
    with step.engine.connect() as conn:
        ids_after_b = {e.id for e in repo.load_events(conn)}
    assert ids_after_a <= ids_after_b  # existing events kept their ids
    again = cluster_new_mentions(step)
    assert (again.new_mentions, again.created, again.updated, again.removed) == (0, 0, 0, 0)


def test_a_bridging_mention_merges_events_and_the_older_id_survives(make_store, labelled) -> None:
    """H1 reported on 11-27 (batch 1) and — in another document — on 11-29 arrives: separate (2 days apart);
    then a report dated 11-28 arrives: it bridges both into one event keeping the first id."""
    store = make_store()
    batch1 = [m for m in in_memory(labelled) if m.doc_id == "en-1"][:1]
    late = [_shift(batch1[0], "late", date(2023, 11, 29))]
    store.write_batch(_pd(batch1 + late), None)
    s1 = cluster_new_mentions(store)
    assert s1.events == 2
    with store.engine.connect() as conn:
        first_ids = sorted(e.id for e in repo.load_events(conn))
    bridge = [_shift(batch1[0], "bridge", date(2023, 11, 28))]
    store.write_batch(_pd(bridge), None)
    s2 = cluster_new_mentions(store)
    assert (s2.events, s2.removed) == (1, 1)
    with store.engine.connect() as conn:
        (ev,) = repo.load_events(conn)
    assert ev.id in first_ids and ev.n_mentions == 3


# ----------------------------------------------------------------------------------------------- pure clustering
def in_memory(labelled) -> list[Mention]:
    a, b, _ = labelled
    return [m for pd in a + b for m in pd.mentions]


def _shift(m: Mention, doc_id: str, d: date, precision: str = "day", **kw) -> Mention:
    from dataclasses import replace

    return replace(m, doc_id=doc_id, date=d, date_precision=precision, **kw)


def _pd(ms: list[Mention]):
    import hashlib

    from dyadwatch.records import Document, ProcessedDocument

    out = []
    for doc_id in dict.fromkeys(m.doc_id for m in ms):
        text = "x" * 200 + doc_id
        doc = Document(doc_id, text, hashlib.sha256(text.encode()).hexdigest(), lang="en")
        out.append(ProcessedDocument(doc, (), tuple(m for m in ms if m.doc_id == doc_id)))
    return out


def test_in_memory_cluster_agrees_with_the_store(labelled) -> None:
    _, _, labels = labelled
    evs = cluster(in_memory(labelled))
    assert len(evs) == 10
    for e in evs:
        assert len({labels[(m.doc_id, m.sentence.start, m.trigger.start, m.event)] for m in e.mentions}) == 1


def base(**kw) -> Mention:
    src = Actor("USAGOV", "USA", "foreign_minister", "Antony Blinken", Span("Blinken", 0, 7))
    tgt = Actor("AZEGOV", "AZE", "head_of_state", "Ilham Aliyev", Span("Aliyev", 15, 21))
    values = dict(
        doc_id="d", sentence=Span("s", 0, 1), source=src, target=tgt, event="CONSULT", mode="phone", context=None,
        cameo="040", intensity=1.5, goldstein=1.0, quad=1, trigger=Span("called", 8, 14), rule="r",
        date=date(2023, 11, 27), date_precision="day", status="occurred", confidence=0.9, coder_version="t",
        lang="en",
    )  # fmt: skip
    values.update(kw)
    return Mention(**values)


def test_near_misses_stay_apart_and_neighbours_merge() -> None:
    d0 = date(2023, 11, 27)
    pairs = {  # second mention → expected number of events
        "next day merges": (base(doc_id="b", date=date(2023, 11, 28)), 1),
        "two days apart do not": (base(doc_id="b", date=date(2023, 11, 29)), 2),
        "ten days apart do not": (base(doc_id="b", date=date(2023, 12, 7)), 2),
        "reverse direction of a symmetric type merges": (
            base(doc_id="b", source=base().target, target=base().source), 1),
        "another dyad does not": (base(doc_id="b", target=Actor("ARMGOV", "ARM", "head_of_government",
                                                               "Nikol Pashinyan", Span("P", 0, 1))), 2),
        "SANCTION the same day does not": (base(doc_id="b", event="SANCTION", mode=None, cameo="163", quad=4), 2),
        "planned does not merge with occurred": (base(doc_id="b", status="planned"), 2),
        "month precision in the same month merges": (base(doc_id="b", date=date(2023, 11, 1),
                                                          date_precision="month"), 1),
        "month precision in the next month does not": (base(doc_id="b", date=date(2023, 12, 1),
                                                            date_precision="month"), 2),
        "undated stays apart": (base(doc_id="b", date=None, date_precision="unknown"), 2),
        "different people the same day do not": (base(doc_id="b", source=Actor(
            "USAGOV", "USA", "assistant_minister", "James O'Brien", Span("O", 0, 1))), 2),
        "an institution does not conflict with a person": (base(doc_id="b", source=Actor(
            "USAGOV", "USA", "foreign_ministry", "U.S. Department of State", Span("S", 0, 1))), 1),
        "same document, same key, two sentences": (base(sentence=Span("t", 5, 6), trigger=Span("call", 5, 6)), 1),
    }  # fmt: skip
    for name, (second, n) in pairs.items():
        assert base().date == d0
        assert len(cluster([base(), second])) == n, name


def test_directed_types_keep_direction() -> None:
    acc = dict(event="ACCUSE", mode=None, cameo="112", quad=3)
    fwd, rev = base(**acc), base(doc_id="b", source=base().target, target=base().source, **acc)
    assert len(cluster([fwd, rev])) == 2
    assert len(cluster([fwd, base(doc_id="b", **acc)])) == 1


def test_a_month_mention_never_bridges_two_day_events() -> None:
    a = base(doc_id="a", date=date(2023, 11, 3))
    b = base(doc_id="b", date=date(2023, 11, 20))
    m = base(doc_id="m", date=date(2023, 11, 1), date_precision="month")
    evs = cluster([a, b, m])
    assert len(evs) == 2
    assert sorted(len(e.mentions) for e in evs) == [1, 2]
    assert any("fitted 2 events" in e.why for e in evs)


def test_clustering_does_not_depend_on_the_order_of_the_input_list(labelled) -> None:
    import random

    from dyadwatch.relations.cluster import ref_from_mention

    refs = [ref_from_mention(m, i) for i, m in enumerate(in_memory(labelled))]
    expected = cluster_refs(refs)
    rng = random.Random(7)
    for _ in range(5):
        shuffled = refs[:]
        rng.shuffle(shuffled)
        assert cluster_refs(shuffled) == expected
    assert isinstance(refs[0], MentionRef)
