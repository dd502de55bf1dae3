"""Partitions of JSONL inputs and Parquet shards of processed documents, written atomically.

A *partition* is a run of lines of one JSONL file (byte range and first line number), so workers read their
part directly and every document keeps the ``path:line`` it gets from a plain ``ingest``. A *shard* is the
result of one partition, a folder ``part-NNNNN/`` with:

``documents.parquet``
    one row per input line in order: ``seq`` (line number), ``id``, ``status`` (ok | failed), ``lang``,
    ``published``, ``n_sentences``, ``n_mentions``, ``record``, the exact JSON of the ``ProcessedDocument`` or
    ``IngestFailure`` (``dyadwatch.scale.codec``) from which the store is written, and ``events``, the document's
    lines of ``extract`` output (so writing the JSONL output needs no decoding);
``mentions.parquet``
    the coded mentions as flat rows (the columns of the store's ``mentions`` table, plus ``seq``), for analysis
    with any Parquet reader (``dask.dataframe.read_parquet("shards/part-*/mentions.parquet")``).

A shard is written into a hidden temporary folder and renamed into place, so after a crash (kill -9, power loss)
a shard either exists complete or not at all. ``manifest.json`` pins the input files, partitioning, coder version,
settings and a hash of the code and data that decide the results, so a rerun reuses exactly the shards of the same
job and recomputes the rest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dyadwatch.records import IngestFailure, ProcessedDocument
from dyadwatch.scale.codec import Record, decode, encode
from dyadwatch.settings import Settings

log = logging.getLogger(__name__)

SHARD_FORMAT = 2
MANIFEST = "manifest.json"


class ShardError(RuntimeError):
    """A shard folder that cannot be used (another job's shards, unreadable shard)."""


@dataclass(frozen=True, slots=True)
class Partition:
    """Lines ``[first_line, first_line + n_lines)`` of one JSONL file: bytes ``[start, end)``."""

    index: int
    path: str  # file to open
    name: str  # the input as the user named it (document paths are name:line)
    start: int
    end: int
    first_line: int
    n_lines: int


def plan_partitions(inputs: Sequence[str], lines_per_partition: int) -> list[Partition]:
    """Cut each JSONL input into partitions of at most ``lines_per_partition`` lines (one pass, bounded memory)."""
    if lines_per_partition < 1:
        raise ValueError("lines_per_partition must be at least 1")
    parts: list[Partition] = []
    for given in inputs:
        name, path = str(Path(given)), str(Path(given).resolve())  # name as ``ingest`` writes it
        with open(path, "rb") as fh:
            start = pos = 0
            first = line = 1
            for raw in fh:
                pos += len(raw)
                if line - first + 1 == lines_per_partition:
                    parts.append(Partition(len(parts), path, name, start, pos, first, line - first + 1))
                    start, first = pos, line + 1
                line += 1
            if pos > start:
                parts.append(Partition(len(parts), path, name, start, pos, first, line - first))
    return parts


def read_lines(part: Partition) -> Iterator[bytes]:
    """The raw lines of a partition."""
    with open(part.path, "rb") as fh:
        fh.seek(part.start)
        left = part.end - part.start
        while left > 0:
            raw = fh.readline(left)
            if not raw:
                break
            left -= len(raw)
            yield raw


# What decides a processed document: reading, language, segmentation, damage, coding, their data.
RESULT_CODE = ("pipeline.py", "records.py", "settings.py", "ingest", "text", "damage", "coder", "actors", "data")


def code_fingerprint() -> str:
    """A hash of the code and data that decide the results, so shards of a changed version are never reused."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for part in RESULT_CODE:
        base = root / part
        for path in sorted(base.rglob("*")) if base.is_dir() else [base]:
            if path.suffix in (".py", ".yaml", ".tsv", ".json") and path.is_file():
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def manifest_for(inputs: Sequence[str], lines_per_partition: int, settings: Settings, coder_version: str) -> dict:
    """What identifies a sharded job: inputs (size, modification time), partitioning, code and settings."""
    files = []
    for name in inputs:
        st = Path(name).stat()
        files.append({"path": str(Path(name).resolve()), "name": name, "size": st.st_size, "mtime_ns": st.st_mtime_ns})
    result_settings = {k: v for k, v in dataclasses.asdict(settings).items() if k not in ("db", "batch_size")}
    return {
        "format": SHARD_FORMAT, "inputs": files, "lines_per_partition": lines_per_partition,
        "coder_version": coder_version, "code": code_fingerprint(),
        "settings": json.loads(json.dumps(result_settings, default=str)),
    }  # fmt: skip


def prepare_folder(folder: Path, manifest: dict[str, Any], overwrite: bool = False) -> int:
    """Create ``folder`` for a job, or check that it holds this job's shards; returns the shards found."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / MANIFEST
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ShardError(f"unreadable {path}: {exc}") from exc
        if old != manifest:
            if not overwrite:
                raise ShardError(
                    f"{folder} holds shards of another job (input, partitioning, coder version or settings differ);"
                    " use a new --shards folder, or --overwrite to discard them"
                )
            for child in folder.iterdir():
                if child.name.startswith(("part-", ".part-")) and child.is_dir():
                    shutil.rmtree(child)
            path.unlink()
    for stale in folder.glob(".part-*"):  # temporary folders of a run that was killed
        shutil.rmtree(stale, ignore_errors=True)
    if not path.exists():
        _atomic_write(path, json.dumps(manifest, indent=1))
    return sum(1 for _ in folder.glob("part-*"))


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def shard_path(folder: Path, index: int) -> Path:
    return folder / f"part-{index:05d}"


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ShardError("Parquet shards need pyarrow: pip install 'dyadwatch[dist]'") from exc
    return pa, pq


def _schemas() -> tuple[Any, Any]:
    pa, _ = _pyarrow()
    from dyadwatch.store.schema import mentions

    docs = pa.schema([
        ("seq", pa.int64()), ("id", pa.string()), ("status", pa.string()), ("lang", pa.string()),
        ("published", pa.date32()), ("n_sentences", pa.int32()), ("n_mentions", pa.int32()), ("record", pa.string()),
        ("events", pa.string()),
    ])  # fmt: skip
    arrow = {"Integer": pa.int64(), "Float": pa.float64(), "Date": pa.date32()}
    cols = [("seq", pa.int64())] + [
        (c.name, arrow.get(type(c.type).__name__, pa.string())) for c in mentions.columns if c.name != "id"
    ]
    return docs, pa.schema(cols)


def write_shard(folder: Path, index: int, items: Sequence[tuple[int, Record]]) -> Path:
    """Write one partition's records (``(line number, record)`` in input order) as shard ``index``, atomically."""
    pa, pq = _pyarrow()
    from dyadwatch.service import event_lines
    from dyadwatch.store.repo import mention_row

    doc_schema, mention_schema = _schemas()
    docs, rows = [], []
    for seq, rec in items:
        if isinstance(rec, ProcessedDocument):
            docs.append({
                "seq": seq, "id": rec.doc.id, "status": "ok", "lang": rec.doc.lang, "published": rec.doc.published,
                "n_sentences": len(rec.sentences), "n_mentions": len(rec.mentions), "record": encode(rec),
                "events": "".join(event_lines(rec)),
            })  # fmt: skip
            rows += [{"seq": seq, **mention_row(m, None)} for m in rec.mentions]
        else:
            docs.append({"seq": seq, "id": rec.key, "status": "failed", "lang": None, "published": None,
                         "n_sentences": 0, "n_mentions": 0, "record": encode(rec), "events": ""})  # fmt: skip
    final = shard_path(folder, index)
    tmp = folder / f".{final.name}.{os.getpid()}.tmp"
    try:
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
        for name, table in (
            ("documents.parquet", pa.Table.from_pylist(docs, schema=doc_schema)),
            ("mentions.parquet", pa.Table.from_pylist(rows, schema=mention_schema)),
        ):
            pq.write_table(table, tmp / name)
            with open(tmp / name, "rb") as fh:
                os.fsync(fh.fileno())
    except OSError as exc:  # disk full, quota, permissions: say where
        shutil.rmtree(tmp, ignore_errors=True)
        reason = (exc.strerror or str(exc)).replace("Error writing bytes to file. Detail: ", "").strip()
        raise ShardError(f"cannot write shard {final}: {reason}") from exc
    try:
        os.rename(tmp, final)
    except OSError:
        if not final.is_dir():  # another worker finished the same shard first: keep theirs
            raise
        shutil.rmtree(tmp, ignore_errors=True)
    _fsync_dir(folder)
    return final


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_shard(path: Path, batch_rows: int = 200) -> Iterator[tuple[int, Record]]:
    """The ``(line number, record)`` pairs of a shard, in input order, read in batches (bounded memory)."""
    for seq, rec in _rows(path, "record", batch_rows):
        yield seq, decode(rec)


def read_events(path: Path, batch_rows: int = 200) -> Iterator[str]:
    """The extract-format JSON lines of a shard's events, in input order."""
    for _, lines in _rows(path, "events", batch_rows):
        if lines:
            yield lines


def read_failures(path: Path) -> Iterator[IngestFailure]:
    """The inputs of a shard that could not be read, in input order."""
    for status, rec in _rows(path, "record", 200, key="status"):
        if status == "failed":
            failure = decode(rec)
            assert isinstance(failure, IngestFailure)
            yield failure


def _rows(path: Path, column: str, batch_rows: int, key: str = "seq") -> Iterator[tuple[Any, Any]]:
    _, pq = _pyarrow()
    try:
        pf = pq.ParquetFile(path / "documents.parquet")
        for batch in pf.iter_batches(batch_size=batch_rows, columns=[key, column]):
            yield from zip(batch.column(key).to_pylist(), batch.column(column).to_pylist(), strict=True)
    except (OSError, ValueError) as exc:
        raise ShardError(f"unreadable shard {path}: {exc}") from exc


def shard_counts(path: Path) -> dict[str, int]:
    """Documents, failures, sentences and mentions of a shard, from its columns (records not decoded)."""
    _, pq = _pyarrow()
    t = pq.read_table(path / "documents.parquet", columns=["status", "n_sentences", "n_mentions"])
    status = t.column("status").to_pylist()
    return {
        "documents": status.count("ok"), "failed": status.count("failed"),
        "sentences": sum(t.column("n_sentences").to_pylist()), "mentions": sum(t.column("n_mentions").to_pylist()),
    }  # fmt: skip
