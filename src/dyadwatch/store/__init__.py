"""Persistent store: SQLAlchemy Core schema, SQLite (WAL) or PostgreSQL, alembic migrations."""

from dyadwatch.store.db import StoreError, create_db_engine, head_revision, migrate
from dyadwatch.store.repo import Store

__all__ = ["Store", "StoreError", "create_db_engine", "head_revision", "migrate"]
