"""Faults a user will meet: the process killed mid-run, then run again."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

TEMPLATES = [
    "On {d} March 2023 the foreign minister of Azerbaijan met the US envoy in Baku (report {i}).",
    "{d} Mart 2023'te Türkiye Dışişleri Bakanı Ankara'da Azerbaycanlı mevkidaşı ile görüştü (haber {i}).",
    "2023-cü il martın {d}-də Azərbaycan Prezidenti Gürcüstanın Baş nazirini qəbul edib (xəbər {i}).",
]


def write_corpus(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = TEMPLATES[i % 3].format(d=1 + i % 28, i=i) + " " + " ".join(f"Cümlə {i}-{k}." for k in range(5))
            fh.write(json.dumps({"id": f"doc-{i}", "text": text, "published": "2023-03-31"}) + "\n")


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_kill_9_during_ingest_then_rerun_resumes_without_duplicates(tmp_path: Path) -> None:
    corpus = tmp_path / "docs.jsonl"
    n = 1500
    write_corpus(corpus, n)
    db = tmp_path / "k.sqlite"
    env = {**os.environ, "DYADWATCH_BATCH_SIZE": "10"}
    cmd = [sys.executable, "-m", "dyadwatch", "ingest", str(corpus), "--db", str(db)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                stored = count(db, "documents")
            except sqlite3.OperationalError:
                continue
            if stored >= 20:
                break
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = count(db, "documents")
    assert 20 <= partial < n
    # every stored document is complete: its sentences were committed with it
    with sqlite3.connect(db) as conn:
        incomplete = conn.execute(
            "SELECT count(*) FROM documents d WHERE d.n_sentences != "
            "(SELECT count(*) FROM sentences s WHERE s.doc_id = d.id)"
        ).fetchone()[0]
    assert incomplete == 0
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert count(db, "documents") == n
    with sqlite3.connect(db) as conn:
        dup = conn.execute("SELECT count(*) FROM (SELECT id FROM documents GROUP BY id HAVING count(*) > 1)")
        assert dup.fetchone()[0] == 0
        per_doc = conn.execute("SELECT sum(n_sentences) FROM documents").fetchone()[0]
        assert per_doc == count(db, "sentences")
        statuses = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]
    assert statuses == ["running", "completed"]  # the killed run never finished; the rerun did


def test_kill_9_during_sharded_extract_then_rerun_resumes(tmp_path: Path) -> None:
    """Shards are renamed into place when complete and the JSONL output when all is done: a killed run leaves
    whole shards only, and the rerun reuses them, codes the rest and stores every document once."""
    import io

    from dyadwatch import service
    from dyadwatch.settings import Settings
    from tests.scale.helpers import write_corpus as write_synthetic

    corpus, shards, db, out = tmp_path / "c.jsonl", tmp_path / "shards", tmp_path / "x.sqlite", tmp_path / "e.jsonl"
    n = write_synthetic(corpus, 800)
    cmd = [sys.executable, "-m", "dyadwatch", "extract", str(corpus), "--shards", str(shards), "--db", str(db),
           "-o", str(out), "--partition-lines", "20"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None and len(list(shards.glob("part-*"))) < 3:
        time.sleep(0.05)
    assert proc.poll() is None, "extract finished before it could be killed; make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = sorted(shards.glob("part-*"))
    assert 3 <= len(done) < 41
    assert all({p.name for p in d.iterdir()} == {"documents.parquet", "mentions.parquet"} for d in done)
    assert not out.exists()  # never a partial output that looks complete
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"({len(done)} reused)" in rerun.stderr or f"({len(done) + 1} reused)" in rerun.stderr
    reference = io.StringIO()
    with corpus.open("rb") as fh:
        service.extract(fh, reference, Settings(), name=str(corpus))
    assert out.read_text(encoding="utf-8") == reference.getvalue()  # nothing lost, nothing twice
    assert count(db, "documents") == n + 2  # and the two bad lines, recorded as failed
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(DISTINCT sha256) FROM documents").fetchone()[0] == n + 2
        assert conn.execute("SELECT sum(n_sentences) FROM documents").fetchone()[0] == count(db, "sentences")
        statuses = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]
    assert count(db, "mentions") == len(reference.getvalue().splitlines())
    assert statuses[-1] == "completed"
