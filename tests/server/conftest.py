"""Fixtures for the server tests: a real SQLite store filled by ingesting the example corpus, the project's own
test documents (one HTML page with ``<script>`` in its title and text) and, when present, seed 002."""

from __future__ import annotations

import os
import shutil
import sqlite3
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dyadwatch.settings import Settings
from tests.conftest import ROOT, SEED_002

DATA = Path(__file__).parent / "data"
SCRIPT_DOC = DATA / "script-in-title.html"
TOKEN = "test-token-0123456789"


def inputs() -> list[str]:
    paths = [str(ROOT / "examples" / "corpus"), str(DATA)]
    if SEED_002.is_file():
        paths.append(str(SEED_002))
    return paths


@pytest.fixture(scope="session")
def filled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with everything ingested once per session (copy it before writing: ``db_copy``)."""
    from dyadwatch.service import ingest

    path = tmp_path_factory.mktemp("server-db") / "filled.sqlite"
    summary = ingest(inputs(), Settings(db=str(path)))
    assert summary.status == "completed" and not summary.failures
    assert summary.documents >= 13 + SEED_002.is_file()  # example corpus + the project's page (+ seed 002)
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return path


def copy_db(src: Path, dst: Path) -> Path:
    """A consistent copy of a SQLite database (the backup API, safe in WAL mode)."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


@pytest.fixture
def db_copy(filled_db: Path, tmp_path: Path) -> Path:
    return copy_db(filled_db, tmp_path / "copy.sqlite")


@pytest.fixture
def make_client() -> Iterator[Callable[..., object]]:
    """``make_client(db, **settings)`` → a TestClient over a real app (closed at the end of the test)."""
    with warnings.catch_warnings():  # starlette's note about its httpx-based client
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from dyadwatch.server import create_app

    clients: list[TestClient] = []

    def make(db: Path | str, **kw: object) -> TestClient:
        settings = Settings(db=str(db), **{"token": TOKEN, **kw})  # type: ignore[arg-type]
        client = TestClient(create_app(settings))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where browser screenshots go: ``$DYADWATCH_TEST_ARTIFACTS`` or ``tests/artifacts`` (git-ignored)."""
    path = Path(os.environ.get("DYADWATCH_TEST_ARTIFACTS") or ROOT / "tests" / "artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


def chromium() -> str | None:
    """Debian's chromium, which the browser tests drive (CI installs it); never downloaded."""
    path = os.environ.get("DYADWATCH_CHROMIUM") or "/usr/bin/chromium"
    return path if Path(path).exists() else shutil.which("chromium")
