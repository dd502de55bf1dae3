"""One typed settings object: defaults → config file → environment → explicit overrides (CLI flags).

Config file: TOML, either given explicitly, named by ``DYADWATCH_CONFIG``, or ``./dyadwatch.toml`` if present.
Keys are the field names below (top level or under a ``[dyadwatch]`` table). Environment variables are
``DYADWATCH_<FIELD>`` in upper case, e.g. ``DYADWATCH_DB=postgresql://…`` or ``DYADWATCH_MAX_FILE_MB=5``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

DEFAULT_CONFIG_NAME = "dyadwatch.toml"


class SettingsError(ValueError):
    """Raised for an unreadable config file or a value of the wrong type."""


@dataclass(frozen=True)
class Settings:
    """All tunables of dyadwatch in one place."""

    db: str = "dyadwatch.sqlite"
    """Database: a file path (SQLite) or an SQLAlchemy URL (``sqlite:///…``, ``postgresql://…``)."""
    max_file_mb: float = 50.0
    """Inputs larger than this are recorded as failed instead of read."""
    languages: tuple[str, ...] = ("en", "tr", "az", "ru", "hy", "ka", "fa", "ar", "fr", "de", "es", "uk")
    """Languages the identifier chooses among (ISO 639-1)."""
    skip_damaged: bool = True
    """Skip sentences whose damage score reaches ``damage_threshold`` (else down-weight their events)."""
    damage_threshold: float = 0.5
    repair_damaged: bool = True
    """Restore lost letters (az/tr ə ş ç ğ ı ö ü) in damaged sentences before coding them; events keep offsets
    into the repaired text plus the original text (``documents.repaired_text``/``repair_map``)."""
    repair_threshold: float = 0.5
    """Sentences whose damage score reaches this are repaired (when ``repair_damaged`` and their language has
    damage data with a letter model)."""
    batch_size: int = 200
    """Documents per database transaction batch on long runs."""
    extensions: tuple[str, ...] = (
        ".txt",
        ".text",
        ".md",
        ".markdown",
        ".html",
        ".htm",
        ".pdf",
        ".jsonl",
        ".ndjson",
    )
    """File name endings read when ingesting a folder (other files are reported as skipped)."""
    # server (``dyadwatch serve``)
    token: str = field(default="", repr=False)
    """Secret for the HTTP API's write endpoints (and reads unless ``read_public``); empty = writes disabled."""
    read_public: bool = True
    """Serve read endpoints and the dashboard without the token."""
    max_upload_mb: float = 10.0
    """Largest document upload the HTTP API accepts."""
    host: str = "127.0.0.1"
    port: int = 8000

    @property
    def db_url(self) -> str:
        """The database as an SQLAlchemy URL."""
        if "://" in self.db:
            return self.db
        return f"sqlite:///{Path(self.db).expanduser()}"

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


_FIELDS = {f.name: f for f in fields(Settings)}


def _coerce(name: str, value: Any) -> Any:
    default = _FIELDS[name].default
    try:
        if isinstance(default, bool):
            if isinstance(value, str):
                low = value.strip().lower()
                if low in {"1", "true", "yes", "on"}:
                    return True
                if low in {"0", "false", "no", "off"}:
                    return False
                raise ValueError(value)
            return bool(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        if isinstance(default, tuple):
            if isinstance(value, str):
                return tuple(v.strip() for v in value.split(",") if v.strip())
            return tuple(str(v) for v in value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting {name!r}: cannot use {value!r} ({exc})") from exc


def _from_mapping(data: Mapping[str, Any], origin: str) -> dict[str, Any]:
    if "dyadwatch" in data and isinstance(data["dyadwatch"], Mapping):
        data = data["dyadwatch"]
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise SettingsError(f"{origin}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(_FIELDS)}")
    return {k: _coerce(k, v) for k, v in data.items()}


def load_settings(
    config: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build settings from defaults, then the config file, then ``DYADWATCH_*`` env vars, then ``overrides``."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = Path(config) if config else (Path(env["DYADWATCH_CONFIG"]) if env.get("DYADWATCH_CONFIG") else None)
    if path is None and Path(DEFAULT_CONFIG_NAME).is_file():
        path = Path(DEFAULT_CONFIG_NAME)
    if path is not None:
        try:
            values.update(_from_mapping(tomllib.loads(path.read_text(encoding="utf-8")), str(path)))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"cannot read config file {path}: {exc}") from exc
    for name in _FIELDS:
        key = f"DYADWATCH_{name.upper()}"
        if key in env:
            values[name] = _coerce(name, env[key])
    values.update({k: _coerce(k, v) for k, v in overrides.items() if v is not None})
    return Settings(**values)


__all__ = ["Settings", "SettingsError", "load_settings"]
