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
from collections.abc import Callable
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
def _decoder(hint: Any) -> Callable[[Any], Any]:
    """A function rebuilding values of type ``hint`` from their ``to_plain`` form (built once per type)."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(options) != 1:
            raise CodecError(f"cannot decode a union of {options}")
        inner = _decoder(options[0])
        return lambda v: None if v is None else inner(v)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda v: tuple(item(x) for x in v)
        items = [_decoder(a) for a in args]
        return lambda v: tuple(d(x) for d, x in zip(items, v, strict=True))
    if origin is dict:
        value = _decoder(typing.get_args(hint)[1])
        return lambda v: {k: value(x) for k, x in v.items()}
    if dataclasses.is_dataclass(hint):
        fields = {name: _decoder(h) for name, h in typing.get_type_hints(hint).items()}
        cls = hint

        def build(v: dict[str, Any]) -> Any:
            try:
                return cls(**{k: fields[k](x) for k, x in v.items()})
            except KeyError as exc:
                raise CodecError(f"{cls.__name__} has no field {exc}") from exc

        return build
    if hint is date:
        return lambda v: None if v is None else date.fromisoformat(v)
    if hint is float:
        return lambda v: None if v is None else float(v)
    return lambda v: v


def from_plain(hint: Any, value: Any) -> Any:
    """Rebuild a value of type ``hint`` from its ``to_plain`` form."""
    return None if value is None else _decoder(hint)(value)


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
