"""Import into the store and export from it: GDELT round trip, idempotent imports, mentions, series beside ours."""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from dyadwatch.interop.service import import_files, stored_events
from dyadwatch.settings import Settings
from dyadwatch.store import Store

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dyadwatch", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the example corpus ingested (our events)."""
    db = tmp_path_factory.mktemp("ours") / "ours.sqlite"
    res = run("ingest", str(ROOT / "examples" / "corpus"), "--db", str(db))
    assert res.returncode == 0, res.stderr
    return db


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_export_gdelt_tsv_then_import_gives_the_same_events(ours: Path, tmp_path: Path) -> None:
    tsv, db = tmp_path / "ours.tsv", tmp_path / "theirs.sqlite"
    res = run("export", "--db", str(ours), "-f", "gdelt", "-o", str(tsv))
    assert res.returncode == 0, res.stderr
    lines = tsv.read_text(encoding="utf-8").splitlines()
    assert lines and all(len(line.split("\t")) == 61 for line in lines)
    res = run("import", "gdelt", str(tsv), "--db", str(db))
    assert res.returncode == 0, res.stderr
    # GDELT carries CAMEO, not PLOVER: on import the PLOVER type comes from the CAMEO code (ontology tables)
    mine = rows(ours, "SELECT date, source_country, target_country, source_code, target_code, cameo, goldstein, quad,"
                      " coalesce(source_name, source_text), coalesce(target_name, target_text)"
                      " FROM mentions")  # fmt: skip
    mine = [(*r[:8], r[8].upper(), r[9].upper()) for r in mine]  # GDELT actor names are in capitals
    theirs = rows(db, "SELECT date, source_country, target_country, source_code, target_code, cameo, goldstein, quad,"
                      " source_name, target_name FROM external_events WHERE dataset = 'gdelt'")  # fmt: skip
    assert len(mine) == len(lines) > 30
    assert Counter(mine) == Counter(theirs)  # every mention came back with its date, actors, codes and scores
    prov = [json.loads(p) for (p,) in rows(db, "SELECT provenance FROM external_events ORDER BY id")]
    assert [p["line"] for p in prov] == list(range(1, len(lines) + 1))
    assert {p["file"] for p in prov} == {str(tsv)}
    urls = rows(db, "SELECT DISTINCT e.url FROM external_events e")
    assert {u for (u,) in urls} <= {d for (d,) in rows(ours, "SELECT coalesce(url, id) FROM documents")}


def test_import_is_idempotent_and_bad_rows_are_reported(ours: Path, tmp_path: Path) -> None:
    tsv = tmp_path / "e.tsv.gz"
    with Store(f"sqlite:///{ours}") as store:
        from dyadwatch.interop import write_events

        good = list(stored_events(store))[:5]
    with gzip.open(tsv, "wt", encoding="utf-8") as fh:
        write_events(good, "gdelt", fh)
        fh.write("1\t2\t3\n")  # wrong column count
        fh.write("\t".join(["999", "2023-13-45"] + [""] * 59) + "\n")  # bad date
    settings = Settings(db=str(tmp_path / "x.sqlite"))
    first = import_files("gdelt", [str(tsv), str(tmp_path / "missing.tsv")], settings)
    assert (first.inserted, first.skipped, first.rows) == (5, 0, 5)
    wheres = [w for w, _ in first.problems]
    assert wheres == [f"{tsv}:6", f"{tsv}:7", str(tmp_path / "missing.tsv")]
    again = import_files("gdelt", [str(tsv)], settings)
    assert (again.inserted, again.skipped) == (0, 5)
    statuses = rows(tmp_path / "x.sqlite", "SELECT command, status, counts FROM runs ORDER BY id")
    assert [s[:2] for s in statuses] == [("import-gdelt", "completed")] * 2
    assert json.loads(statuses[0][2])["problems"] == 3


def test_gdelt_mentions_attach_to_imported_events(ours: Path, tmp_path: Path) -> None:
    with Store(f"sqlite:///{ours}") as store:
        from dyadwatch.interop import write_events
        from dyadwatch.interop.export import event_id

        evs = list(stored_events(store))[:2]
    export, mentions = tmp_path / "e.tsv", tmp_path / "20231201.mentions.CSV"
    write_events(evs, "gdelt", export)
    ids = [str(event_id(e)) for e in evs]
    with mentions.open("w", encoding="utf-8") as fh:
        for i, ext in enumerate([ids[0], ids[0], ids[1], "12345"]):
            cells = [ext, "20231201000000", "20231201001500", "1", "example.com", f"https://example.com/{i}", "2",
                     "10", "50", "30", "1", "80", "2000", "-1.5", "", ""]  # fmt: skip
            fh.write("\t".join(cells) + "\n")
    settings = Settings(db=str(tmp_path / "m.sqlite"))
    import_files("gdelt", [str(export)], settings)
    res = import_files("gdelt", [str(mentions)], settings)
    assert (res.mentions, res.unmatched, res.inserted) == (3, 1, 0)
    assert import_files("gdelt", [str(mentions)], settings).mentions == 0  # the same articles are not added twice
    sql = f"SELECT provenance FROM external_events WHERE ext_id = '{ids[0]}'"
    prov = json.loads(rows(tmp_path / "m.sqlite", sql)[0][0])
    assert prov["mentions_seen"] == 2 and [m["url"] for m in prov["mentions"]] == [
        "https://example.com/0", "https://example.com/1",
    ]  # fmt: skip
    assert prov["mentions"][0]["file"] == str(mentions) and prov["mentions"][0]["line"] == 1


def test_icews_and_polecat_imports(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "x.sqlite"))
    icews = import_files("icews", [str(DATA / "icews_sample.tab")], settings)
    polecat = import_files("polecat", [str(DATA / "polecat_sample.tsv")], settings)
    assert (icews.inserted, len(icews.problems)) == (3, 2)
    assert (polecat.inserted, len(polecat.problems)) == (2, 1)
    got = rows(tmp_path / "x.sqlite", "SELECT dataset, source_country, target_country, event, quad FROM external_events"
                                      " ORDER BY id")  # fmt: skip
    assert got[:3] == [("icews", "USA", "AZE", "CONSULT", 1), ("icews", "USA", "AZE", "SANCTION", 4),
                       ("icews", "AZE", "USA", "REJECT", 3)]  # fmt: skip
    assert got[3:] == [("polecat", "USA", "AZE", "CONSULT", 1), ("polecat", "ARM", "USA", "CONSULT", 1)]


def test_series_shows_external_events_beside_ours(ours: Path, tmp_path: Path) -> None:
    tsv = tmp_path / "ours.tsv"
    assert run("export", "--db", str(ours), "-f", "gdelt", "-o", str(tsv), "--events").returncode == 0
    db = tmp_path / "both.sqlite"
    db.write_bytes(ours.read_bytes())
    assert run("import", "gdelt", str(tsv), "--db", str(db)).returncode == 0
    res = run(
        "series",
        "AZE",
        "USA",
        "--db",
        str(db),
        "--period",
        "year",
        "--external",
        "gdelt",
        "-f",
        "json",
        "--all-statuses",
    )  # GDELT has no planned events: every imported one counts
    assert res.returncode == 0, res.stderr
    points = json.loads(res.stdout)
    assert sum(p["n_events"] for p in points) > 0
    for p in points:  # an export of our events, imported back, is the same series
        assert p["gdelt_n_events"] == p["n_events"], p
        assert p["gdelt_material_conflict"] == p["material_conflict"]
        assert p["gdelt_goldstein_sum"] == pytest.approx(p["goldstein_sum"])


def test_other_export_formats(ours: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    n = rows(ours, "SELECT count(*) FROM mentions")[0][0]
    n_events = rows(ours, "SELECT count(*) FROM events")[0][0]
    for fmt, name in (("csv", "e.csv"), ("plover", "e.jsonl"), ("parquet", "e.parquet"), ("jsonl", "x.jsonl")):
        res = run("export", "--db", str(ours), "-f", fmt, "-o", str(tmp_path / name))
        assert res.returncode == 0, res.stderr
    assert len((tmp_path / "e.csv").read_text(encoding="utf-8").splitlines()) == n + 1
    plover = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(plover) == n and all(p["event"] and p["source"][0]["code"] for p in plover)
    assert pq.read_table(tmp_path / "e.parquet").num_rows == n
    res = run("export", "--db", str(ours), "-f", "gdelt", "--events", "AZE", "ARM")
    assert res.returncode == 0 and 0 < len(res.stdout.splitlines()) <= n_events
    assert run("export", "--db", str(ours), "-f", "parquet").returncode == 2  # parquet needs a file
