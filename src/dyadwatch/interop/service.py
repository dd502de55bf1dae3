"""Service functions for interoperability: import GDELT/ICEWS/POLECAT files into the store, export stored events.

``import_files`` streams each file (plain, ``.gz`` or single-member ``.zip``) through its reader in batches, stores
new rows in ``external_events`` with their provenance and records one ``import`` run; bad rows are reported, never
fatal. ``stored_events`` turns our stored mentions (or deduplicated events) back into extract-format dicts, which
``write_events`` writes as GDELT TSV, PLOVER JSONL, CSV, Parquet or JSONL.
"""

from __future__ import annotations

import gzip
import io
import logging
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from dyadwatch.interop.external import READERS, ExternalEvent, ExternalMention, ImportProblem
from dyadwatch.settings import Settings

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
BATCH = 2000  # rows per transaction


@dataclass
class ImportSummary:
    """What an import did."""

    dataset: str
    run_id: int | None = None
    rows: int = 0  # rows read (events and mentions)
    inserted: int = 0  # events newly stored
    skipped: int = 0  # events stored before (same dataset and id)
    mentions: int = 0  # GDELT mentions attached to stored events
    unmatched: int = 0  # GDELT mentions of events not in the store
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file:line, reason)

    def counts(self) -> dict[str, int]:
        return {"rows": self.rows, "inserted": self.inserted, "skipped": self.skipped, "mentions": self.mentions,
                "unmatched": self.unmatched, "problems": len(self.problems)}  # fmt: skip


@contextmanager
def open_lines(path: Path) -> Iterator[Iterator[str]]:
    """The text lines of ``path`` (UTF-8; ``.gz``/``.zip`` decompressed on the fly; bad bytes replaced)."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
            if len(names) != 1:
                raise ValueError(f"{path}: expected one file in the zip archive, found {len(names)}")
            with zf.open(names[0]) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")
        return
    opener: Callable[..., IO[bytes]] = gzip.open if path.suffix.lower() == ".gz" else open  # type: ignore[assignment]
    with opener(path, "rb") as raw:
        yield io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")


def import_files(
    dataset: str, paths: Sequence[str], settings: Settings, progress: Progress | None = None
) -> ImportSummary:
    """Import ``paths`` of ``dataset`` (gdelt: events exports and/or mentions tables; icews; polecat)."""
    from dyadwatch.store import Store, StoreError
    from dyadwatch.store import external_repo as repo

    if dataset not in READERS:
        raise ValueError(f"unknown dataset {dataset!r}: use one of {', '.join(sorted(READERS))}")
    reader = READERS[dataset]
    summary = ImportSummary(dataset)
    with Store(settings.db_url) as store:
        summary.run_id = store.begin_run(f"import-{dataset}", list(paths), None)
        status = "failed"
        try:
            for name in paths:
                try:
                    with open_lines(Path(name)) as lines:
                        _import_stream(store, repo, reader(lines, name), summary, progress)
                except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:  # a broken file, not the store
                    summary.problems.append((name, f"unreadable: {getattr(exc, 'strerror', None) or exc}"))
            status = "completed"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            try:
                store.finish_run(summary.run_id, status, summary.counts())
            except StoreError:
                if status == "completed":
                    raise
                log.debug("could not record the end of run %s", summary.run_id, exc_info=True)
    return summary


def _import_stream(store: Any, repo: Any, items: Iterator[Any], summary: ImportSummary, progress: Progress | None):
    events: list[ExternalEvent] = []
    mentions: list[ExternalMention] = []

    def flush() -> None:
        from sqlalchemy.exc import OperationalError

        from dyadwatch.store import StoreError

        try:
            with store.engine.begin() as conn:
                if events:
                    ins, skip = repo.insert_events(conn, events, summary.run_id)
                    summary.inserted += ins
                    summary.skipped += skip
                if mentions:
                    att, miss = repo.attach_mentions(conn, mentions)
                    summary.mentions += att
                    summary.unmatched += miss
        except OperationalError as exc:
            from dyadwatch.store.db import space_hint

            where = store.engine.url.render_as_string(hide_password=True)
            raise StoreError(f"cannot write to {where}: {exc.orig}{space_hint(store.engine)}") from exc
        if progress:
            progress(len(events) + len(mentions))
        events.clear()
        mentions.clear()

    for item in items:
        if isinstance(item, ImportProblem):
            summary.problems.append((item.where, item.reason))
            continue
        summary.rows += 1
        (events if isinstance(item, ExternalEvent) else mentions).append(item)
        if len(events) + len(mentions) >= BATCH:
            flush()
    flush()


def stored_events(
    store: Any,
    a: str | None = None,
    b: str | None = None,
    start: date | None = None,
    end: date | None = None,
    level: str = "mentions",
) -> Iterator[dict[str, Any]]:
    """Our stored mentions (``level="mentions"``) or deduplicated events (``"events"``: each event as its first
    mention, with the event's id, date, status and mention count) as extract-format dicts with the document URL."""
    from sqlalchemy import and_, or_, select

    from dyadwatch.coder.version import TABLES_VERSION
    from dyadwatch.store.schema import documents, events, mentions

    if level not in ("mentions", "events"):
        raise ValueError("level must be mentions or events")
    m = mentions.c
    q = select(mentions, documents.c.url).join(documents, documents.c.id == m.doc_id)
    if a and b:
        q = q.where(or_(and_(m.source_country == a, m.target_country == b),
                        and_(m.source_country == b, m.target_country == a)))  # fmt: skip
    elif a:
        q = q.where(or_(m.source_country == a, m.target_country == a))
    if level == "events":
        e = events.c
        q = q.add_columns(e.id.label("ev_id"), e.date.label("ev_date"), e.status.label("ev_status"),
                          e.date_precision.label("ev_precision"), e.n_mentions.label("ev_n"))  # fmt: skip
        q = q.join(events, events.c.id == m.event_id)
        day = events.c.date
    else:
        day = m.date
    if start is not None:
        q = q.where(day >= start)
    if end is not None:
        q = q.where(day <= end)
    seen: set[str] = set()
    with store.engine.connect() as conn:
        for r in conn.execution_options(yield_per=1000).execute(q.order_by(m.id)):
            if level == "events":
                if r.ev_id in seen:
                    continue
                seen.add(r.ev_id)
            ev = _event_dict(r, TABLES_VERSION)
            if level == "events":
                ev.update(event_id=r.ev_id, n_mentions=r.ev_n, status=r.ev_status, date_precision=r.ev_precision,
                          date=r.ev_date.isoformat() if r.ev_date else None)  # fmt: skip
            yield ev


def _event_dict(r: Any, tables: str) -> dict[str, Any]:
    def actor(side: str) -> dict[str, Any]:
        return {"code": r._mapping[f"{side}_code"], "country": r._mapping[f"{side}_country"],
                "role": r._mapping[f"{side}_role"], "name": r._mapping[f"{side}_name"],
                "text": r._mapping[f"{side}_text"], "start": r._mapping[f"{side}_start"],
                "end": r._mapping[f"{side}_end"]}  # fmt: skip

    return {
        "doc_id": r.doc_id, "lang": r.lang, "sentence": {"start": r.sentence_start, "end": r.sentence_end},
        "date": r.date.isoformat() if r.date else None, "date_precision": r.date_precision, "status": r.status,
        "source": actor("source"), "target": actor("target"),
        "plover": {"event": r.event, "mode": r.mode, "context": r.context}, "cameo": r.cameo,
        "intensity": r.intensity, "goldstein": r.goldstein, "quad": r.quad,
        "trigger": {"text": r.trigger_text, "start": r.trigger_start, "end": r.trigger_end}, "rule": r.rule,
        "confidence": r.confidence, "coder_version": r.coder_version, "tables": tables, "url": r.url,
    }  # fmt: skip
