"""Helpers for the scale tests: a synthetic corpus file and a dump of a store's tables for comparison."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from dyadwatch.scale.corpus import default_sources, synthetic_documents

ROOT = Path(__file__).resolve().parents[2]
VOLATILE = {"documents": {"run_id", "ingested_at"}, "mentions": {"run_id"}, "external_events": {"run_id"}}


def write_corpus(path: Path, n: int, seed: int = 0, bad_lines: bool = True) -> int:
    """``n`` synthetic documents with unique texts (plus two bad lines); returns the number of documents."""
    with path.open("w", encoding="utf-8") as fh:
        for i, doc in enumerate(synthetic_documents(default_sources(ROOT), n, seed)):
            doc["text"] = f"{doc['text']}\n\nReport {i}."  # unique: no document is a duplicate of another
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
            if bad_lines and i == n // 2:
                fh.write('{"id": "broken", "text": \n')
                fh.write('{"id": "empty", "text": ""}\n')
    return n


def dump(db: Path) -> dict[str, list[str]]:
    """Every row of every data table (not runs), without run ids and timestamps, sorted."""
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out = {}
        for t in names:
            if t in ("runs", "alembic_version") or t.startswith("sqlite_"):
                continue
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})") if r[1] not in VOLATILE.get(t, set())]
            rows = conn.execute(f"SELECT {', '.join(f'{c!r}' for c in cols)} FROM {t}")
            out[t] = sorted(repr(r) for r in rows)
    return out
