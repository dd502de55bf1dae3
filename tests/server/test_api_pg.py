"""The same API over a real PostgreSQL server (``pg_url``): same migrations, same answers as SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dyadwatch.service import ingest
from dyadwatch.settings import Settings
from tests.pgdb import fresh_database

from .conftest import TOKEN, inputs
from .test_api import assert_error
from .test_security import AUTH, upload


@pytest.fixture(scope="module")
def pg_db(pg_url: str) -> Iterator[str]:
    """A fresh database on the session's PostgreSQL server, filled like the SQLite one."""
    with fresh_database(pg_url, "dw_api") as url:
        summary = ingest(inputs(), Settings(db=url))
        assert summary.status == "completed" and not summary.failures
        yield url


def _strip(obj):
    """Drop what legitimately differs between two stores (ingest times, run ids)."""
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items() if k not in ("ingested_at", "run_id", "started_at",
                                                                  "finished_at", "database")}  # fmt: skip
    if isinstance(obj, list):
        return [_strip(x) for x in obj]
    return obj


def test_postgresql_answers_like_sqlite(pg_db: str, filled_db: Path, make_client) -> None:
    pg, lite = make_client(pg_db), make_client(filled_db)
    assert pg.get("/api/health").json()["database"].startswith("postgresql")
    queries = [
        "/api/facets",
        "/api/events?a=USA&b=AZE&limit=500",
        "/api/events?a=AZE&limit=7&offset=3",
        "/api/events?a=USA&b=AZE&lang=tr&status=occurred",
        "/api/events?type=CONSULT&from=2023-11-01&to=2023-12-31&order=desc",
        "/api/series?a=USA&b=AZE&period=month",
        "/api/series?a=USA&b=AZE&period=week&from=2023-10-01&to=2024-02-29&directed=true",
        "/api/series?a=USA&b=AZE&period=quarter&status=occurred,planned",
        "/api/periods?a=USA&b=AZE",
        "/api/documents?limit=100",
    ]
    for q in queries:
        a, b = pg.get(q), lite.get(q)
        assert a.status_code == b.status_code == 200, (q, a.text)
        assert _strip(a.json()) == _strip(b.json()), q
    ev = lite.get("/api/events?a=USA&b=AZE&type=CONSULT").json()["items"][0]["id"]
    assert _strip(pg.get(f"/api/events/{ev}").json()) == _strip(lite.get(f"/api/events/{ev}").json())
    doc = lite.get("/api/documents?limit=100").json()["items"][-1]["id"]
    assert _strip(pg.get(f"/api/documents/{doc}").json()) == _strip(lite.get(f"/api/documents/{doc}").json())
    brief = "/api/briefs?a=USA&b=AZE&from=2023-11-01&to=2023-12-31"
    assert pg.get(brief).json()["markdown"] == lite.get(brief).json()["markdown"]


def test_postgresql_writes(pg_db: str, make_client) -> None:
    client = make_client(pg_db)
    assert_error(upload(client), 401, "unauthorized")
    res = upload(client, "../../etc/pg-note.txt", headers=AUTH)
    assert res.status_code == 201, res.text
    out = res.json()
    assert out["filename"] == "pg-note.txt" and out["mentions"] >= 1
    doc_id = out["documents"][0]
    assert client.get(f"/api/documents/{doc_id}").json()["path"] == "upload:pg-note.txt"
    rec = client.post(f"/api/documents/{doc_id}/recode", headers={"X-Dyadwatch-Token": TOKEN}).json()
    assert rec["mentions_added"] == out["mentions"]
    gone = client.delete(f"/api/documents/{doc_id}", headers=AUTH).json()
    assert gone["mentions_removed"] == out["mentions"]
    assert_error(client.get(f"/api/documents/{doc_id}"), 404, "not_found")
