"""End-to-end: the installed CLI as a user runs it (a real subprocess, a real SQLite file)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ingest.test_readers import make_pdf

TR_TEXT = (
    "27 Kasım'da ABD Dışişleri Bakanı Antony Blinken, Azerbaycan Cumhurbaşkanı İlham Aliyev ile telefonda görüştü.\n"
)


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dyadwatch", *args],
        input=stdin.decode() if stdin else None, capture_output=True, text=True, cwd=cwd, timeout=600,
    )  # fmt: skip


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(
        "On Tuesday the United States and Azerbaijan held talks in Baku on the peace process.\n", encoding="utf-8"
    )
    (folder / "sub" / "turkish.txt").write_bytes(TR_TEXT.encode("cp1254"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    (folder / "paper.pdf").write_bytes(make_pdf("Armenia and Georgia signed a transit agreement in Tbilisi."))
    return folder


def test_help_lists_every_command() -> None:
    res = run("--help")
    assert res.returncode == 0
    assert run("--version").stdout.startswith("dyadwatch ")
    for cmd in ("ingest", "status", "documents", "extract", "eval"):
        assert cmd in res.stdout
        assert run(cmd, "--help").returncode == 0


def test_ingest_messy_folder_twice_stores_nothing_twice(messy: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "t.sqlite")
    first = run("ingest", str(messy), "--db", db)
    assert first.returncode == 0, first.stderr
    for name, reason in (("empty.txt", "empty"), ("blob.txt", "binary"), ("broken.pdf", "PDF")):
        line = next(line for line in first.stdout.splitlines() if name in line)
        assert reason in line
    docs = [json.loads(line) for line in run("documents", "--db", db, "--json").stdout.splitlines()]
    assert len(docs) == 6
    assert {d["reason"] for d in docs if d["status"] == "failed"} == {
        d["reason"]
        for d in map(json.loads, run("documents", "--db", db, "--json", "--status", "failed").stdout.splitlines())
    }
    status = json.loads(run("status", "--db", db, "--json").stdout)
    assert status["documents"] == {"ok": 3, "failed": 3}
    second = run("ingest", str(messy), "--db", db)
    assert second.returncode == 0
    again = json.loads(run("status", "--db", db, "--json").stdout)
    assert again["documents"] == status["documents"]
    assert again["sentences"] == status["sentences"] and again["mentions"] == status["mentions"]
    assert [r["status"] for r in again["runs"][:2]] == ["completed", "completed"]
    assert json.loads(again["runs"][0]["counts"])["documents"] == 0


def test_ingest_seeds_reports_mixed_languages(seeds_dir: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite")
    assert run("ingest", str(seeds_dir), "--db", db).returncode == 0
    out = run("documents", "--db", db, "--json").stdout
    rows = {Path(r["path"]).name: r for r in map(json.loads, out.splitlines())}
    seed0 = dict(json.loads(rows["000_a105f8a203e2d5d2.txt"]["langs"]))
    assert seed0.get("en", 0) >= 0.15 and seed0.get("az", 0) >= 0.15, seed0
    seed2 = dict(json.loads(rows["002_fbde54b755dce6f1.txt"]["langs"]))
    assert max(seed2, key=seed2.get) == "tr"
    assert rows["002_fbde54b755dce6f1.txt"]["title"].startswith("ABD-AZERBAYCAN")


def test_extract_writes_json_events_with_offsets(tmp_path: Path) -> None:
    src = tmp_path / "docs.jsonl"
    doc = {"id": "tr-x", "text": TR_TEXT, "published": "2023-12-13", "lang": "tr"}
    src.write_text(json.dumps(doc, ensure_ascii=False) + "\n{bad line\n", encoding="utf-8")
    out = tmp_path / "out" / "events.jsonl"
    res = run("extract", str(src), "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "1 bad input lines" in res.stderr
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert events, "the Blinken–Aliyev phone call must be coded"
    for ev in events:
        assert ev["doc_id"] == "tr-x"
        s = ev["sentence"]
        for part in (ev["trigger"], ev["source"], ev["target"]):
            assert TR_TEXT[part["start"] : part["end"]] == part["text"]
            assert s["start"] <= part["start"] <= part["end"] <= s["end"]
    call = next(e for e in events if e["plover"]["event"] == "CONSULT")
    assert (call["source"]["country"], call["target"]["country"], call["date"]) == ("USA", "AZE", "2023-11-27")


def test_extract_from_stdin_to_stdout() -> None:
    doc = {"id": "e1", "text": "Blinken called Aliyev on Monday.", "published": "2023-11-29", "lang": "en"}
    res = run("extract", "-", "-o", "-", stdin=(json.dumps(doc) + "\n").encode())
    assert res.returncode == 0, res.stderr
    assert all(json.loads(line)["doc_id"] == "e1" for line in res.stdout.splitlines())


def test_extract_errors_are_clear(tmp_path: Path) -> None:
    res = run("extract", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o.jsonl"))
    assert res.returncode == 2 and "no such input file" in res.stderr
    res = run("status", "--db", str(tmp_path / "x.sqlite"), "--config", str(tmp_path / "nope.toml"))
    assert res.returncode == 2 and "config" in res.stderr


def test_published_option_dates_undated_inputs(tmp_path: Path) -> None:
    doc = tmp_path / "note.txt"
    doc.write_text(TR_TEXT, encoding="utf-8")
    db = str(tmp_path / "p.sqlite")
    bad = run("ingest", str(doc), "--db", db, "--published", "2023-13-01")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr
    ok = run("ingest", str(doc), "--db", db, "--published", "2023-12-13")
    assert ok.returncode == 0, ok.stderr
    import sqlite3

    with sqlite3.connect(db) as conn:
        (published,) = conn.execute("select published from documents").fetchone()
        dates = {r[0] for r in conn.execute("select date from mentions where event = 'CONSULT'")}
    assert published == "2023-12-13"
    assert dates == {"2023-11-27"}  # "27 Kasım'da" resolved against the given publication date
