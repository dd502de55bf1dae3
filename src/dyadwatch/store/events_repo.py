"""Queries and writes for events: clustering blocks, event rows, event aggregates and citations.

All functions take an open SQLAlchemy ``Connection`` so callers choose the transaction.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, or_, select, update

from dyadwatch.relations.cluster import Cluster, MentionRef, family_members, mention_key, type_family
from dyadwatch.store.event_stats import refresh_event_stats
from dyadwatch.store.schema import documents, events, mentions

log = logging.getLogger(__name__)

CHUNK = 500  # ids per IN (...) clause (SQLite's parameter limit)

_REF_COLS = (
    mentions.c.id, mentions.c.doc_id, mentions.c.event_id, mentions.c.sentence_start, mentions.c.trigger_start,
    mentions.c.source_country, mentions.c.target_country, mentions.c.event, mentions.c.date,
    mentions.c.date_precision, mentions.c.status, mentions.c.mode, mentions.c.cameo, mentions.c.lang,
    mentions.c.source_name, mentions.c.source_role, mentions.c.target_name, mentions.c.target_role,
)  # fmt: skip


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def ref_from_row(row: Any) -> MentionRef:
    """A clustering MentionRef from a ``mentions`` row (selected with the reference columns)."""
    return MentionRef(
        id=row.id,
        key=mention_key(row.doc_id, row.sentence_start, row.trigger_start, row.event, row.source_country,
                        row.target_country, row.date),
        doc_id=row.doc_id, source=row.source_country, target=row.target_country, event=row.event,
        date=row.date, date_precision=row.date_precision, status=row.status, mode=row.mode, cameo=row.cameo,
        lang=row.lang or "und", source_name=row.source_name, source_role=row.source_role,
        target_name=row.target_name, target_role=row.target_role,
    )  # fmt: skip


def _pair_clause(a: str, b: str) -> Any:
    return or_(
        and_(mentions.c.source_country == a, mentions.c.target_country == b),
        and_(mentions.c.source_country == b, mentions.c.target_country == a),
    )


def pending_pair_families(conn: Connection) -> list[tuple[str, str, str]]:
    """``(country_a, country_b, type family)`` that have mentions not yet assigned to an event, sorted."""
    q = (
        select(mentions.c.source_country, mentions.c.target_country, mentions.c.event, mentions.c.cameo)
        .where(mentions.c.event_id.is_(None))
        .distinct()
    )
    out = set()
    for s, t, ev, cameo in conn.execute(q):
        a, b = sorted((s, t))
        out.add((a, b, type_family(ev, cameo)))
    return sorted(out)


def load_pair_family(conn: Connection, a: str, b: str, family: str) -> list[tuple[MentionRef, str | None]]:
    """All mentions of a country pair (either direction) and type family, with their current event id."""
    q = (
        select(*_REF_COLS)
        .where(_pair_clause(a, b), mentions.c.event.in_(family_members(family)))
        .order_by(mentions.c.id)
    )
    out = []
    for row in conn.execute(q):
        ref = ref_from_row(row)
        if ref.family == family:
            out.append((ref, row.event_id))
    return out


@dataclass(frozen=True, slots=True)
class ApplyResult:
    """What writing one block's clusters changed."""

    created: int
    updated: int
    removed: int
    assigned: int  # mentions whose event changed


def apply_clusters(conn: Connection, clusters: Sequence[Cluster], current: dict[int, str | None]) -> ApplyResult:
    """Write a block's clusters: upsert event rows, re-point mentions, delete events left without mentions.

    ``current`` maps every mention id of the block to its event id before clustering.
    """
    old_ids = {e for e in current.values() if e is not None}
    existing = {}
    for chunk in _chunks(sorted({c.id for c in clusters} | old_ids)):
        for row in conn.execute(select(events).where(events.c.id.in_(chunk))):
            existing[row.id] = row
    created = updated = assigned = 0
    for c in clusters:
        values = {
            "source": c.source, "target": c.target, "event": c.event, "mode": c.mode, "date": c.date,
            "date_precision": c.date_precision, "status": c.status, "n_mentions": len(c.mention_ids), "why": c.why,
        }  # fmt: skip
        row = existing.get(c.id)
        if row is None:
            conn.execute(insert(events).values(id=c.id, **values))
            created += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            conn.execute(update(events).where(events.c.id == c.id).values(**values))
            updated += 1
        moved = [m for m in c.mention_ids if current.get(m) != c.id]
        for chunk in _chunks(moved):
            conn.execute(update(mentions).where(mentions.c.id.in_(chunk)).values(event_id=c.id))
        assigned += len(moved)
    gone = sorted(old_ids - {c.id for c in clusters})
    for chunk in _chunks(gone):
        conn.execute(delete(events).where(events.c.id.in_(chunk)))
    refresh_event_stats(conn, [c.id for c in clusters])  # aggregate columns read by the HTTP API
    return ApplyResult(created, updated, len(gone), assigned)


def reset_events(conn: Connection) -> int:
    """Detach every mention and delete all events (for a full rebuild); returns the events deleted."""
    conn.execute(update(mentions).values(event_id=None))
    return conn.execute(delete(events)).rowcount or 0


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event row with aggregates over its mentions (what series and briefs need)."""

    id: str
    source: str
    target: str
    event: str
    mode: str | None
    date: date | None
    date_precision: str
    status: str
    why: str
    n_mentions: int
    n_docs: int
    languages: tuple[str, ...]
    quad: int | None  # most common quad class of its mentions
    plover: float | None  # mean PLOVER score of its mentions
    goldstein: float | None  # mean Goldstein score of its mentions
    mention_quads: tuple[int, int, int, int]  # mentions by quad class
    mention_plover_sum: float
    mention_goldstein_sum: float
    first_seen: date | None  # earliest publication date of a document reporting it
    mention_n_plover: int = 0  # mentions with a PLOVER score
    mention_n_goldstein: int = 0  # mentions with a Goldstein score
    mention_ids: tuple[int, ...] = ()
    fulfilled_by: str | None = None  # for planned events: the occurred event that fulfilled it


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def load_events(
    conn: Connection,
    a: str | None = None,
    b: str | None = None,
    start: date | None = None,
    end: date | None = None,
    status: str | None = None,
) -> list[StoredEvent]:
    """Events (optionally of one pair, either direction; dated within ``[start, end]``), sorted by date and id."""
    q = select(events)
    if a and b:
        q = q.where(or_(and_(events.c.source == a, events.c.target == b),
                        and_(events.c.source == b, events.c.target == a)))  # fmt: skip
    elif a:
        q = q.where(or_(events.c.source == a, events.c.target == a))
    if start is not None:
        q = q.where(events.c.date >= start)
    if end is not None:
        q = q.where(events.c.date <= end)
    if status:
        q = q.where(events.c.status == status)
    rows = list(conn.execute(q))
    by_event: dict[str, list[Any]] = {r.id: [] for r in rows}
    ids = sorted(by_event)
    mq = select(mentions.c.id, mentions.c.event_id, mentions.c.doc_id, mentions.c.lang, mentions.c.quad,
                mentions.c.intensity, mentions.c.goldstein, documents.c.published).join(
        documents, documents.c.id == mentions.c.doc_id)  # fmt: skip
    for chunk in _chunks(ids):
        for m in conn.execute(mq.where(mentions.c.event_id.in_(chunk)).order_by(mentions.c.id)):
            by_event[m.event_id].append(m)
    out = []
    for r in rows:
        ms = by_event[r.id]
        quads = Counter(m.quad for m in ms if m.quad in (1, 2, 3, 4))
        pl = [m.intensity for m in ms if m.intensity is not None]
        gs = [m.goldstein for m in ms if m.goldstein is not None]
        seen = [m.published for m in ms if m.published is not None]
        top_quad = max(quads.values(), default=0)
        out.append(StoredEvent(
            id=r.id, source=r.source, target=r.target, event=r.event, mode=r.mode, date=r.date,
            date_precision=r.date_precision or "unknown", status=r.status or "occurred", why=r.why or "",
            n_mentions=len(ms), n_docs=len({m.doc_id for m in ms}),
            languages=tuple(sorted({m.lang or "und" for m in ms})),
            quad=next((m.quad for m in ms if quads.get(m.quad) == top_quad), None) if quads else None,
            plover=_mean(pl), goldstein=_mean(gs),
            mention_quads=(quads[1], quads[2], quads[3], quads[4]), mention_plover_sum=float(sum(pl)),
            mention_goldstein_sum=float(sum(gs)), first_seen=min(seen, default=None),
            mention_n_plover=len(pl), mention_n_goldstein=len(gs),
            mention_ids=tuple(m.id for m in ms),
        ))  # fmt: skip
    out.sort(key=lambda e: (e.date or date.max, e.id))
    return out


@dataclass(frozen=True, slots=True)
class Citation:
    """One mention of an event with the sentence that says it and where it was published."""

    event_id: str
    mention_id: int
    doc_id: str
    lang: str
    sentence: str
    trigger: str | None
    outlet: str | None
    published: date | None
    url: str | None
    title: str | None


def citations(conn: Connection, event_ids: Iterable[str]) -> dict[str, list[Citation]]:
    """Per event id: its mentions' sentences and document metadata, in mention order."""
    ids = sorted(set(event_ids))
    out: dict[str, list[Citation]] = {i: [] for i in ids}
    q = select(
        mentions.c.id, mentions.c.event_id, mentions.c.doc_id, mentions.c.lang, mentions.c.sentence_start,
        mentions.c.sentence_end, mentions.c.trigger_text, documents.c.text, documents.c.source, documents.c.published,
        documents.c.url, documents.c.title,
    ).join(documents, documents.c.id == mentions.c.doc_id)  # fmt: skip
    for chunk in _chunks(ids):
        for r in conn.execute(q.where(mentions.c.event_id.in_(chunk)).order_by(mentions.c.id)):
            text = (r.text or "")[r.sentence_start : r.sentence_end]
            out[r.event_id].append(Citation(
                event_id=r.event_id, mention_id=r.id, doc_id=r.doc_id, lang=r.lang or "und", sentence=text,
                trigger=r.trigger_text, outlet=r.source, published=r.published, url=r.url, title=r.title,
            ))  # fmt: skip
    return out


def event_pairs(conn: Connection) -> list[tuple[str, str]]:
    """The undirected country pairs that have events, sorted."""
    return sorted({tuple(sorted((s, t))) for s, t in conn.execute(select(events.c.source, events.c.target).distinct())})


def count_mentions(conn: Connection, assigned_only: bool = True) -> int:
    """Mentions in the store (only those assigned to an event, by default)."""
    from sqlalchemy import func

    q = select(func.count()).select_from(mentions)
    if assigned_only:
        q = q.where(mentions.c.event_id.is_not(None))
    return int(conn.execute(q).scalar_one())
