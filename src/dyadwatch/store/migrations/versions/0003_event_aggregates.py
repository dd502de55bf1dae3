"""Event aggregates on the events row and indexes for the HTTP API (paging, filters, series over 1M events).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("quad", sa.Integer), ("plover", sa.Float), ("goldstein", sa.Float), ("n_docs", sa.Integer),
    ("languages", sa.String(80)), ("first_seen", sa.Date), ("mention_q1", sa.Integer), ("mention_q2", sa.Integer),
    ("mention_q3", sa.Integer), ("mention_q4", sa.Integer), ("mention_plover_sum", sa.Float),
    ("mention_n_plover", sa.Integer), ("mention_goldstein_sum", sa.Float), ("mention_n_goldstein", sa.Integer),
)  # fmt: skip


_COVER = (
    "source", "target", "date", "status", "event", "languages", "quad", "plover", "goldstein", "n_mentions",
    "mention_q1", "mention_q2", "mention_q3", "mention_q4", "mention_plover_sum", "mention_n_plover",
    "mention_goldstein_sum", "mention_n_goldstein",
)  # fmt: skip


def _backfill() -> None:
    """Fill the new columns of existing events from their mentions, 500 events at a time (bounded memory)."""
    from dataclasses import asdict

    from dyadwatch.store.event_stats import MentionFacts, aggregate

    conn = op.get_bind()
    m = sa.table("mentions", sa.column("id"), sa.column("event_id"), sa.column("doc_id"), sa.column("lang"),
                 sa.column("quad"), sa.column("intensity"), sa.column("goldstein"))  # fmt: skip
    d = sa.table("documents", sa.column("id"), sa.column("published", sa.Date))
    e = sa.table("events", sa.column("id"), *(sa.column(n, t) for n, t in _COLUMNS), sa.column("n_mentions"))
    facts_q = (
        sa.select(m.c.event_id, m.c.doc_id, m.c.lang, m.c.quad, m.c.intensity, m.c.goldstein, d.c.published)
        .join(d, d.c.id == m.c.doc_id)
        .order_by(m.c.id)
    )
    stmt = e.update().where(e.c.id == sa.bindparam("_id"))
    last = ""
    while True:
        ids = list(conn.execute(sa.select(e.c.id).where(e.c.id > last).order_by(e.c.id).limit(500)).scalars())
        if not ids:
            break
        last = ids[-1]
        facts: dict[str, list[MentionFacts]] = {i: [] for i in ids}
        for r in conn.execute(facts_q.where(m.c.event_id.in_(ids))):
            facts[r.event_id].append(MentionFacts(r.doc_id, r.lang, r.quad, r.intensity, r.goldstein, r.published))
        conn.execute(stmt, [{"_id": i, **asdict(aggregate(ms))} for i, ms in facts.items()])


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        for name, type_ in _COLUMNS:
            batch.add_column(sa.Column(name, type_))
    op.create_index("ix_mentions_event", "mentions", ["event_id", "lang"])
    _backfill()
    # a covering index for pairs: page filters and series sums never touch the table rows (replaces the
    # (source, target, date) index of 0001, its prefix)
    op.drop_index("ix_events_dyad_date", table_name="events")
    op.create_index("ix_events_dyad_cover", "events", list(_COVER))
    op.create_index("ix_events_source_date", "events", ["source", "date", "target"])
    op.create_index("ix_events_target_date", "events", ["target", "date", "source"])
    op.create_index("ix_events_date", "events", ["date", "id"])


def downgrade() -> None:
    op.drop_index("ix_mentions_event", table_name="mentions")
    op.drop_index("ix_events_date", table_name="events")
    op.drop_index("ix_events_target_date", table_name="events")
    op.drop_index("ix_events_source_date", table_name="events")
    op.drop_index("ix_events_dyad_cover", table_name="events")
    op.create_index("ix_events_dyad_date", "events", ["source", "target", "date"])
    with op.batch_alter_table("events") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
