"""Faults a user will meet: the process killed mid-run, then run again."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

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
    n = write_synthetic(corpus, 480)
    cmd = [sys.executable, "-m", "dyadwatch", "extract", str(corpus), "--shards", str(shards), "--db", str(db),
           "-o", str(out), "--partition-lines", "12"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None and len(list(shards.glob("part-*"))) < 3:
        time.sleep(0.05)
    assert proc.poll() is None, "extract finished before it could be killed; make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = sorted(shards.glob("part-*"))
    assert 3 <= len(done) < 41  # of 41 partitions
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


# -- a full disk: every command that writes stops with a clear error, never a traceback ------------------------


def _mount_tmpfs(path: Path, kb: int) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={kb}k", "tmpfs", str(path)], capture_output=True)
    return res.returncode == 0


@pytest.fixture(params=["tmpfs", "rlimit"])
def full_disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, Callable[[], None] | None]]:
    """A folder holding a migrated database ``x.sqlite`` where writing soon fails: a 1 MB tmpfs filled up to its
    last 64 KB (needs root), or a file size limit (RLIMIT_FSIZE) on the child process."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = request.param == "tmpfs" and _mount_tmpfs(folder, 1024)
    if request.param == "tmpfs" and not mounted:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    subprocess.run([sys.executable, "-m", "dyadwatch", "status", "--db", str(folder / "x.sqlite")], check=True,
                   capture_output=True)  # fmt: skip
    preexec = None
    if mounted:
        free = shutil.disk_usage(folder).free
        (folder / "filler").write_bytes(b"\0" * max(0, free - 64 * 1024))
    else:
        limit = (folder / "x.sqlite").stat().st_size + 48 * 1024

        def preexec() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    try:
        yield folder, preexec
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=False)


def _run_full(preexec: Callable[[], None] | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "1000"}  # no line wrapping of the message
    return subprocess.run([sys.executable, "-m", "dyadwatch", *args], capture_output=True, text=True, timeout=600,
                          preexec_fn=preexec, env=env)  # fmt: skip


def _clear_error(res: subprocess.CompletedProcess[str]) -> str:
    """The one ``error:`` line of a command that failed with exit code 1 and no traceback."""
    assert res.returncode == 1, (res.returncode, res.stdout[-2000:], res.stderr[-2000:])
    assert "Traceback" not in res.stderr and "Traceback" not in res.stdout
    errors = [line for line in res.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, res.stderr[-2000:]
    return errors[0]


DISK_WORDS = ("disk is full", "disk I/O error", "No space left", "File too large", "full:")


def test_full_disk_ingest_and_import_give_a_clear_error(full_disk, tmp_path: Path) -> None:
    from tests.scale.helpers import write_corpus as write_synthetic

    folder, preexec = full_disk
    corpus = tmp_path / "c.jsonl"
    write_synthetic(corpus, 150, bad_lines=False)
    msg = _clear_error(_run_full(preexec, "ingest", str(corpus), "--db", str(folder / "x.sqlite")))
    assert "x.sqlite" in msg and any(w in msg for w in DISK_WORDS), msg
    tsv = tmp_path / "g.tsv"
    cells = ["20230101", "202301", "2023", "2023.0", "USA", "US", "USA"] + [""] * 51 + ["20230101000000", "u"]
    tsv.write_text("".join("\t".join([str(i), *cells]) + "\n" for i in range(1, 5001)), encoding="utf-8")
    msg = _clear_error(_run_full(preexec, "import", "gdelt", str(tsv), "--db", str(folder / "x.sqlite")))
    assert any(w in msg for w in DISK_WORDS), msg


def test_full_disk_extract_gives_a_clear_error_and_no_partial_output(full_disk, tmp_path: Path) -> None:
    from tests.scale.helpers import write_corpus as write_synthetic

    folder, preexec = full_disk
    corpus = tmp_path / "c.jsonl"
    write_synthetic(corpus, 150)
    msg = _clear_error(_run_full(preexec, "extract", str(corpus), "-o", str(folder / "events.jsonl")))
    assert "cannot write" in msg and any(w in msg for w in DISK_WORDS), msg
    assert not (folder / "events.jsonl").exists() and not (folder / ".events.jsonl.tmp").exists()
    msg = _clear_error(_run_full(preexec, "extract", str(corpus), "--shards", str(folder / "shards"),
                                 "--partition-lines", "50", "-o", str(folder / "events.jsonl")))  # fmt: skip
    assert any(w in msg for w in DISK_WORDS), msg
    assert not (folder / "events.jsonl").exists()


def test_locked_database_gives_a_clear_error_for_every_writing_command(tmp_path: Path) -> None:
    """Another process holds the database's write lock: ingest, import and extract --db wait ?timeout= seconds,
    then stop with a clear error (exit code 1), never a traceback."""
    from tests.scale.helpers import write_corpus as write_synthetic

    db = tmp_path / "x.sqlite"
    subprocess.run([sys.executable, "-m", "dyadwatch", "status", "--db", str(db)], check=True, capture_output=True)
    corpus = tmp_path / "c.jsonl"
    write_synthetic(corpus, 5, bad_lines=False)
    tsv = tmp_path / "g.tsv"
    cells = ["20230101", "202301", "2023", "2023.0", "USA", "US", "USA"] + [""] * 51 + ["20230101000000", "u"]
    tsv.write_text("\t".join(["1", *cells]) + "\n", encoding="utf-8")
    url = f"sqlite:///{db}?timeout=1"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for args in (("ingest", str(corpus)), ("import", "gdelt", str(tsv)),
                     ("extract", str(corpus), "--shards", str(tmp_path / "s"))):  # fmt: skip
            msg = _clear_error(_run_full(None, *args, "--db", url))
            assert "locked" in msg, (args, msg)
    finally:
        holder.rollback()
        holder.close()
