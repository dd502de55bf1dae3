from __future__ import annotations

import hashlib
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from dyadwatch.records import Actor, Document, Mention, ProcessedDocument, Span
from dyadwatch.relations import cluster_new_mentions
from dyadwatch.relations.series import PERIODS, build_series, dyad_series, period_label, period_start, series_row
from dyadwatch.store import Store
from dyadwatch.store import events_repo as repo
from dyadwatch.store.schema import events, mentions

from .test_cluster import snapshot

COUNTRIES = ("USA", "AZE", "TUR")
TYPES = {  # event -> (plover, goldstein, quad)
    "CONSULT": (1.5, 1.0, 1), "AGREE": (2.5, 3.0, 1), "AID": (10.0, 7.4, 2), "ACCUSE": (-3.0, -2.0, 3),
    "SANCTION": (-6.0, -4.0, 4), "REQUEST": (0.0, -0.1, 3),
}  # fmt: skip
PEOPLE = {
    "USA": ("Antony Blinken", "James O'Brien"),
    "AZE": ("Ilham Aliyev", "Jeyhun Bayramov"),
    "TUR": ("Hakan Fidan",),
}
D0 = date(2023, 10, 25)


@st.composite
def mention_specs(draw: st.DrawFn) -> tuple:
    s, t = draw(st.permutations(COUNTRIES))[:2]
    return (
        draw(st.integers(0, 5)),  # document
        s, t,
        draw(st.sampled_from(sorted(TYPES))),
        draw(st.one_of(st.none(), st.integers(0, 75))),  # day offset; None = undated
        draw(st.sampled_from(("day", "day", "day", "month", "approx", "year"))),
        draw(st.sampled_from(("occurred", "occurred", "planned"))),
        draw(st.one_of(st.none(), st.sampled_from(PEOPLE[s]))),
        draw(st.booleans()),  # a score is missing
    )  # fmt: skip


def to_docs(specs: list[tuple], offset: int = 0) -> list[ProcessedDocument]:
    by_doc: dict[int, list[Mention]] = {}
    for i, (doc, s, t, ev, day, prec, status, name, unscored) in enumerate(specs):
        pl, gs, quad = TYPES[ev]
        d = None if day is None else D0 + timedelta(days=day)
        m = Mention(
            doc_id=f"doc{doc}-{offset}", sentence=Span("s", i, i + 1),
            source=Actor(s + "GOV", s, "foreign_minister" if name else "government", name, Span("a", 0, 1)),
            target=Actor(t + "GOV", t, "government", None, Span("b", 0, 1)), event=ev, mode=None, context=None,
            cameo=None, intensity=None if unscored else pl, goldstein=gs, quad=quad, trigger=Span("x", i, i + 1),
            rule="r", date=d, date_precision=prec if d else "unknown", status=status, confidence=0.5,
            coder_version="t", lang=("en", "tr", "az")[doc % 3],
        )  # fmt: skip
        by_doc.setdefault(doc, []).append(m)
    out = []
    for doc, ms in sorted(by_doc.items()):
        text = f"document {doc} batch {offset} " + "x" * 200
        out.append(ProcessedDocument(Document(f"doc{doc}-{offset}", text, hashlib.sha256(text.encode()).hexdigest(),
                                              published=D0 + timedelta(days=80)), (), tuple(ms)))  # fmt: skip
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mention_specs(), min_size=1, max_size=40), st.sampled_from(PERIODS), st.booleans())
def test_series_totals_equal_the_stored_events(specs: list[tuple], period: str, directed: bool) -> None:
    with Store("sqlite://") as store:
        store.write_batch(to_docs(specs), None)
        cluster_new_mentions(store)
        with store.engine.connect() as conn:
            n_events = conn.execute(select(func.count()).select_from(events).where(events.c.date.is_not(None))).scalar()
            n_mentions = conn.execute(
                select(func.count()).select_from(mentions.join(events)).where(events.c.date.is_not(None))
            ).scalar()
            n_quad = conn.execute(select(func.count()).select_from(events).where(events.c.date.is_not(None))).scalar()
            stored = repo.load_events(conn)
            unassigned = conn.execute(select(func.count()).where(mentions.c.event_id.is_(None))).scalar()
        assert unassigned == 0
        points = build_series(stored, period, directed=directed, statuses=None)
        assert sum(p.n_events for p in points) == n_events
        assert sum(sum(p.counts) for p in points) == n_quad  # every generated event has a quad class
        assert sum(p.n_mentions for p in points) == n_mentions
        assert sum(sum(p.mention_counts) for p in points) == n_mentions
        # one pair, both directions, equals the pair's share of the store
        pair_points = build_series(stored, period, pair=("USA", "AZE"), directed=directed, statuses=None)
        pair_events = [e for e in stored if e.date and {e.source, e.target} == {"USA", "AZE"}]
        assert sum(p.n_events for p in pair_points) == len(pair_events)
        assert sum(p.n_mentions for p in pair_points) == sum(e.n_mentions for e in pair_events)
        # only occurred events by default
        occurred = build_series(stored, period, directed=directed)
        assert sum(p.n_events for p in occurred) == sum(1 for e in stored if e.date and e.status == "occurred")
        # a period's points never overlap and cover its events' dates
        for p in points:
            assert p.start <= p.end and period_start(p.start, period) == p.start


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mention_specs(), min_size=2, max_size=30), st.data())
def test_clustering_in_two_steps_equals_one_step(specs: list[tuple], data: st.DataObject) -> None:
    cut = data.draw(st.integers(1, len(specs) - 1))
    first, second = to_docs(specs[:cut], 0), to_docs(specs[cut:], 1)
    with Store("sqlite://") as step, Store("sqlite://") as once:
        step.write_batch(first, None)
        cluster_new_mentions(step)
        step.write_batch(second, None)
        cluster_new_mentions(step)
        once.write_batch(first + second, None)
        cluster_new_mentions(once)
        assert snapshot(step) == snapshot(once)


def test_series_of_the_corpus(make_store, labelled) -> None:
    a, b, _ = labelled
    store = make_store()
    store.write_batch(a + b, None)
    cluster_new_mentions(store)
    weeks = dyad_series(store, "USA", "AZE", "week", date(2023, 11, 13), date(2023, 12, 13))
    assert [p.period for p in weeks] == ["2023-W46", "2023-W47", "2023-W48", "2023-W49", "2023-W50"]
    # W46: REJECT (H2, 3 mentions); W48: H1 (5), H10 (2), H8 (2), H9 (1); W49: H6 (3), H7 (2); planned P6 left out
    assert [p.n_events for p in weeks] == [1, 0, 4, 2, 0]
    assert [p.n_mentions for p in weeks] == [3, 0, 10, 5, 0]
    assert weeks[2].counts == (2, 0, 2, 0) and weeks[3].counts == (1, 0, 0, 1)
    assert weeks[0].goldstein_sum == -4.0 and weeks[0].mention_goldstein_sum == -12.0
    directed = dyad_series(store, "USA", "AZE", "month", directed=True)
    assert {(p.source, p.target) for p in directed} == {("USA", "AZE"), ("AZE", "USA")}
    assert sum(p.n_events for p in directed) == sum(p.n_events for p in dyad_series(store, "USA", "AZE", "month"))
    row = series_row(weeks[2])
    assert row["verbal_coop"] == 2 and row["goldstein_sum"] == weeks[2].goldstein_sum and "plover_mean" in row


def test_period_labels() -> None:
    d = date(2023, 11, 29)
    assert [period_label(period_start(d, p), p) for p in PERIODS] == ["2023-11-29", "2023-W48", "2023-11",
                                                                       "2023-Q4", "2023"]  # fmt: skip
