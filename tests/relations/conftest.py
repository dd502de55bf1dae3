"""Fixtures for the relations tests: stores filled with the hand-built corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dyadwatch.records import ProcessedDocument
from dyadwatch.store import Store

from .corpus import build, corpus_a, corpus_b


@pytest.fixture
def make_store(tmp_path: Path) -> Callable[[str], Store]:
    """A new empty SQLite store in tmp_path, by name."""
    opened: list[Store] = []

    def make(name: str = "x") -> Store:
        store = Store(f"sqlite:///{tmp_path / (name + '.sqlite')}")
        opened.append(store)
        return store

    yield make
    for s in opened:
        s.close()


@pytest.fixture
def labelled() -> tuple[list[ProcessedDocument], list[ProcessedDocument], dict[tuple, str]]:
    """(batch A documents, batch B documents, labels by (doc, sentence start, trigger start, event))."""
    labels: dict[tuple, str] = {}
    return build(corpus_a(), labels), build(corpus_b(), labels), labels
