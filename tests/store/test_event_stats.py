"""Event aggregates stored on the events row equal what ``load_events`` computes from the mentions — after
clustering, after re-clustering, and after migrating a 0002 database (backfill)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import column, insert, select, table

from dyadwatch.relations import cluster_new_mentions, rebuild_events
from dyadwatch.relations.cluster import cluster_refs
from dyadwatch.store import Store, create_db_engine
from dyadwatch.store import events_repo as repo
from dyadwatch.store.db import _alembic_config
from dyadwatch.store.repo import mention_row
from dyadwatch.store.schema import documents, events, mentions
from tests.relations.corpus import build, corpus_a, corpus_b

FIELDS = ("n_mentions", "n_docs", "quad", "plover", "goldstein", "first_seen")


def assert_stats_match(store: Store) -> int:
    with store.engine.connect() as conn:
        live = {e.id: e for e in repo.load_events(conn)}
        rows = {r.id: r for r in conn.execute(select(events))}
    assert set(live) == set(rows) and live
    for eid, e in live.items():
        r = rows[eid]
        assert tuple(getattr(r, f) for f in FIELDS) == tuple(getattr(e, f) for f in FIELDS), eid
        assert tuple(r.languages.split(",")) == e.languages
        assert (r.mention_q1, r.mention_q2, r.mention_q3, r.mention_q4) == e.mention_quads
        assert (r.mention_plover_sum, r.mention_n_plover) == (e.mention_plover_sum, e.mention_n_plover)
        assert (r.mention_goldstein_sum, r.mention_n_goldstein) == (e.mention_goldstein_sum, e.mention_n_goldstein)
    return len(live)


def test_clustering_keeps_aggregates_exact(tmp_path: Path) -> None:
    labels: dict = {}
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    store.write_batch(build(corpus_a(), labels), None)
    cluster_new_mentions(store)
    assert_stats_match(store)
    store.write_batch(build(corpus_b(), labels), None)  # new reports merge into existing events
    cluster_new_mentions(store)
    n = assert_stats_match(store)
    rebuild_events(store)
    assert assert_stats_match(store) == n
    store.close()


def test_migration_0003_backfills_older_stores(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_db_engine(url)
    cfg = _alembic_config()
    with engine.begin() as conn:  # a store as dyadwatch with schema 0002 left it
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        labels: dict = {}
        for p in build(corpus_a(), labels) + build(corpus_b(), labels):
            d = p.doc
            conn.execute(
                insert(documents).values(
                    id=d.id,
                    sha256=d.sha256,
                    status="ok",
                    text=d.text,
                    published=d.published,
                    n_sentences=0,
                    ingested_at=datetime.now(UTC),
                )
            )
            conn.execute(insert(mentions), [mention_row(m, None) for m in p.mentions])
        refs = [repo.ref_from_row(r) for r in conn.execute(select(*repo._REF_COLS).order_by(mentions.c.id))]
        clusters = cluster_refs(refs)
        old_events = table(
            "events",
            *(
                column(n)
                for n in (
                    "id",
                    "source",
                    "target",
                    "event",
                    "mode",
                    "date",
                    "date_precision",
                    "status",
                    "n_mentions",
                    "why",
                )
            ),
        )
        for c in clusters:  # 0002 event rows have no aggregate columns
            conn.execute(
                insert(old_events).values(
                    id=c.id,
                    source=c.source,
                    target=c.target,
                    event=c.event,
                    mode=c.mode,
                    date=c.date,
                    date_precision=c.date_precision,
                    status=c.status,
                    n_mentions=len(c.mention_ids),
                    why=c.why,
                )
            )
            conn.execute(mentions.update().where(mentions.c.id.in_(c.mention_ids)).values(event_id=c.id))
    engine.dispose()
    store = Store(url)  # migrates 0002 → head, backfilling the aggregates
    assert store.revision == "0003"
    assert assert_stats_match(store) == len(clusters) > 5
    store.close()
