"""Actor tests keep the on-disk lexicon cache inside pytest's temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _actor_cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.getbasetemp() / "actor-cache"
    monkeypatch.setenv("DYADWATCH_CACHE_DIR", str(folder))
    return folder
