"""Shared fixtures: paths to the repository's example corpus and the shared seeds (when present)."""

from __future__ import annotations

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
