from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import IntegrityError

from dyadwatch.records import (
    Actor,
    Document,
    IngestFailure,
    Mention,
    ProcessedDocument,
    Sentence,
    Span,
    content_id,
)
from dyadwatch.store import Store, StoreError, head_revision
from dyadwatch.store.schema import metadata

TEXT = "Blinken called Aliyev on 27 November. They discussed peace."


def processed(text: str = TEXT, bad_mention: bool = False) -> ProcessedDocument:
    import hashlib

    doc = Document(id=content_id(text), text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), lang="en")
    s1 = Sentence(doc.id, 0, 0, 37, text[0:37], "en")
    s2 = Sentence(doc.id, 1, 38, len(text), text[38:], "en")
    src = Actor("USAGOV", "USA", "foreign_minister", "Antony Blinken", Span("Blinken", 0, 7))
    tgt = Actor("AZEGOV", None if bad_mention else "AZE", "head_of_state", "Ilham Aliyev", Span("Aliyev", 15, 21))
    m = Mention(
        doc_id=doc.id, sentence=Span(s1.text, 0, 37), source=src, target=tgt, event="CONSULT", mode="phone",
        context=None, cameo="040", intensity=1.5, goldstein=1.0, quad=1, trigger=Span("called", 8, 14),
        rule="en.consult.phone", date=date(2023, 11, 27), date_precision="day", status="occurred",
        confidence=0.9, coder_version="test",
    )  # fmt: skip
    return ProcessedDocument(doc, (s1, s2), (m,))


def test_migrations_produce_exactly_the_declared_schema(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert store.revision == head_revision() == "0003"
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'wal.sqlite'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_write_is_idempotent_and_counts(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'x.sqlite'}")
    fail = IngestFailure(key="failed:abc", path="x.bin", reason="binary content")
    stored, failed, skipped = store.write_batch([processed(), fail], None)
    assert (len(stored), failed, skipped) == (1, 1, 0)
    stored, failed, skipped = store.write_batch([processed(), fail], None)
    assert (len(stored), failed, skipped) == (0, 0, 2)
    info = store.status()
    assert info["documents"] == {"ok": 1, "failed": 1}
    assert info["sentences"] == 2 and info["mentions"] == 1
    (bad,) = store.list_documents("failed")
    assert bad["reason"] == "binary content"


def test_a_failing_batch_writes_nothing(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with pytest.raises(IntegrityError):
        store.write_batch([processed("Another text entirely."), processed(bad_mention=True)], None)
    assert store.count("documents") == 0 and store.count("sentences") == 0


def test_bad_database_location_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError):
        Store(f"sqlite:///{blocker}/sub/db.sqlite")
    with pytest.raises(StoreError, match="not a database URL"):
        Store("::nonsense::/x")


def test_postgresql_backend_same_migrations_and_writes(pg_url: str) -> None:
    store = Store(pg_url)
    assert store.revision == head_revision()
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    stored, _, _ = store.write_batch([processed()], None)
    assert len(stored) == 1
    assert store.write_batch([processed()], None)[2] == 1
    with pytest.raises(IntegrityError):
        store.write_batch([processed("Yet another text."), processed("A bad one.", bad_mention=True)], None)
    assert store.status()["documents"] == {"ok": 1} and store.count("mentions") == 1
    store.close()


def test_locked_database_is_a_clear_error(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "locked.sqlite"
    Store(f"sqlite:///{path}").close()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = Store(f"sqlite:///{path}?timeout=0.2")
        with pytest.raises(StoreError, match="locked"):
            store.write_batch([processed()], None)
    finally:
        holder.rollback()
        holder.close()


def test_a_database_from_a_newer_version_is_a_clear_error(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "newer.sqlite"
    Store(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("update alembic_version set version_num = '9999'")
    with pytest.raises(StoreError, match=r"revision 9999.*newer version"):
        Store(f"sqlite:///{path}")
