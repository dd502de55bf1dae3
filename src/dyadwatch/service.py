"""The service layer shared by the CLI (and later the HTTP API): ingest into a store, extract to JSONL."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from dyadwatch.ingest import read_inputs, read_jsonl_lines
from dyadwatch.records import Document, IngestFailure, ProcessedDocument
from dyadwatch.settings import Settings
from dyadwatch.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
"""Called with the number of newly finished inputs (documents or failures)."""


@dataclass
class RunSummary:
    """What a run did, for the CLI summary and the ``runs`` table."""

    run_id: int | None = None
    status: str = "running"
    documents: int = 0  # newly stored
    skipped: int = 0  # already stored before (idempotent re-ingest)
    failed: int = 0  # newly recorded failures
    sentences: int = 0
    mentions: int = 0
    events: int = 0  # new events (deduplicated happenings) created by clustering this run's mentions
    languages: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason), including known ones
    damaged: int = 0  # newly stored documents whose damage reaches settings.damage_threshold
    repaired: int = 0  # newly stored documents with repaired sentences
    damage_sum: float = 0.0  # sum of the newly stored documents' damage scores

    @property
    def mean_damage(self) -> float:
        """Mean damage score of the newly stored documents."""
        return self.damage_sum / self.documents if self.documents else 0.0

    def counts(self) -> dict[str, int]:
        return {
            "documents": self.documents, "skipped": self.skipped, "failed": self.failed,
            "sentences": self.sentences, "mentions": self.mentions, "events": self.events,
            "damaged": self.damaged, "repaired": self.repaired,
        }  # fmt: skip


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _pipeline(settings: Settings):
    from dyadwatch.pipeline import Pipeline

    return Pipeline(settings)


def ingest(
    paths: Sequence[str],
    settings: Settings,
    progress: Progress | None = None,
    stdin_format: str = "text",
    published: date | None = None,
) -> RunSummary:
    """Read ``paths`` (files, folders, ``-``), run the pipeline and store everything; bad inputs become failures.

    ``published`` is the publication date given to documents whose input carries none (plain text, PDFs without
    metadata); relative and year-less dates in their text ("27 Kasım'da") resolve against it.
    """
    pipeline = _pipeline(settings)
    summary = RunSummary()
    with Store(settings.db_url) as store:
        summary.run_id = store.begin_run("ingest", list(paths), pipeline.coder_version)
        try:

            def todo() -> Iterator[Document | IngestFailure]:
                for item in read_inputs(paths, settings, stdin_format=stdin_format):
                    if isinstance(item, IngestFailure):
                        summary.failures.append((item.path, item.reason))
                        yield item
                    elif store.contains(item.sha256, item.id):
                        summary.skipped += 1  # idempotent: already stored, no need to process again
                        if progress:
                            progress(1)
                    else:
                        if published is not None and item.published is None:
                            item = dataclasses.replace(item, published=published)
                        yield item

            for batch in _batches(pipeline.process_stream(todo()), settings.batch_size):
                stored, failed, skipped = store.write_batch(batch, summary.run_id)
                summary.documents += len(stored)
                summary.failed += failed
                summary.skipped += skipped
                for item in batch:
                    if isinstance(item, ProcessedDocument) and item.doc.id in stored:
                        lang = item.doc.lang or "und"
                        summary.languages[lang] = summary.languages.get(lang, 0) + 1
                        summary.sentences += len(item.sentences)
                        summary.mentions += len(item.mentions)
                        summary.damaged += item.damage >= settings.damage_threshold
                        summary.repaired += item.repair is not None
                        summary.damage_sum += item.damage
                if progress:
                    progress(len(batch))
            # every mention without an event, this run's and any a killed run left behind
            from dyadwatch.relations import cluster_new_mentions

            summary.events = cluster_new_mentions(store).created
            summary.status = "completed"
        except KeyboardInterrupt:
            summary.status = "interrupted"
            raise
        finally:
            if summary.status == "running":
                summary.status = "failed"
            store.finish_run(summary.run_id, summary.status, summary.counts())
    return summary


def open_text_out(path: str) -> IO[str]:
    import sys

    if path == "-":
        return sys.stdout
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return open(path, "w", encoding="utf-8")


@dataclass
class ExtractSummary:
    documents: int = 0
    events: int = 0
    sentences: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    repaired: int = 0  # documents with repaired (damaged) sentences


def event_dicts(result: ProcessedDocument) -> Iterator[dict[str, Any]]:
    """The extract-format events of one processed document (shared by ``extract`` and sharded extraction)."""
    from dyadwatch.coder import mention_to_json
    from dyadwatch.damage.stage import original_spans

    for m in result.mentions:
        event = mention_to_json(m)
        # Offsets above refer to the text the coder read: the repaired text when damaged sentences were
        # repaired, else the document's text; "original" gives the evidence in the document's own text.
        event["original"] = original_spans(m, result.repair, result.doc.text) if result.repair else None
        yield event


def event_lines(result: ProcessedDocument) -> list[str]:
    """The extract output lines (one JSON event each, newline included) of one processed document: the one place
    that fixes the format, so sharded extraction writes byte for byte what ``extract`` writes."""
    return [json.dumps(event, ensure_ascii=False) + "\n" for event in event_dicts(result)]


def extract(
    lines: Iterable[bytes],
    out: IO[str],
    settings: Settings,
    name: str = "<input>",
    progress: Progress | None = None,
) -> ExtractSummary:
    """JSONL documents in, one JSON event per line out; no database. Bad lines are reported, not fatal.

    Each event's offsets refer to the text the coder read; ``original`` is ``null`` when that is the document's
    text, and otherwise (damaged sentences were repaired) the sentence, trigger, actor and date spans
    (``text``/``start``/``end``) in the document's own text.
    """
    pipeline = _pipeline(settings)
    summary = ExtractSummary()
    for result in pipeline.process_stream(read_jsonl_lines(lines, name)):
        if isinstance(result, IngestFailure):
            summary.failures.append((result.path, result.reason))
        else:
            summary.documents += 1
            summary.sentences += len(result.sentences)
            summary.repaired += result.repair is not None
            lines = event_lines(result)
            out.writelines(lines)
            summary.events += len(lines)
        if progress:
            progress(1)
    out.flush()
    return summary


def extract_documents(docs: Iterable[Document], settings: Settings | None = None) -> Iterator[dict[str, Any]]:
    """Extract-format event dicts for already-built documents (used by the evaluation harness)."""
    from dyadwatch.coder import mention_to_json

    pipeline = _pipeline(settings or Settings())
    for result in pipeline.process_many(docs):
        for m in result.mentions:
            yield mention_to_json(m)
