"""Per-event aggregates over mentions, stored on the ``events`` row so reads need no join.

The values are exactly those ``events_repo.load_events`` computes on the fly (most common quad class with the
same tie rule, mean PLOVER and Goldstein scores, mention counts by quad, languages, first publication date), so
the HTTP API can page, filter and aggregate a million events in SQL. ``refresh_event_stats`` is called by
``events_repo.apply_clusters`` for every event it writes; migration 0003 backfilled older stores.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from dyadwatch.store.schema import documents, events, mentions

log = logging.getLogger(__name__)

CHUNK = 500


@dataclass(frozen=True, slots=True)
class MentionFacts:
    """What the aggregates need from one mention (in mention id order)."""

    doc_id: str
    lang: str | None
    quad: int | None
    plover: float | None
    goldstein: float | None
    published: date | None


@dataclass(frozen=True, slots=True)
class EventStats:
    """The aggregate columns of one ``events`` row."""

    n_mentions: int
    quad: int | None
    plover: float | None
    goldstein: float | None
    n_docs: int
    languages: str
    first_seen: date | None
    mention_q1: int
    mention_q2: int
    mention_q3: int
    mention_q4: int
    mention_plover_sum: float
    mention_n_plover: int
    mention_goldstein_sum: float
    mention_n_goldstein: int


def aggregate(ms: Sequence[MentionFacts]) -> EventStats:
    """Aggregates of an event's mentions, given in mention id order (the order decides quad ties)."""
    quads = Counter(m.quad for m in ms if m.quad in (1, 2, 3, 4))
    pl = [m.plover for m in ms if m.plover is not None]
    gs = [m.goldstein for m in ms if m.goldstein is not None]
    seen = [m.published for m in ms if m.published is not None]
    top = max(quads.values(), default=0)
    return EventStats(
        n_mentions=len(ms),
        quad=next((m.quad for m in ms if quads.get(m.quad) == top), None) if quads else None,
        plover=sum(pl) / len(pl) if pl else None,
        goldstein=sum(gs) / len(gs) if gs else None,
        n_docs=len({m.doc_id for m in ms}),
        languages=",".join(sorted({m.lang or "und" for m in ms})),
        first_seen=min(seen, default=None),
        mention_q1=quads[1], mention_q2=quads[2], mention_q3=quads[3], mention_q4=quads[4],
        mention_plover_sum=float(sum(pl)), mention_n_plover=len(pl),
        mention_goldstein_sum=float(sum(gs)), mention_n_goldstein=len(gs),
    )  # fmt: skip


def _facts_query() -> Any:
    return (
        select(mentions.c.event_id, mentions.c.doc_id, mentions.c.lang, mentions.c.quad, mentions.c.intensity,
               mentions.c.goldstein, documents.c.published)
        .join(documents, documents.c.id == mentions.c.doc_id)
        .order_by(mentions.c.id)
    )  # fmt: skip


def refresh_event_stats(conn: Connection, event_ids: Iterable[str]) -> int:
    """Recompute and store the aggregates of ``event_ids`` from their mentions; returns the events updated."""
    ids = sorted(set(event_ids))
    stmt = update(events).where(events.c.id == bindparam("_id"))
    done = 0
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        facts: dict[str, list[MentionFacts]] = {e: [] for e in chunk}
        for r in conn.execute(_facts_query().where(mentions.c.event_id.in_(chunk))):
            facts[r.event_id].append(MentionFacts(r.doc_id, r.lang, r.quad, r.intensity, r.goldstein, r.published))
        rows = [{"_id": e, **asdict(aggregate(ms))} for e, ms in facts.items()]
        if rows:
            conn.execute(stmt, rows)
            done += len(rows)
    log.debug("refreshed aggregates of %d events", done)
    return done


__all__ = ["EventStats", "MentionFacts", "aggregate", "refresh_event_stats"]
