"""Writes and queries for ``external_events``: events of other datasets (GDELT, ICEWS, POLECAT) with provenance.

Rows are unique by ``(dataset, ext_id)``: importing a file again stores nothing twice. ``provenance`` is a JSON
object: the ``file`` and ``line`` the row was read from, when it was imported and, for GDELT events, up to
``MAX_MENTIONS`` of the articles that mentioned it (from the GDELT mentions table) with ``mentions_seen`` counting
all of them. All functions take an open ``Connection`` so the caller chooses the transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, and_, insert, or_, select, update

from dyadwatch.interop.external import ExternalEvent, ExternalMention
from dyadwatch.store.schema import external_events

log = logging.getLogger(__name__)

CHUNK = 500  # ids per IN (...) clause
MAX_MENTIONS = 50  # article mentions kept per event in its provenance

_EVENT_FIELDS = (
    "dataset", "ext_id", "date", "source_country", "target_country", "source_name", "target_name", "source_code",
    "target_code", "cameo", "event", "mode", "goldstein", "intensity", "quad", "n_mentions", "url",
)  # fmt: skip


def _where(where: str) -> tuple[str, int | None]:
    path, _, line = where.rpartition(":")
    return (path, int(line)) if line.isdigit() else (where, None)


def event_row(ev: ExternalEvent, run_id: int | None, imported: datetime | None = None) -> dict[str, Any]:
    """An ``external_events`` row with provenance (file, line, import time)."""
    path, line = _where(ev.where)
    prov = {"file": path, "line": line, "imported_at": (imported or datetime.now(UTC)).isoformat(timespec="seconds")}
    row = {k: getattr(ev, k) for k in _EVENT_FIELDS}
    row["ext_id"] = row["ext_id"][:120]
    row.update(provenance=json.dumps(prov, ensure_ascii=False), run_id=run_id)
    return row


def insert_events(conn: Connection, evs: Sequence[ExternalEvent], run_id: int | None) -> tuple[int, int]:
    """Store events not stored before (by dataset and id); returns (inserted, already stored)."""
    now = datetime.now(UTC)
    fresh: dict[tuple[str, str], dict[str, Any]] = {}
    for ev in evs:
        row = event_row(ev, run_id, now)
        fresh.setdefault((row["dataset"], row["ext_id"]), row)  # the first of duplicates within the batch wins
    by_dataset: dict[str, list[str]] = {}
    for dataset, ext_id in fresh:
        by_dataset.setdefault(dataset, []).append(ext_id)
    for dataset, ids in by_dataset.items():
        for i in range(0, len(ids), CHUNK):
            q = select(external_events.c.ext_id).where(
                external_events.c.dataset == dataset, external_events.c.ext_id.in_(ids[i : i + CHUNK])
            )
            for (ext_id,) in conn.execute(q):
                fresh.pop((dataset, ext_id), None)
    if fresh:
        conn.execute(insert(external_events), list(fresh.values()))
    return len(fresh), len(evs) - len(fresh)


def attach_mentions(conn: Connection, mentions: Sequence[ExternalMention]) -> tuple[int, int]:
    """Add article mentions to the provenance of their stored events; returns (attached, events not stored).

    A mention already attached (same URL and sentence) is not added again; beyond ``MAX_MENTIONS`` per event only
    ``mentions_seen`` grows.
    """
    by_event: dict[tuple[str, str], list[ExternalMention]] = {}
    for m in mentions:
        by_event.setdefault((m.dataset, m.ext_id), []).append(m)
    attached = unmatched = 0
    keys = list(by_event)
    for i in range(0, len(keys), CHUNK):
        chunk = keys[i : i + CHUNK]
        clause = or_(*(and_(external_events.c.dataset == d, external_events.c.ext_id == e) for d, e in chunk))
        found = {(r.dataset, r.ext_id): r for r in conn.execute(
            select(external_events.c.id, external_events.c.dataset, external_events.c.ext_id,
                   external_events.c.provenance).where(clause))}  # fmt: skip
        for key in chunk:
            row = found.get(key)
            if row is None:
                unmatched += len(by_event[key])
                continue
            prov = json.loads(row.provenance or "{}")
            kept = prov.setdefault("mentions", [])
            seen = {(k.get("url"), k.get("sentence")) for k in kept}
            for m in by_event[key]:
                if (m.url, m.sentence) in seen:
                    continue
                seen.add((m.url, m.sentence))
                prov["mentions_seen"] = prov.get("mentions_seen", 0) + 1
                attached += 1
                if len(kept) < MAX_MENTIONS:
                    path, line = _where(m.where)
                    kept.append({"url": m.url, "source": m.source, "time": m.time, "sentence": m.sentence,
                                 "confidence": m.confidence, "tone": m.tone, "file": path, "line": line})  # fmt: skip
            conn.execute(update(external_events).where(external_events.c.id == row.id).values(
                provenance=json.dumps(prov, ensure_ascii=False)))  # fmt: skip
    return attached, unmatched


def load_external(
    conn: Connection,
    a: str | None = None,
    b: str | None = None,
    datasets: Iterable[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[Any]:
    """External event rows (optionally of one country pair, either direction; datasets; dates), by date and id."""
    c = external_events.c
    q = select(external_events)
    if a and b:
        q = q.where(or_(and_(c.source_country == a, c.target_country == b),
                        and_(c.source_country == b, c.target_country == a)))  # fmt: skip
    elif a:
        q = q.where(or_(c.source_country == a, c.target_country == a))
    if datasets is not None:
        q = q.where(c.dataset.in_(list(datasets)))
    if start is not None:
        q = q.where(c.date >= start)
    if end is not None:
        q = q.where(c.date <= end)
    return list(conn.execute(q.order_by(c.date, c.id)))


def count_by_dataset(conn: Connection) -> dict[str, int]:
    """Stored external events per dataset."""
    from sqlalchemy import func

    q = select(external_events.c.dataset, func.count()).group_by(external_events.c.dataset)
    return {d: int(n) for d, n in conn.execute(q)}
