"""Scale-out on a real Dask cluster: ``extract --dask`` gives the same events and store as one process."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from dyadwatch import service
from dyadwatch.settings import Settings
from tests.scale.helpers import dump, write_corpus

distributed = pytest.importorskip("distributed")


def test_local_cluster_of_two_workers_equals_single_process(tmp_path: Path) -> None:
    from dyadwatch.scale.runner import run_sharded

    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, 160, seed=3)
    settings = Settings(db=str(tmp_path / "dask.sqlite"))
    plain = io.StringIO()
    with corpus.open("rb") as fh:
        ref = service.extract(fh, plain, settings, name=str(corpus))
    service.ingest([str(corpus)], Settings(db=str(tmp_path / "single.sqlite")))

    out = tmp_path / "events.jsonl"
    summary = run_sharded(
        [str(corpus)], settings, tmp_path / "shards", str(out), to_store=True, dask="local", workers=2,
        lines_per_partition=10,
    )  # fmt: skip
    assert summary.partitions == 17
    assert len(summary.workers) == 2, summary.workers  # both worker processes coded partitions
    assert all(":" in w for w in summary.workers) and sum(summary.workers.values()) == 17
    got = out.read_text(encoding="utf-8").splitlines()
    want = plain.getvalue().splitlines()
    first_diff = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), None)
    assert got == want, (len(got), len(want), first_diff)
    assert summary.events_written == ref.events > 100
    assert dump(tmp_path / "dask.sqlite") == dump(tmp_path / "single.sqlite")


def test_cli_extract_dask_local_with_db(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, 30, seed=5)
    db, out = tmp_path / "x.sqlite", tmp_path / "e.jsonl"
    cmd = [sys.executable, "-m", "dyadwatch", "extract", str(corpus), "--dask", "local", "--workers", "2",
           "--db", str(db), "-o", str(out), "--partition-lines", "8"]  # fmt: skip
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    assert "30 documents" in res.stderr and "2 bad input lines" in res.stderr and "dask local" in res.stderr
    assert "30 documents stored" in res.stderr
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert "4 reused" in again.stderr and "0 documents stored, 32 already stored" in again.stderr
    with subprocess.Popen([sys.executable, "-m", "dyadwatch", "status", "--db", str(db), "--json"],
                          stdout=subprocess.PIPE, text=True) as p:  # fmt: skip
        import json

        info = json.loads(p.communicate()[0])
    assert info["documents"] == {"ok": 30, "failed": 2}
