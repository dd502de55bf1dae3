"""The document pipeline: batched processing gives exactly what one document at a time gives."""

from __future__ import annotations

import io

import pytest

from dyadwatch import pipeline as pipeline_module
from dyadwatch.ingest import read_jsonl_lines
from dyadwatch.pipeline import Pipeline
from dyadwatch.records import Document, IngestFailure
from dyadwatch.scale.corpus import default_sources, write_corpus
from tests.scale.helpers import ROOT


@pytest.fixture(scope="module")
def items() -> list[Document | IngestFailure]:
    buf = io.StringIO()
    write_corpus(buf, default_sources(ROOT), 60, seed=3)
    lines = buf.getvalue().encode("utf-8").splitlines()
    lines[5:5] = [b"{not json", b'{"text": ""}']  # failures among the documents
    lines += (ROOT / "examples" / "corpus" / "az" / "docs.jsonl").read_bytes().splitlines()
    return list(read_jsonl_lines(lines, "mixed"))


@pytest.mark.parametrize(("batch", "chars"), [(32, 1_000_000), (7, 1_000_000), (32, 2_000), (1, 1)])
def test_batches_equal_one_document_at_a_time(
    items: list[Document | IngestFailure], batch: int, chars: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = Pipeline()
    one_by_one = [p.process(x) if isinstance(x, Document) else x for x in items]
    monkeypatch.setattr(pipeline_module, "BATCH", batch)
    monkeypatch.setattr(pipeline_module, "BATCH_CHARS", chars)
    batched = list(p.process_stream(items))
    assert batched == one_by_one  # same order, failures in place, every field equal
    assert sum(isinstance(x, IngestFailure) for x in batched) >= 2


def test_process_many_keeps_order() -> None:
    p = Pipeline()
    docs = [
        Document(id=f"d{i}", text=text, sha256=f"{i}")
        for i, text in enumerate(["Azerbaijan and Turkey signed an agreement in Baku.", "Ermənistan ilə görüş.", "x"])
    ]
    assert [r.doc.id for r in p.process_many(docs)] == ["d0", "d1", "d2"]


def test_batches_settle_the_garbage_collector_and_restore_its_thresholds(
    items: list[Document | IngestFailure], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    before = gc.get_threshold()
    monkeypatch.setattr(pipeline_module, "BATCH", 10)
    seen = []
    for _ in Pipeline().process_stream(items):
        seen.append(gc.get_threshold()[0])
    assert pipeline_module.GC_YOUNG in seen  # collected less often while batches run
    assert gc.get_freeze_count() > 0  # the models went to the permanent generation
    assert gc.get_threshold() == before  # and the thresholds are back when the stream ends
