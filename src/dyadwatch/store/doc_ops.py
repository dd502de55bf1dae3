"""Writes on one stored document: delete it, or replace its sentences and mentions after re-coding.

Both first *detach* the events the document's mentions belong to: those events are deleted and all their
mentions (from other documents too) become unassigned, so the next ``cluster_new_mentions`` re-clusters exactly
the affected blocks and the other documents' reports are not lost. Each function runs in the caller's
transaction.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, update

from dyadwatch.damage.stage import encode_map
from dyadwatch.records import ProcessedDocument
from dyadwatch.store.repo import mention_row
from dyadwatch.store.schema import documents, events, mentions, sentences

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DocChange:
    """What a delete or re-code did."""

    doc_id: str
    found: bool
    events_detached: int = 0
    mentions_removed: int = 0
    mentions_added: int = 0


def detach_events(conn: Connection, doc_id: str) -> int:
    """Delete the events ``doc_id``'s mentions belong to and unassign all their mentions; returns how many."""
    ids = sorted(set(conn.execute(
        select(mentions.c.event_id).where(mentions.c.doc_id == doc_id, mentions.c.event_id.is_not(None))
    ).scalars()))  # fmt: skip
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        conn.execute(update(mentions).where(mentions.c.event_id.in_(chunk)).values(event_id=None))
        conn.execute(delete(events).where(events.c.id.in_(chunk)))
    return len(ids)


def delete_document(conn: Connection, doc_id: str) -> DocChange:
    """Remove a document with its sentences and mentions (its events are detached for re-clustering)."""
    if conn.execute(select(documents.c.id).where(documents.c.id == doc_id)).first() is None:
        return DocChange(doc_id, False)
    detached = detach_events(conn, doc_id)
    removed = conn.execute(delete(mentions).where(mentions.c.doc_id == doc_id)).rowcount or 0
    conn.execute(delete(sentences).where(sentences.c.doc_id == doc_id))
    conn.execute(delete(documents).where(documents.c.id == doc_id))
    log.info("deleted document %s (%d mentions, %d events detached)", doc_id, removed, detached)
    return DocChange(doc_id, True, detached, removed)


def replace_coding(conn: Connection, item: ProcessedDocument, run_id: int | None) -> DocChange:
    """Store a re-coded document's sentences and mentions in place of the old ones."""
    doc = item.doc
    detached = detach_events(conn, doc.id)
    removed = conn.execute(delete(mentions).where(mentions.c.doc_id == doc.id)).rowcount or 0
    conn.execute(delete(sentences).where(sentences.c.doc_id == doc.id))
    if item.sentences:
        conn.execute(insert(sentences), [
            {"doc_id": doc.id, "idx": s.index, "start": s.start, "end": s.end, "lang": s.lang, "damage": s.damage}
            for s in item.sentences
        ])  # fmt: skip
    if item.mentions:
        conn.execute(insert(mentions), [mention_row(m, run_id) for m in item.mentions])
    conn.execute(update(documents).where(documents.c.id == doc.id).values(
        lang=doc.lang, langs=json.dumps([[s.lang, round(s.share, 4)] for s in doc.langs]),
        n_sentences=len(item.sentences), damage=item.damage,
        repaired_text=item.repair.text if item.repair else None,  # as Store.write_batch keeps them
        repair_map=encode_map(item.repair) if item.repair else None,
    ))  # fmt: skip
    log.info("re-coded document %s: %d mentions replaced by %d", doc.id, removed, len(item.mentions))
    return DocChange(doc.id, True, detached, removed, len(item.mentions))


__all__ = ["DocChange", "delete_document", "detach_events", "replace_coding"]
