"""Engines and migrations: SQLite (WAL) by default, PostgreSQL by URL; schema upgraded with alembic on open."""

from __future__ import annotations

import logging
import shutil
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

log = logging.getLogger(__name__)


class StoreError(RuntimeError):
    """The database cannot be opened or used (bad URL, missing driver, locked, disk full …)."""


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("dyadwatch.store") / "migrations"))
    return cfg


def head_revision() -> str:
    """The newest migration id shipped with this version."""
    return ScriptDirectory.from_config(_alembic_config()).get_current_head() or ""


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get WAL mode and their parent folder is created."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL or path: {url!r}") from exc
    if parsed.drivername.startswith("postgresql") and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername.startswith("sqlite"):
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the database folder {folder}: {exc.strerror or exc}") from exc
        # how long to wait for a lock held by another process: ?timeout=SECONDS in the URL, default 10
        timeout = float(parsed.query.get("timeout", 10))
        engine = create_engine(parsed.difference_update_query(["timeout"]), connect_args={"timeout": timeout})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        raise StoreError(f"no driver for {parsed.drivername}: pip install 'dyadwatch[postgres]'") from exc


def _known_revision(rev: str) -> bool:
    from alembic.script import ScriptDirectory

    return any(r.revision == rev for r in ScriptDirectory.from_config(_alembic_config()).walk_revisions())


def space_hint(engine: Engine) -> str:
    """For an SQLite file on a (nearly) full filesystem: a note saying so (SQLite may only say "disk I/O error")."""
    db = engine.url.database if engine.url.drivername.startswith("sqlite") else None
    if not db or db == ":memory:":
        return ""
    folder = Path(db).expanduser().resolve().parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return ""
    return f" (the filesystem of {folder} is full: {free} bytes free)" if free < 1024 * 1024 else ""


def migrate(engine: Engine) -> str:
    """Bring the schema to the newest revision; returns it. Safe to call on every open."""
    cfg = _alembic_config()
    try:
        with engine.begin() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            head = head_revision()
            if current is not None and current != head and not _known_revision(current):
                raise StoreError(
                    f"database {engine.url.render_as_string(hide_password=True)} has schema revision {current}, "
                    f"which this dyadwatch (schema {head}) does not know: it was written by a newer version; "
                    "upgrade dyadwatch to open it"
                )
            if current != head:
                log.info("migrating database from %s to %s", current or "empty", head)
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        raise StoreError(f"cannot open database {where}: {exc.orig}{space_hint(engine)}") from exc
    return head
