"""Reading and writing the store. Each batch of documents is one transaction: a document, its sentences and
its mentions are committed together or not at all."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import OperationalError

from dyadwatch.damage.stage import encode_map
from dyadwatch.records import IngestFailure, Mention, ProcessedDocument
from dyadwatch.store.db import StoreError, create_db_engine, migrate, space_hint
from dyadwatch.store.schema import documents, mentions, runs, sentences

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


def mention_row(m: Mention, run_id: int | None) -> dict[str, Any]:
    """Flatten a Mention into a ``mentions`` row."""
    row: dict[str, Any] = {
        "doc_id": m.doc_id, "run_id": run_id, "sentence_start": m.sentence.start, "sentence_end": m.sentence.end,
        "lang": m.lang, "date": m.date, "date_precision": m.date_precision, "status": m.status,
        "event": m.event, "mode": m.mode, "context": m.context, "cameo": m.cameo, "intensity": m.intensity,
        "goldstein": m.goldstein, "quad": m.quad, "trigger_text": m.trigger.text,
        "trigger_start": m.trigger.start, "trigger_end": m.trigger.end, "rule": m.rule,
        "confidence": m.confidence, "coder_version": m.coder_version,
    }  # fmt: skip
    for side, actor in (("source", m.source), ("target", m.target)):
        row.update({
            f"{side}_code": actor.code, f"{side}_country": actor.country, f"{side}_role": actor.role,
            f"{side}_name": actor.name, f"{side}_text": actor.span.text,
            f"{side}_start": actor.span.start, f"{side}_end": actor.span.end,
        })  # fmt: skip
    return row


class Store:
    """The dyadwatch database: open with a URL, migrated on open."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = create_db_engine(url)
        self.revision = migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction; a locked database or a full disk becomes a ``StoreError`` that says so."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            raise StoreError(
                f"cannot write to {self.engine.url.render_as_string(hide_password=True)}: {exc.orig}"
                f"{space_hint(self.engine)}"
            ) from exc

    # runs -------------------------------------------------------------
    def begin_run(self, command: str, args: Sequence[str], coder_version: str | None) -> int:
        with self.writing() as conn:
            res = conn.execute(
                insert(runs).values(
                    command=command,
                    started_at=_now(),
                    status="running",
                    coder_version=coder_version,
                    args=json.dumps(list(args), ensure_ascii=False),
                    counts="{}",
                )
            )
            return int(res.inserted_primary_key[0])

    def finish_run(self, run_id: int, status: str, counts: dict[str, int]) -> None:
        with self.writing() as conn:
            conn.execute(
                update(runs)
                .where(runs.c.id == run_id)
                .values(finished_at=_now(), status=status, counts=json.dumps(counts))
            )

    # documents --------------------------------------------------------
    def known(self, conn: Connection, sha: str, doc_id: str) -> bool:
        q = select(documents.c.id).where((documents.c.sha256 == sha) | (documents.c.id == doc_id)).limit(1)
        return conn.execute(q).first() is not None

    def contains(self, sha: str, doc_id: str) -> bool:
        """True when a document with this content hash or id (or a failure with this key) is stored."""
        with self.engine.connect() as conn:
            return self.known(conn, sha, doc_id)

    def write_batch(
        self, items: Iterable[ProcessedDocument | IngestFailure], run_id: int | None
    ) -> tuple[set[str], int, int]:
        """Store a batch in one transaction; returns (ids stored now, failures recorded, items already stored)."""
        stored: set[str] = set()
        failed = skipped = 0
        try:
            with self.engine.begin() as conn:
                for item in items:
                    if isinstance(item, IngestFailure):
                        if self.known(conn, item.key, item.key):
                            skipped += 1
                            continue
                        conn.execute(insert(documents).values(
                            id=item.key, sha256=item.key, status="failed", reason=item.reason, path=item.path,
                            format=item.format, n_sentences=0, run_id=run_id, ingested_at=_now(),
                        ))  # fmt: skip
                        failed += 1
                        continue
                    doc = item.doc
                    if self.known(conn, doc.sha256, doc.id):
                        skipped += 1
                        continue
                    conn.execute(insert(documents).values(
                        id=doc.id, sha256=doc.sha256, status="ok", path=doc.path, format=doc.format,
                        title=doc.title, published=doc.published, lang=doc.lang,
                        langs=json.dumps([[s.lang, round(s.share, 4)] for s in doc.langs]),
                        url=doc.url, source=doc.source, author=doc.author, meta=json.dumps(dict(doc.meta)),
                        text=doc.text, n_sentences=len(item.sentences), damage=item.damage, run_id=run_id,
                        ingested_at=_now(),
                        # mention offsets refer to repaired_text when it is set (repair_map maps them to text)
                        repaired_text=item.repair.text if item.repair else None,
                        repair_map=encode_map(item.repair) if item.repair else None,
                    ))  # fmt: skip
                    if item.sentences:
                        conn.execute(insert(sentences), [
                            {"doc_id": doc.id, "idx": s.index, "start": s.start, "end": s.end,
                             "lang": s.lang, "damage": s.damage}
                            for s in item.sentences
                        ])  # fmt: skip
                    if item.mentions:
                        conn.execute(insert(mentions), [mention_row(m, run_id) for m in item.mentions])
                    stored.add(doc.id)
        except OperationalError as exc:
            raise StoreError(
                f"cannot write to {self.engine.url.render_as_string(hide_password=True)}: {exc.orig}"
                f"{space_hint(self.engine)}"
            ) from exc
        return stored, failed, skipped

    # queries ----------------------------------------------------------
    def status(self, damage_threshold: float = 0.5) -> dict[str, Any]:
        """Counts of documents by status, sentences, mentions, and the last runs; ``damage``: how many stored
        documents reach ``damage_threshold``, how many were repaired, and the mean document damage."""
        with self.engine.connect() as conn:
            ok = documents.c.status == "ok"
            damage = conn.execute(
                select(
                    func.count(documents.c.damage).filter(documents.c.damage >= damage_threshold),
                    func.count(documents.c.repaired_text),
                    func.avg(documents.c.damage),
                ).where(ok)
            ).one()
            by_status = dict(conn.execute(select(documents.c.status, func.count()).group_by(documents.c.status)).all())
            by_lang = dict(
                conn.execute(
                    select(documents.c.lang, func.count()).where(documents.c.status == "ok").group_by(documents.c.lang)
                ).all()
            )
            n_sent = conn.execute(select(func.count()).select_from(sentences)).scalar_one()
            n_ment = conn.execute(select(func.count()).select_from(mentions)).scalar_one()
            last_runs = [dict(r._mapping) for r in conn.execute(select(runs).order_by(runs.c.id.desc()).limit(5)).all()]
        return {
            "documents": by_status, "languages": by_lang, "sentences": n_sent, "mentions": n_ment,
            "runs": last_runs, "revision": self.revision,
            "damage": {"threshold": damage_threshold, "damaged": damage[0], "repaired": damage[1],
                       "mean": round(float(damage[2]), 4) if damage[2] is not None else None},
        }  # fmt: skip

    def list_documents(self, status: str | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        cols = [c for c in documents.c if c.name not in ("text", "repaired_text", "repair_map")]
        q = select(*cols).order_by(documents.c.ingested_at, documents.c.id).limit(limit).offset(offset)
        if status:
            q = q.where(documents.c.status == status)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q).all()]

    def count(self, table: str) -> int:
        tbl = {"documents": documents, "sentences": sentences, "mentions": mentions, "runs": runs}[table]
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(tbl)).scalar_one()


__all__ = ["Store", "StoreError", "mention_row"]
