"""Shared fixtures: paths to the repository's example corpus and the shared seeds (when present)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SEED_000 = SEEDS / "000_a105f8a203e2d5d2.txt"
SEED_002 = SEEDS / "002_fbde54b755dce6f1.txt"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEED_000.is_file() or not SEED_002.is_file():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture
def corpus_dir() -> Path:
    return ROOT / "examples" / "corpus"


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A real PostgreSQL server; skipped where none is installed, except in CI where that is an error."""
    from tests.pg import find_bindir, postgres_server

    if find_bindir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed but CI must test it (.ci/run installs postgresql)")
        pytest.skip("PostgreSQL server binaries not installed")
    with postgres_server() as url:
        yield url
