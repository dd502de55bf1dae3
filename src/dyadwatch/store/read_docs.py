"""Read queries for the HTTP API over mentions (with their sentence and document), documents, sentences and runs.

All functions take an open ``Connection``; rows come back as frozen dataclasses.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from dyadwatch.store.read import _count
from dyadwatch.store.schema import documents, mentions, runs, sentences

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MentionRow:
    """A stored mention with its sentence text and its document's metadata."""

    id: int
    doc_id: str
    event_id: str | None
    lang: str | None
    date: date | None
    date_precision: str
    status: str
    event: str
    mode: str | None
    context: str | None
    cameo: str | None
    intensity: float | None
    goldstein: float | None
    quad: int | None
    rule: str
    confidence: float | None
    coder_version: str
    sentence_start: int
    sentence_end: int
    sentence: str
    trigger_text: str | None
    trigger_start: int | None
    trigger_end: int | None
    source_code: str | None
    source_country: str
    source_role: str | None
    source_name: str | None
    source_text: str | None
    source_start: int | None
    source_end: int | None
    target_code: str | None
    target_country: str
    target_role: str | None
    target_name: str | None
    target_text: str | None
    target_start: int | None
    target_end: int | None
    doc_title: str | None
    doc_url: str | None
    doc_outlet: str | None
    doc_published: date | None


_M_COLS = [c for c in mentions.c if c.name not in ("run_id",)]


def mention_page(
    conn: Connection,
    event_id: str | None = None,
    doc_id: str | None = None,
    mention_id: int | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[MentionRow], int]:
    """Mentions (of one event, one document, or one id) in id order with their sentences; and the total."""
    m = mentions.c
    where = []
    if event_id is not None:
        where.append(m.event_id == event_id)
    if doc_id is not None:
        where.append(m.doc_id == doc_id)
    if mention_id is not None:
        where.append(m.id == mention_id)
    total = _count(conn, mentions, where)
    # offsets are into the text the coder read: the repaired text when damaged sentences were repaired
    coded = func.coalesce(documents.c.repaired_text, documents.c.text)
    sentence = func.substr(coded, m.sentence_start + 1, m.sentence_end - m.sentence_start)
    q = (
        select(*_M_COLS, sentence.label("sentence"), documents.c.title.label("doc_title"),
               documents.c.url.label("doc_url"), documents.c.source.label("doc_outlet"),
               documents.c.published.label("doc_published"))
        .join(documents, documents.c.id == m.doc_id)
        .where(*where)
        .order_by(m.id)
        .limit(limit)
        .offset(offset)
    )  # fmt: skip
    return [MentionRow(**dict(r._mapping)) for r in conn.execute(q)], total


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A stored document (``text`` only when asked for)."""

    id: str
    status: str
    reason: str | None
    path: str | None
    format: str | None
    title: str | None
    published: date | None
    lang: str | None
    langs: tuple[tuple[str, float], ...]
    url: str | None
    source: str | None
    author: str | None
    n_sentences: int
    damage: float | None
    run_id: int | None
    ingested_at: datetime | None
    text: str | None = None
    repaired_text: str | None = None  # the text the coder read, when damaged sentences were repaired


_DOC_COLS = [c for c in documents.c if c.name not in ("text", "sha256", "meta", "repaired_text", "repair_map")]


def _doc_row(r: Any) -> DocumentRow:
    m = dict(r._mapping)
    try:
        m["langs"] = tuple((str(x[0]), float(x[1])) for x in json.loads(m["langs"] or "[]"))
    except (ValueError, TypeError, IndexError):
        m["langs"] = ()
    return DocumentRow(**m)


def document_page(
    conn: Connection, status: str | None = None, lang: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[DocumentRow], int]:
    """Documents (and failed inputs), oldest first; and the total."""
    where = []
    if status:
        where.append(documents.c.status == status)
    if lang:
        where.append(documents.c.lang == lang)
    q = select(*_DOC_COLS).where(*where).order_by(documents.c.ingested_at, documents.c.id)
    rows = [_doc_row(r) for r in conn.execute(q.limit(limit).offset(offset))]
    return rows, _count(conn, documents, where)


def get_document(conn: Connection, doc_id: str, with_text: bool = True) -> DocumentRow | None:
    cols = [*_DOC_COLS, documents.c.text, documents.c.repaired_text] if with_text else _DOC_COLS
    row = conn.execute(select(*cols).where(documents.c.id == doc_id)).first()
    return _doc_row(row) if row else None


@dataclass(frozen=True, slots=True)
class SentenceRow:
    idx: int
    start: int
    end: int
    lang: str | None
    damage: float | None


def document_sentences(conn: Connection, doc_id: str) -> list[SentenceRow]:
    q = select(sentences.c.idx, sentences.c.start, sentences.c.end, sentences.c.lang, sentences.c.damage)
    return [SentenceRow(*r) for r in conn.execute(q.where(sentences.c.doc_id == doc_id).order_by(sentences.c.idx))]


@dataclass(frozen=True, slots=True)
class RunRow:
    id: int
    command: str
    status: str
    started_at: datetime | None
    finished_at: datetime | None
    coder_version: str | None
    counts: dict[str, Any]
    args: tuple[str, ...]


def run_page(conn: Connection, limit: int = 50, offset: int = 0) -> tuple[list[RunRow], int]:
    """Runs, newest first; and the total."""
    q = select(runs).order_by(runs.c.id.desc()).limit(limit).offset(offset)
    out = []
    for r in conn.execute(q):
        try:
            counts, args = json.loads(r.counts or "{}"), tuple(json.loads(r.args or "[]"))
        except ValueError:
            counts, args = {}, ()
        out.append(RunRow(r.id, r.command, r.status, r.started_at, r.finished_at, r.coder_version, counts, args))
    return out, _count(conn, runs, [])


__all__ = [
    "DocumentRow", "MentionRow", "RunRow", "SentenceRow", "document_page", "document_sentences", "get_document",
    "mention_page", "run_page",
]  # fmt: skip
