"""The database-aggregated series (used by the HTTP API) equals ``dyad_series`` point for point, for random
stores, every period, both directions, status sets, and on SQLite and PostgreSQL."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyadwatch.relations import cluster_new_mentions
from dyadwatch.relations.series import PERIODS, dyad_series, series_row
from dyadwatch.relations.series_db import MAX_POINTS, SeriesTooLong, dyad_series_db, series_from_days
from dyadwatch.store import Store
from dyadwatch.store import read as rd
from tests.pgdb import fresh_database

from .test_series import COUNTRIES, mention_specs, to_docs

STATUSES = (("occurred",), ("occurred", "planned"), None)


def both(store: Store, a: str, b: str, **kw) -> tuple[list[dict], list[dict]]:
    with store.engine.connect() as conn:
        got = [series_row(p) for p in dyad_series_db(conn, a, b, **kw)]
    return got, [series_row(p) for p in dyad_series(store, a, b, **kw)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mention_specs(), min_size=1, max_size=40), st.sampled_from(PERIODS), st.booleans(),
       st.sampled_from(STATUSES), st.booleans())  # fmt: skip
def test_equals_dyad_series(specs: list[tuple], period: str, directed: bool, statuses, ranged: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 's.sqlite'}")
        store.write_batch(to_docs(specs), None)
        cluster_new_mentions(store)
        kw = {"period": period, "directed": directed, "statuses": statuses}
        if ranged:
            kw |= {"start": date(2023, 11, 3), "end": date(2023, 12, 20)}
        for a, b in (("USA", "AZE"), ("AZE", "TUR"), ("TUR", "USA")):
            got, want = both(store, a, b, **kw)
            assert got == want, (a, b, kw)
        store.close()


def test_postgresql_sums_like_sqlite(pg_url: str, make_store, labelled) -> None:
    a, b, _ = labelled
    with fresh_database(pg_url) as url:
        pg, lite = Store(url), make_store("lite")
        for s in (pg, lite):
            s.write_batch(a + b, None)
            cluster_new_mentions(s)
        for period in PERIODS:
            for directed in (False, True):
                kw = {"period": period, "directed": directed, "start": date(2023, 10, 1), "end": date(2024, 1, 15)}
                got, want = both(pg, "USA", "AZE", **kw)
                assert got == want == both(lite, "USA", "AZE", **kw)[0], kw
        pg.close()


def test_filters_and_limits(make_store, labelled) -> None:
    a, b, _ = labelled
    store = make_store()
    store.write_batch(a + b, None)
    cluster_new_mentions(store)
    with store.engine.connect() as conn:
        whole = dyad_series_db(conn, "USA", "AZE", "year")
        consult = dyad_series_db(conn, "USA", "AZE", "year", types=("CONSULT",))
        az = dyad_series_db(conn, "USA", "AZE", "year", lang="az")
        assert 0 < sum(p.n_events for p in consult) < sum(p.n_events for p in whole)
        assert sum(p.n_events for p in az) < sum(p.n_events for p in whole)
        with pytest.raises(SeriesTooLong):
            dyad_series_db(conn, "USA", "AZE", "day", start=date(1900, 1, 1), end=date(2023, 1, 1))
    assert MAX_POINTS >= 10_000
    with pytest.raises(ValueError, match="unknown period"):
        series_from_days([], "fortnight")
    assert COUNTRIES


def test_event_page_counts_stop_at_the_cap(make_store, labelled) -> None:
    a, b, _ = labelled
    store = make_store()
    store.write_batch(a + b, None)
    cluster_new_mentions(store)
    f = rd.EventFilter(a="USA", b="AZE")
    with store.engine.connect() as conn:
        full = rd.event_page(conn, f, limit=100)
        assert full.total_exact and full.total == len(full.items) >= 6
        capped = rd.event_page(conn, f, limit=2, cap=3)
        assert not capped.total_exact and 3 < capped.total <= full.total
        assert [e.id for e in capped.items] == [e.id for e in full.items[:2]]
        deep = rd.event_page(conn, f, limit=2, offset=4, cap=3)  # beyond the cap: counted exactly
        assert deep.total_exact and deep.total == full.total
        assert [e.id for e in deep.items] == [e.id for e in full.items[4:6]]
        with pytest.raises(ValueError):
            rd.event_page(conn, rd.EventFilter(lang="%"), limit=1)
