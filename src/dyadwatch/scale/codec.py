"""Exact JSON encoding of pipeline records (``ProcessedDocument``, ``IngestFailure`` and everything inside them).

Generic over the frozen dataclasses of ``dyadwatch.records``: fields are read with ``dataclasses.fields`` and
rebuilt from their type hints, so a field added to a record travels without a change here. Dates become ISO
strings, tuples lists; floats keep their exact value (JSON ``repr``). ``decode(encode(x)) == x``.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from datetime import date
from typing import Any

from dyadwatch.records import IngestFailure, ProcessedDocument

Record = ProcessedDocument | IngestFailure


class CodecError(ValueError):
    """A stored record does not match the record types of this version."""


def to_plain(obj: Any) -> Any:
    """A JSON-compatible form of a record (dataclasses → dicts, tuples → lists, dates → ISO strings)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        return [to_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): to_plain(v) for k, v in obj.items()}
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_plain(hint: Any, value: Any) -> Any:
    """Rebuild a value of type ``hint`` from its ``to_plain`` form."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) != 1:
            raise CodecError(f"cannot decode a union of {options}")
        return from_plain(options[0], value)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in value)
        return tuple(from_plain(a, v) for a, v in zip(args, value, strict=True))
    if origin is dict:
        _, vt = typing.get_args(hint)
        return {k: from_plain(vt, v) for k, v in value.items()}
    if dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        known = {f.name for f in dataclasses.fields(hint)}
        unknown = set(value) - known
        if unknown:
            raise CodecError(f"{hint.__name__} has no field(s) {sorted(unknown)}")
        return hint(**{k: from_plain(hints[k], v) for k, v in value.items()})
    if hint is date:
        return date.fromisoformat(value)
    if hint is float:
        return float(value)
    return value


def encode(record: Record) -> str:
    """One record as a JSON string."""
    kind = "document" if isinstance(record, ProcessedDocument) else "failure"
    return json.dumps({"kind": kind, "record": to_plain(record)}, ensure_ascii=False, separators=(",", ":"))


def decode(text: str) -> Record:
    """The record of an ``encode`` string."""
    try:
        data = json.loads(text)
        cls = {"document": ProcessedDocument, "failure": IngestFailure}[data["kind"]]
        return from_plain(cls, data["record"])
    except (KeyError, TypeError, ValueError) as exc:
        raise CodecError(f"not a stored record: {exc}") from exc
