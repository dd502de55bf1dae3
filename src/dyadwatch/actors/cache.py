"""On-disk cache of validated actor data, so that later processes skip YAML parsing and schema validation.

The cache holds the parsed YAML items of every file (plain JSON) under a key that hashes the schema, the
loader version and the name and bytes of every data file, so any change to the data or the schema misses.
Only data that passed validation is written. Location: ``$DYADWATCH_CACHE_DIR`` or
``$XDG_CACHE_HOME/dyadwatch`` or ``~/.cache/dyadwatch``; ``DYADWATCH_NO_CACHE=1`` turns it off. Any
failure to read or write the cache is logged and ignored.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "cache_key", "read_cache", "write_cache"]

log = logging.getLogger(__name__)

#: Bump when the meaning of cached items changes without the schema changing.
CACHE_VERSION = "1"


def cache_dir() -> Path | None:
    """Where cache files go, or ``None`` when caching is turned off."""
    if os.environ.get("DYADWATCH_NO_CACHE", "").strip() not in ("", "0"):
        return None
    if os.environ.get("DYADWATCH_CACHE_DIR"):
        return Path(os.environ["DYADWATCH_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dyadwatch"


def cache_key(folder: Path, paths: Sequence[Path], schema_bytes: bytes) -> tuple[str, str]:
    """``(folder tag, content key)`` for a data folder: the key changes with any file or schema byte."""
    h = hashlib.sha256()
    h.update(CACHE_VERSION.encode())
    h.update(schema_bytes)
    for p in paths:
        h.update(p.name.encode("utf-8") + b"\x00")
        h.update(p.read_bytes())
        h.update(b"\x00")
    tag = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:12]
    return tag, h.hexdigest()[:32]


def _file(directory: Path, tag: str, key: str) -> Path:
    return directory / f"actors-{tag}-{key}.json"


def read_cache(tag: str, key: str) -> list[tuple[str, list[dict[str, Any]]]] | None:
    """The cached ``[(file name, items), ...]`` for this key, or ``None``."""
    directory = cache_dir()
    if directory is None:
        return None
    path = _file(directory, tag, key)
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
        return [(name, items) for name, items in data["files"]]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.debug("ignoring unreadable actor cache %s: %s", path, exc)
        return None


def write_cache(tag: str, key: str, files: Sequence[tuple[str, list[dict[str, Any]]]]) -> None:
    """Store validated items; older cache files of the same folder are removed."""
    directory = cache_dir()
    if directory is None:
        return
    path = _file(directory, tag, key)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"files": list(files)}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
        for old in directory.glob(f"actors-{tag}-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.debug("cannot write actor cache %s: %s", path, exc)
