"""Loading and schema validation of the coder's data files (``dyadwatch/data``)."""

from __future__ import annotations

import json
import logging
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from dyadwatch import yamlio

log = logging.getLogger(__name__)

DATA_ROOT = Path(str(resources.files("dyadwatch") / "data"))
LANG_FILES = ("triggers", "morphology", "dates", "modality")


class CoderDataError(ValueError):
    """A coder data file is missing, unreadable or does not match its schema (the message names the file)."""


@cache
def _schema(kind: str) -> dict[str, Any]:
    path = DATA_ROOT / "schema" / f"{kind}.schema.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CoderDataError(f"{path}: cannot read schema: {exc}") from exc


def load_yaml(path: Path, kind: str) -> dict[str, Any]:
    """Read ``path`` and validate it against ``data/schema/<kind>.schema.json``.

    Raises :class:`CoderDataError` naming the file (and the failing element) on any problem.
    """
    try:
        data = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CoderDataError(f"{path}: cannot read: {exc}") from exc
    validator = jsonschema.Draft202012Validator(_schema(kind))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        e = errors[0]
        where = "/".join(str(p) for p in e.absolute_path) or "<root>"
        raise CoderDataError(f"{path}: schema error at {where}: {e.message}")
    return data


def available_languages(root: Path | None = None) -> list[str]:
    """Languages with a complete set of coder data files under ``data/lang``."""
    base = (root or DATA_ROOT) / "lang"
    out = []
    for d in sorted(p for p in base.iterdir() if p.is_dir()):
        if all((d / f"{name}.yaml").exists() for name in LANG_FILES):
            out.append(d.name)
    return out


def load_language(lang: str, root: Path | None = None) -> dict[str, dict[str, Any]]:
    """All coder data of one language: ``{"triggers": ..., "morphology": ..., "dates": ..., "modality": ...}``."""
    base = (root or DATA_ROOT) / "lang" / lang
    out: dict[str, dict[str, Any]] = {}
    for name in LANG_FILES:
        path = base / f"{name}.yaml"
        data = load_yaml(path, name)
        if data.get("lang") != lang:
            raise CoderDataError(f"{path}: lang is {data.get('lang')!r}, expected {lang!r}")
        out[name] = data
    return out
