"""Fixtures for the damaged-text tests: the project's clean sentences and the shared seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadwatch.damage.evaluate import load_sentences

DATA = Path(__file__).resolve().parent / "data"
ROOT = Path(__file__).resolve().parents[2]
SEED_DIRS = (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds"))


def sentences(name: str) -> list[str]:
    """Sentences of ``tests/damage/data/<name>.txt``."""
    return load_sentences(DATA / f"{name}.txt")


def seed_file(stem: str) -> Path:
    """The shared seed ``<stem>_*.txt``, or skip the test when the seeds are absent."""
    for folder in SEED_DIRS:
        if folder.is_dir():
            hits = sorted(folder.glob(f"{stem}_*.txt"))
            if hits:
                return hits[0]
    pytest.skip(f"shared seed {stem} is not present")
    raise AssertionError  # unreachable


@pytest.fixture(scope="session")
def heldout() -> dict[str, list[str]]:
    return {lang: sentences(f"{lang}_heldout") for lang in ("az", "tr")}


@pytest.fixture(scope="session")
def real_clean() -> list[tuple[str, str]]:
    """(sentence, language) of every az/tr sentence of real clean text: seed 002 (when present), the example
    corpus and the gold documents, segmented and language-identified by the pipeline."""
    from dyadwatch.damage.evaluate import real_sentences

    paths: list[Path] = [ROOT / "examples" / "corpus", *sorted((ROOT / "tests" / "golden").glob("*/docs*.jsonl"))]
    for folder in SEED_DIRS:
        hits = sorted(folder.glob("002_*.txt")) if folder.is_dir() else []
        if hits:
            paths.append(hits[0])
            break
    return real_sentences(paths)
