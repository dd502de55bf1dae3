"""Sharded extraction: JSONL inputs → partitions → coded in this process or in Dask workers → Parquet shards →
events JSONL and/or the store, in input order.

``run_sharded`` is what ``dyadwatch extract --shards/--dask/--db`` calls. Each partition becomes one shard
(``dyadwatch.scale.shards``); shards that a previous run of the same job completed are reused, so a killed run
resumes where it stopped. Loading into the store goes shard by shard in input order through ``Store.write_batch``
(a document with its sentences and mentions in one transaction; documents already stored are skipped), then the
new mentions are clustered into events, exactly as ``dyadwatch ingest`` does: the store ends up the same as after a
single-process ingest of the same file, and the JSONL output the same as a single-process ``extract``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from dyadwatch.records import IngestFailure, ProcessedDocument
from dyadwatch.scale.shards import (
    Partition,
    ShardError,
    manifest_for,
    plan_partitions,
    prepare_folder,
    read_events,
    read_failures,
    read_lines,
    read_shard,
    shard_counts,
    shard_path,
    write_shard,
)
from dyadwatch.settings import Settings

log = logging.getLogger(__name__)

Progress = Callable[[int], None]

_PIPELINES: dict[Settings, Any] = {}


@dataclass(frozen=True, slots=True)
class PartitionResult:
    """What one partition produced (or found already done)."""

    index: int
    documents: int
    failed: int
    sentences: int
    mentions: int
    reused: bool
    worker: str = ""


@dataclass
class ShardedSummary:
    """What a sharded run did."""

    partitions: int = 0
    reused: int = 0  # shards found complete from an earlier run of the same job
    documents: int = 0
    failed: int = 0
    sentences: int = 0
    mentions: int = 0
    events_written: int = 0  # lines of the JSONL output
    stored: int = 0  # documents newly stored (with --db)
    skipped: int = 0  # documents already in the store
    events: int = 0  # new events created by clustering (with --db)
    run_id: int | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)
    workers: dict[str, int] = field(default_factory=dict)  # partitions per worker


def _pipeline(settings: Settings) -> Any:
    """One pipeline per process and settings (workers keep theirs between tasks)."""
    pipeline = _PIPELINES.get(settings)
    if pipeline is None:
        from dyadwatch.pipeline import Pipeline

        pipeline = _PIPELINES[settings] = Pipeline(settings)
    return pipeline


def run_partition(part: Partition, settings: Settings, folder: str) -> PartitionResult:
    """Code one partition into its shard (the task a worker runs); a shard already there is reused."""
    from dyadwatch.ingest import read_jsonl_lines

    out = shard_path(Path(folder), part.index)
    worker = f"{os.uname().nodename}:{os.getpid()}"
    if out.is_dir():
        c = shard_counts(out)
        return PartitionResult(part.index, c["documents"], c["failed"], c["sentences"], c["mentions"], True, worker)
    pipeline = _pipeline(settings)
    items: list[tuple[int, ProcessedDocument | IngestFailure]] = []
    for item in pipeline.process_stream(read_jsonl_lines(read_lines(part), part.name, first_line=part.first_line)):
        path = item.path if isinstance(item, IngestFailure) else item.doc.path
        items.append((int((path or "").rsplit(":", 1)[-1]), item))
    write_shard(Path(folder), part.index, items)
    docs = [r for _, r in items if isinstance(r, ProcessedDocument)]
    return PartitionResult(
        part.index, len(docs), len(items) - len(docs), sum(len(d.sentences) for d in docs),
        sum(len(d.mentions) for d in docs), False, worker,
    )  # fmt: skip


def _local(parts: Sequence[Partition], settings: Settings, folder: str) -> Iterator[PartitionResult]:
    for part in parts:
        yield run_partition(part, settings, folder)


def _dask(parts: Sequence[Partition], settings: Settings, folder: str, scheduler: str, workers: int):
    """Run the partitions on a Dask cluster (``local``: a LocalCluster of ``workers`` processes); as completed."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ShardError("--dask needs Dask: pip install 'dyadwatch[dist]'") from exc
    if not log.isEnabledFor(logging.INFO):  # Dask logs every worker and client at INFO level
        logging.getLogger("distributed").setLevel(logging.WARNING)
    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=logging.WARNING,
        )  # fmt: skip
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        log.info("dask: %s, %d workers", client.scheduler.address, len(client.scheduler_info()["workers"]))
        futures = client.map(run_partition, parts, settings=settings, folder=folder, pure=False)
        for fut in as_completed(futures):
            yield fut.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _open_out(output: str | None) -> tuple[IO[str] | None, Path | None]:
    if output is None:
        return None, None
    if output == "-":
        import sys

        return sys.stdout, None
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    return tmp.open("w", encoding="utf-8"), tmp


def run_sharded(
    inputs: Sequence[str],
    settings: Settings,
    shards: Path,
    output: str | None = None,
    to_store: bool = False,
    dask: str | None = None,
    workers: int = 2,
    lines_per_partition: int = 1000,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> ShardedSummary:
    """Code JSONL ``inputs`` into Parquet ``shards``; then write events JSONL to ``output`` and/or load the store.

    ``dask``: ``None`` (this process), ``"local"`` (a LocalCluster of ``workers`` processes) or a scheduler address.
    The JSONL output is written to a temporary file and renamed when complete.
    """
    from dyadwatch.coder import CODER_VERSION

    parts = plan_partitions(inputs, lines_per_partition)
    prepare_folder(shards, manifest_for(inputs, lines_per_partition, settings, CODER_VERSION), overwrite)
    summary = ShardedSummary(partitions=len(parts))
    results = _dask(parts, settings, str(shards), dask, workers) if dask else _local(parts, settings, str(shards))
    out, tmp = _open_out(output)
    sink = _StoreSink(settings, inputs) if to_store else None
    done: dict[int, PartitionResult] = {}
    next_index = 0
    try:
        for res in results:
            done[res.index] = res
            summary.reused += res.reused
            summary.workers[res.worker] = summary.workers.get(res.worker, 0) + 1
            if progress:
                progress(res.documents + res.failed)
            while next_index in done:  # consume shards in input order as soon as they are ready
                _consume(shards, next_index, out, sink, summary)
                next_index += 1
        if sink:
            sink.finish(summary)
    except BaseException:
        if sink:
            sink.abort()
        if tmp is not None and out is not None:
            out.close()
            tmp.unlink(missing_ok=True)
        raise
    if out is not None:
        out.flush()
        if tmp is not None:
            os.fsync(out.fileno())
            out.close()
            os.replace(tmp, Path(output))  # type: ignore[arg-type]
    return summary


def _consume(folder: Path, index: int, out: IO[str] | None, sink: _StoreSink | None, summary: ShardedSummary) -> None:
    """Write one shard's events to ``out`` and its records to the store; count what it holds."""
    path = shard_path(folder, index)
    counts = shard_counts(path)
    summary.documents += counts["documents"]
    summary.sentences += counts["sentences"]
    summary.mentions += counts["mentions"]
    if out is not None:
        for lines in read_events(path):
            out.write(lines)
            summary.events_written += lines.count("\n")
    if sink is None:  # only the failures need decoding, for the summary
        if counts["failed"]:
            for rec in read_failures(path):
                summary.failed += 1
                summary.failures.append((rec.path, rec.reason))
        return
    batch: list[ProcessedDocument | IngestFailure] = []
    for _, rec in read_shard(path):
        if isinstance(rec, IngestFailure):
            summary.failed += 1
            summary.failures.append((rec.path, rec.reason))
        batch.append(rec)
        if len(batch) >= sink.batch_size:
            sink.write(batch, summary)
            batch = []
    if batch:
        sink.write(batch, summary)


class _StoreSink:
    """Loads shards into the store as one ``extract`` run, the same way ``ingest`` writes documents."""

    def __init__(self, settings: Settings, inputs: Sequence[str]) -> None:
        from dyadwatch.coder import CODER_VERSION
        from dyadwatch.store import Store

        self.store = Store(settings.db_url)
        self.batch_size = settings.batch_size
        self.run_id = self.store.begin_run("extract", list(inputs), CODER_VERSION)
        self.counts: dict[str, int] = {}

    def write(self, batch: list[ProcessedDocument | IngestFailure], summary: ShardedSummary) -> None:
        stored, _, skipped = self.store.write_batch(batch, self.run_id)
        summary.stored += len(stored)
        summary.skipped += skipped
        summary.run_id = self.run_id

    def finish(self, summary: ShardedSummary) -> None:
        from sqlalchemy.exc import OperationalError

        from dyadwatch.relations import cluster_new_mentions
        from dyadwatch.store import StoreError

        try:
            try:
                summary.events = cluster_new_mentions(self.store).created
            except OperationalError as exc:  # locked, disk full
                raise StoreError(f"cannot write events to {self.store.url}: {exc.orig}") from exc
            counts = {
                "documents": summary.stored, "skipped": summary.skipped, "failed": summary.failed,
                "sentences": summary.sentences, "mentions": summary.mentions, "events": summary.events,
            }  # fmt: skip
            self.store.finish_run(self.run_id, "completed", counts)
        finally:
            self.store.close()

    def abort(self) -> None:
        try:
            self.store.finish_run(self.run_id, "failed", {"documents": 0})
        except Exception:  # the store may be the reason we abort (disk full, locked)
            log.debug("could not mark run %s failed", self.run_id, exc_info=True)
        finally:
            self.store.close()
