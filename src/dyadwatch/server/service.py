"""The server's service object: one open Store plus the pipeline and lexicon, with every read and write the
HTTP API offers. The API routes only translate between HTTP and these methods; the same functions
(``store.read``, ``relations``, ``store.doc_ops``) serve the CLI.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from dyadwatch.records import Document, IngestFailure, ProcessedDocument, SeriesPoint
from dyadwatch.server.highlight import Mark, Segment, segments
from dyadwatch.server.uploads import check_upload, read_upload
from dyadwatch.settings import Settings
from dyadwatch.store import Store
from dyadwatch.store import read as rd
from dyadwatch.store import read_docs as rdd
from dyadwatch.store.doc_ops import DocChange, delete_document, replace_coding
from dyadwatch.store.schema import events, mentions

log = logging.getLogger(__name__)

CHANGE_METRICS = ("goldstein_sum", "goldstein_mean", "plover_sum", "plover_mean", "n_events", "n_mentions",
                  "mention_goldstein_sum", "mention_plover_sum")  # fmt: skip
FACETS_TTL = 30.0  # seconds the pair/type/language lists are cached (cleared by every write)


class NotFound(LookupError):
    """No such document / event / mention."""


class Conflict(ValueError):
    """The request cannot apply to this resource in its state (e.g. re-coding a failed input)."""


@dataclass(frozen=True, slots=True)
class SpanView:
    text: str | None
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class ActorView:
    code: str | None
    country: str
    role: str | None
    name: str | None
    span: SpanView


@dataclass(frozen=True, slots=True)
class DocRefView:
    id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: date | None


@dataclass(frozen=True, slots=True)
class MentionView:
    """A mention as the API shows it: spans grouped, the sentence cut into highlight segments."""

    id: int
    event_id: str | None
    lang: str | None
    date: date | None
    date_precision: str
    status: str
    event: str
    mode: str | None
    context: str | None
    cameo: str | None
    plover: float | None
    goldstein: float | None
    quad: int | None
    rule: str
    confidence: float | None
    coder_version: str
    source: ActorView
    target: ActorView
    trigger: SpanView
    sentence: SpanView
    segments: tuple[Segment, ...]
    document: DocRefView


def _marks(r: rdd.MentionRow) -> list[Mark]:
    return [Mark(s, e, kind, r.id) for s, e, kind in (
        (r.trigger_start, r.trigger_end, "trigger"), (r.source_start, r.source_end, "source"),
        (r.target_start, r.target_end, "target")) if s is not None and e is not None]  # fmt: skip


def mention_view(r: rdd.MentionRow) -> MentionView:
    """Group a mention row's columns for the API."""

    def actor(side: str) -> ActorView:
        g = lambda k: getattr(r, f"{side}_{k}")  # noqa: E731
        return ActorView(g("code"), g("country"), g("role"), g("name"), SpanView(g("text"), g("start"), g("end")))

    return MentionView(
        id=r.id, event_id=r.event_id, lang=r.lang, date=r.date, date_precision=r.date_precision, status=r.status,
        event=r.event, mode=r.mode, context=r.context, cameo=r.cameo, plover=r.intensity, goldstein=r.goldstein,
        quad=r.quad, rule=r.rule, confidence=r.confidence, coder_version=r.coder_version, source=actor("source"),
        target=actor("target"), trigger=SpanView(r.trigger_text, r.trigger_start, r.trigger_end),
        sentence=SpanView(r.sentence, r.sentence_start, r.sentence_end),
        segments=tuple(segments(r.sentence or "", _marks(r), r.sentence_start)),
        document=DocRefView(r.doc_id, r.doc_title, r.doc_url, r.doc_outlet, r.doc_published),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Page:
    items: tuple[Any, ...]
    total: int
    limit: int
    offset: int
    total_exact: bool = True


@dataclass(frozen=True, slots=True)
class UploadResult:
    run_id: int | None
    status: str
    filename: str
    documents: tuple[str, ...]
    skipped: int
    failed: int
    failures: tuple[tuple[str, str], ...]
    mentions: int
    events: int


class ServerService:
    """Everything the HTTP API does, over one Store (opened and migrated here)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store(settings.db_url)
        self._write_lock = threading.Lock()  # one writer at a time; the pipeline is not thread-safe
        self._pipeline: Any = None
        self._lexicon: Any = None
        self._lexicon_loaded = False
        self._facets: tuple[float, Any] | None = None

    def close(self) -> None:
        self.store.close()

    # ------------------------------------------------------------------------------------------------ reads
    def _conn(self) -> Any:
        return self.store.engine.connect()

    def facets(self) -> tuple[list[tuple[str, str, int]], list[str], list[str]]:
        """(pairs with event counts, event types, mention languages), cached for ``FACETS_TTL`` seconds."""
        cached = self._facets
        if cached and time.monotonic() - cached[0] < FACETS_TTL:
            return cached[1]
        with self._conn() as conn:
            langs = sorted(x for x in conn.execute(select(mentions.c.lang).distinct()).scalars() if x)
            value = (rd.event_pairs(conn), rd.event_types(conn), langs)
        self._facets = (time.monotonic(), value)
        return value

    def events(self, f: rd.EventFilter, limit: int, offset: int, descending: bool = False) -> Page:
        with self._conn() as conn:
            res = rd.event_page(conn, f, limit, offset, descending)
        return Page(res.items, res.total, limit, offset, res.total_exact)

    def event(self, event_id: str) -> tuple[rd.EventRow, list[MentionView]]:
        with self._conn() as conn:
            ev = rd.get_event(conn, event_id)
            if ev is None:
                raise NotFound(f"no event {event_id!r}")
            rows, _ = rdd.mention_page(conn, event_id=event_id, limit=1000)
        return ev, [mention_view(r) for r in rows]

    def mentions(self, event_id: str | None, doc_id: str | None, limit: int, offset: int) -> Page:
        with self._conn() as conn:
            rows, total = rdd.mention_page(conn, event_id=event_id, doc_id=doc_id, limit=limit, offset=offset)
        return Page(tuple(mention_view(r) for r in rows), total, limit, offset)

    def mention(self, mention_id: int) -> MentionView:
        with self._conn() as conn:
            rows, _ = rdd.mention_page(conn, mention_id=mention_id, limit=1)
        if not rows:
            raise NotFound(f"no mention {mention_id}")
        return mention_view(rows[0])

    def documents(self, status: str | None, lang: str | None, limit: int, offset: int) -> Page:
        with self._conn() as conn:
            rows, total = rdd.document_page(conn, status, lang, limit, offset)
        return Page(tuple(rows), total, limit, offset)

    def document(self, doc_id: str) -> tuple[rdd.DocumentRow, list[rdd.SentenceRow], list[MentionView], list[Segment]]:
        """A document with its sentences, mentions and its text cut at every evidence boundary."""
        with self._conn() as conn:
            doc = rdd.get_document(conn, doc_id)
            if doc is None:
                raise NotFound(f"no document {doc_id!r}")
            sents = rdd.document_sentences(conn, doc_id)
            rows, _ = rdd.mention_page(conn, doc_id=doc_id, limit=5000)
        marks = [Mark(r.sentence_start, r.sentence_end, "evidence", r.id) for r in rows]
        for r in rows:
            marks += _marks(r)
        coded = doc.repaired_text or doc.text or ""  # mention offsets are into the text the coder read
        return doc, sents, [mention_view(r) for r in rows], segments(coded, marks)

    def series(
        self, a: str, b: str, period: str, start: date | None, end: date | None, directed: bool,
        statuses: Sequence[str] | None, types: Sequence[str], lang: str | None,
    ) -> list[SeriesPoint]:  # fmt: skip
        from dyadwatch.relations.series_db import dyad_series_db

        with self._conn() as conn:
            return dyad_series_db(conn, a, b, period, start, end, directed, statuses, types, lang)

    def lexicon(self) -> Any:
        if not self._lexicon_loaded:
            from dyadwatch.relations.periods import load_default_lexicon

            self._lexicon, self._lexicon_loaded = load_default_lexicon(), True
        return self._lexicon

    def periods(self, a: str, b: str, start: date | None, end: date | None, metric: str, period: str) -> Any:
        """Leaders' tenures and change points (with their driving events) like ``dyadwatch periods``."""
        from dyadwatch.relations.periods import change_points, dyad_periods
        from dyadwatch.relations.series_db import dyad_series_db
        from dyadwatch.store import events_repo

        if metric not in CHANGE_METRICS:
            raise ValueError(f"metric must be one of {', '.join(CHANGE_METRICS)}")
        with self._conn() as conn:
            pair = rd.event_where(rd.EventFilter(a=a, b=b))
            lo, hi = conn.execute(select(func.min(events.c.date), func.max(events.c.date)).where(*pair)).one()
            first, last = start or lo or date.today(), end or hi or date.today()
            points = dyad_series_db(conn, a, b, period, first, last)
            breaks = change_points(points, [], metric=metric)
            evs: dict[str, Any] = {}
            for cp in breaks:  # drivers lie in the first periods of each new segment: load only those events
                until = points[min(cp.index + 2, len(points)) - 1].end
                evs.update({e.id: e for e in events_repo.load_events(conn, a, b, cp.start, until)})
            changes = change_points(points, list(evs.values()), metric=metric)
            drivers = {i: rd.get_event(conn, i) for c in changes for i in c.drivers}
        tenures = dyad_periods(a, b, first, last, self.lexicon())
        return tenures, [(c, [drivers[i] for i in c.drivers if drivers.get(i)]) for c in changes]

    def brief(self, a: str, b: str, start: date, end: date) -> Any:
        """Write the analyst's brief into a temporary folder and return it with its Markdown text."""
        from dyadwatch.relations.brief import make_brief

        with tempfile.TemporaryDirectory(prefix="dyadwatch-brief-") as tmp:
            res = make_brief(self.store, a, b, start, end, Path(tmp), self.lexicon())
            return res, res.markdown.read_text(encoding="utf-8")

    def runs(self, limit: int, offset: int) -> Page:
        with self._conn() as conn:
            rows, total = rdd.run_page(conn, limit, offset)
        return Page(tuple(rows), total, limit, offset)

    # ------------------------------------------------------------------------------------------------ writes
    def _pipe(self) -> Any:
        if self._pipeline is None:
            from dyadwatch.pipeline import Pipeline

            self._pipeline = Pipeline(self.settings)
        return self._pipeline

    def upload(self, filename: str | None, content_type: str | None, data: bytes, published: date | None) -> Any:
        """Check, read, code and store an uploaded file (one run); raises ``UploadRejected`` for bad types."""
        from dyadwatch.relations import cluster_new_mentions

        checked = check_upload(filename, content_type, data)
        items = read_upload(checked, data)
        with self._write_lock:
            pipe = self._pipe()
            run_id = self.store.begin_run("upload", [checked.name], pipe.coder_version)
            status, stored, skipped, failed, n_mentions, n_events = "failed", set(), 0, 0, 0, 0
            try:
                batch: list[ProcessedDocument | IngestFailure] = []
                for item in items:
                    if isinstance(item, Document):
                        if self.store.contains(item.sha256, item.id):
                            skipped += 1
                            continue
                        if published is not None and item.published is None:
                            item = dataclasses.replace(item, published=published)
                        item = pipe.process(item)
                    batch.append(item)
                stored, failed, more = self.store.write_batch(batch, run_id)
                skipped += more
                n_mentions = sum(len(p.mentions) for p in batch if isinstance(p, ProcessedDocument)
                                 and p.doc.id in stored)  # fmt: skip
                n_events = cluster_new_mentions(self.store).created if n_mentions else 0
                status = "completed"
            finally:
                counts = {"documents": len(stored), "skipped": skipped, "failed": failed, "mentions": n_mentions,
                          "events": n_events}  # fmt: skip
                self.store.finish_run(run_id, status, counts)
                self._facets = None
        failures = tuple((i.path, i.reason) for i in items if isinstance(i, IngestFailure))
        ids = tuple(p.doc.id for p in batch if isinstance(p, ProcessedDocument) and p.doc.id in stored)
        log.info("upload %s: %d stored, %d skipped, %d failed", checked.name, len(ids), skipped, failed)
        return UploadResult(run_id, status, checked.name, ids, skipped, failed, failures, n_mentions, n_events)

    def _recluster(self) -> int:
        from dyadwatch.relations import cluster_new_mentions

        self._facets = None
        return cluster_new_mentions(self.store).events

    def delete(self, doc_id: str) -> tuple[DocChange, int]:
        """Delete a document; the events it reported are re-clustered from the remaining mentions."""
        with self._write_lock:
            with self.store.engine.begin() as conn:
                change = delete_document(conn, doc_id)
            if not change.found:
                raise NotFound(f"no document {doc_id!r}")
            return change, self._recluster()

    def recode(self, doc_id: str) -> tuple[DocChange, int]:
        """Run the current pipeline again over a stored document and replace its sentences and mentions."""
        with self._conn() as conn:
            row = rdd.get_document(conn, doc_id)
        if row is None:
            raise NotFound(f"no document {doc_id!r}")
        if row.status != "ok" or not row.text:
            raise Conflict(f"document {doc_id!r} is a failed input; there is no text to re-code")
        import hashlib

        doc = Document(id=row.id, text=row.text, sha256=hashlib.sha256(row.text.encode("utf-8")).hexdigest(),
                       title=row.title, published=row.published, lang=row.lang, url=row.url, source=row.source,
                       author=row.author, path=row.path, format=row.format or "text")  # fmt: skip
        with self._write_lock:
            pipe = self._pipe()
            run_id = self.store.begin_run("recode", [doc_id], pipe.coder_version)
            status = "failed"
            try:
                processed = pipe.process(doc)
                with self.store.engine.begin() as conn:
                    change = replace_coding(conn, processed, run_id)
                total = self._recluster()
                status = "completed"
            finally:
                self.store.finish_run(run_id, status, {"documents": 1 if status == "completed" else 0})
        return change, total


__all__ = ["Conflict", "MentionView", "NotFound", "Page", "ServerService", "UploadResult", "mention_view"]
