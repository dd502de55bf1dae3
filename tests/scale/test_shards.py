"""Sharded extraction in this process: partitions, exact record codec, atomic shards, resume, same results."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dyadwatch import service
from dyadwatch.ingest import read_inputs, read_jsonl_lines
from dyadwatch.pipeline import Pipeline
from dyadwatch.records import IngestFailure
from dyadwatch.scale.codec import CodecError, decode, encode
from dyadwatch.scale.runner import run_sharded
from dyadwatch.scale.shards import ShardError, plan_partitions, read_lines, read_shard, shard_path
from dyadwatch.settings import Settings
from tests.scale.helpers import ROOT, dump, write_corpus


def test_partitions_cover_every_line_once(tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl"
    f.write_bytes(b"a\n\nbb\nccc\nd")  # no newline at the end
    for size in (1, 2, 3, 10):
        parts = plan_partitions([str(f)], size)
        lines = [line for p in parts for line in read_lines(p)]
        assert b"".join(lines) == f.read_bytes()
        assert [p.first_line for p in parts] == list(range(1, 6, size))
        assert sum(p.n_lines for p in parts) == 5
    assert plan_partitions([str(tmp_path / "in.jsonl")], 2)[0].name == str(f)
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert plan_partitions([str(tmp_path / "empty.jsonl")], 5) == []


def test_codec_round_trip_is_exact_for_real_documents() -> None:
    pipeline = Pipeline()
    items = []
    for p in sorted((ROOT / "tests" / "golden").glob("*/docs.jsonl")):
        with p.open("rb") as fh:
            items += list(read_jsonl_lines(fh, str(p)))
    items += list(read_inputs([str(ROOT / "examples" / "corpus")], Settings()))
    items.append(IngestFailure("failed:1", "x.jsonl:3", "invalid JSON", "jsonl"))
    records = [i if isinstance(i, IngestFailure) else pipeline.process(i) for i in items]
    assert sum(len(r.mentions) for r in records if not isinstance(r, IngestFailure)) > 100
    for rec in records:
        assert decode(encode(rec)) == rec
    with pytest.raises(CodecError):
        decode('{"kind": "document", "record": {"nope": 1}}')


def test_sharded_run_equals_extract_and_ingest_and_resumes(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, 60)
    settings = Settings(db=str(tmp_path / "sharded.sqlite"), batch_size=7)
    plain = io.StringIO()
    with corpus.open("rb") as fh:
        ref = service.extract(fh, plain, settings, name=str(corpus))
    service.ingest([str(corpus)], Settings(db=str(tmp_path / "ingest.sqlite")))

    shards, out = tmp_path / "shards", tmp_path / "events.jsonl"
    summary = run_sharded([str(corpus)], settings, shards, str(out), to_store=True, lines_per_partition=9)
    assert summary.partitions == 7 and summary.reused == 0
    assert out.read_text(encoding="utf-8") == plain.getvalue()
    assert (summary.documents, summary.sentences, summary.events_written) == (ref.documents, ref.sentences, ref.events)
    assert sorted(summary.failures) == sorted(ref.failures) and len(ref.failures) == 2
    assert dump(tmp_path / "sharded.sqlite") == dump(tmp_path / "ingest.sqlite")
    # the mentions shard is a flat table for analysis
    rows = sum(pq.read_table(p / "mentions.parquet").num_rows for p in sorted(shards.glob("part-*")))
    assert rows == ref.events

    # a rerun reuses every shard and stores nothing twice
    shutil.rmtree(shard_path(shards, 3))  # one shard lost: recomputed, the others reused
    again = run_sharded([str(corpus)], settings, shards, str(out), to_store=True, lines_per_partition=9)
    assert again.reused == 6 and again.stored == 0 and again.skipped == ref.documents + 2  # failures too
    assert out.read_text(encoding="utf-8") == plain.getvalue()
    assert dump(tmp_path / "sharded.sqlite") == dump(tmp_path / "ingest.sqlite")


def test_shards_of_another_job_are_refused_and_stale_temporaries_cleared(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": "The president of Azerbaijan visited Ankara."}) + "\n")
    shards = tmp_path / "s"
    run_sharded([str(corpus)], Settings(), shards, None, lines_per_partition=5)
    (shards / ".part-00007.123.tmp").mkdir()  # left by a killed run
    with pytest.raises(ShardError, match="another job"):
        run_sharded([str(corpus)], Settings(), shards, None, lines_per_partition=4)
    res = run_sharded([str(corpus)], Settings(), shards, None, lines_per_partition=4, overwrite=True)
    assert not (shards / ".part-00007.123.tmp").exists()
    assert res.reused == 0 and res.documents == 1
    assert [r.doc.id for _, r in read_shard(shard_path(shards, 0))] == ["a"]  # type: ignore[union-attr]
