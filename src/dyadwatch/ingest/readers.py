"""Turn paths, folders, JSONL and stdin into ``Document`` or ``IngestFailure`` records, never raising on bad input."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from dyadwatch.ingest.formats import Extracted, ReadError, read_html, read_pdf, read_text
from dyadwatch.ingest.large import PART_BYTES, OversizeLine, bounded_lines, read_parts, splittable
from dyadwatch.records import Document, IngestFailure, content_id
from dyadwatch.settings import Settings

log = logging.getLogger(__name__)

FORMAT_BY_SUFFIX = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".pdf": "pdf", ".jsonl": "jsonl", ".ndjson": "jsonl",
}  # fmt: skip

Item = Document | IngestFailure


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _failure(path: str, reason: str, fmt: str, key_data: bytes | None = None) -> IngestFailure:
    key = _sha(key_data if key_data is not None else path.encode("utf-8"))
    log.warning("failed %s: %s", path, reason)
    return IngestFailure(key=f"failed:{key[:40]}", path=path, reason=reason, format=fmt)


def sniff_format(path: Path, head: bytes) -> str:
    """Format from the file name, else from the first bytes."""
    fmt = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if fmt:
        return fmt
    if head.startswith(b"%PDF"):
        return "pdf"
    low = head[:512].lstrip().lower()
    if low.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def to_document(ex: Extracted, path: str, doc_id: str | None = None, **fields: object) -> Document:
    """Build a Document from extracted text; explicit ``fields`` (from JSONL) win over extracted metadata."""
    text = ex.text
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    values: dict[str, object] = {
        "title": ex.title, "published": ex.published, "author": ex.author, "url": ex.url, "source": ex.source,
    }  # fmt: skip
    values.update({k: v for k, v in fields.items() if v is not None})
    return Document(
        id=doc_id or content_id(text),
        text=text,
        sha256=sha,
        path=path,
        format=ex.format,
        meta=tuple(sorted(ex.meta.items())),
        **values,  # type: ignore[arg-type]
    )


def read_bytes(data: bytes, path: str, fmt: str) -> Item:
    """Read one file's bytes in the given format (not JSONL)."""
    if not data:
        return _failure(path, "empty file (0 bytes)", fmt, b"")
    try:
        if fmt == "pdf":
            ex = read_pdf(data)
        elif fmt == "html":
            ex = read_html(data)
        else:
            ex = read_text(data, fmt)
    except ReadError as exc:
        return _failure(path, str(exc), fmt, data)
    return to_document(ex, path)


def _parse_published(value: object) -> date | None:
    if value in (None, ""):
        return None
    return date.fromisoformat(str(value)[:10])


def read_jsonl_lines(lines: Iterable[bytes], path: str, first_line: int = 1) -> Iterator[Item]:
    """One document per JSON line: ``id``, ``text`` required-ish (``id`` defaults to the content hash).

    ``first_line`` is the line number of the first line (a part of a file read from the middle).
    """
    for lineno, raw in enumerate(lines, first_line):
        where = f"{path}:{lineno}"
        if isinstance(raw, OversizeLine):
            yield _failure(where, f"line too large: {raw.size} bytes > limit", "jsonl", f"{where}:{raw.size}".encode())
            continue
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield _failure(where, f"invalid JSON: {exc}", "jsonl", raw)
            continue
        if not isinstance(obj, dict):
            yield _failure(where, "a JSONL line must be an object", "jsonl", raw)
            continue
        text = _unicode(obj.get("text"))
        if not isinstance(text, str) or not text.strip():
            yield _failure(where, "missing or empty 'text'", "jsonl", raw)
            continue
        try:
            published = _parse_published(obj.get("published"))
        except ValueError:
            yield _failure(where, f"'published' is not an ISO date: {obj.get('published')!r:.80}", "jsonl", raw)
            continue
        fields, problem = _string_fields(obj)
        if problem:
            yield _failure(where, problem, "jsonl", raw)
            continue
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
        ex = Extracted(text=text, format="jsonl")
        yield to_document(ex, where, doc_id=fields.pop("id"), published=published, **fields)


MAX_ID = 200  # characters of a document id (the store's column)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _unicode(value: object) -> object:
    """A string with lone surrogates (JSON escapes such as \\ud800, not valid Unicode) replaced by U+FFFD."""
    if isinstance(value, str) and _SURROGATE.search(value):
        return _SURROGATE.sub("\ufffd", value)
    return value


def _string_fields(obj: dict) -> tuple[dict[str, str | None], str | None]:
    """``id``, ``title``, ``lang``, ``url``, ``source``, ``author`` of a JSONL object as strings (numbers are
    written as strings; empty means absent), or the reason why one cannot be: a list, an object, a boolean."""
    out: dict[str, str | None] = {}
    for name in ("id", "title", "lang", "url", "source", "author"):
        value = obj.get(name)
        if isinstance(value, bool) or (value is not None and not isinstance(value, str | int | float)):
            return out, f"'{name}' must be a string, not {type(value).__name__}"
        out[name] = _unicode(str(value)) if value not in (None, "") else None
    if out["id"] is not None and len(out["id"]) > MAX_ID:
        return out, f"'id' is longer than {MAX_ID} characters"
    return out, None


def iter_files(paths: Iterable[str | os.PathLike[str]], settings: Settings) -> Iterator[Path | IngestFailure]:
    """Expand folders recursively (sorted, hidden entries skipped); missing paths become failures."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or not child.is_file():
                    continue
                if child.suffix.lower() in settings.extensions or not child.suffix:
                    yield child
                else:
                    log.info("skipping %s (extension not in settings.extensions)", child)
        elif path.exists():
            yield path
        else:
            yield _failure(str(path), "no such file or directory", "unknown")


def read_path(path: Path, settings: Settings) -> Iterator[Item]:
    """All documents in one file (one, or many for JSONL), or failures with reasons."""
    name = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1024)
            fmt = sniff_format(path, head)
            if fmt == "jsonl":  # a stream of documents: the limit applies to each line, the file can be any size
                fh.seek(0)
                yield from read_jsonl_lines(bounded_lines(fh, settings.max_file_bytes), name)
                return
            if size > settings.max_file_bytes:
                yield _failure(name, f"too large: {size} bytes > limit {settings.max_file_bytes}", "unknown")
                return
            if fmt in ("text", "markdown") and size > 2 * PART_BYTES and splittable(head):
                fh.seek(0)
                yield from read_parts(fh, name, fmt, read_bytes)  # bounded memory: one part at a time
                return
            data = head + fh.read()
    except OSError as exc:
        yield _failure(name, f"unreadable: {exc.strerror or exc}", "unknown")
        return
    yield read_bytes(data, name, fmt)


def read_stream(stream: BinaryIO, fmt: str = "text", name: str = "<stdin>") -> Iterator[Item]:
    """Standard input (or any binary stream): JSONL line by line, else the whole stream as one document."""
    if fmt == "jsonl":
        yield from read_jsonl_lines(bounded_lines(stream, Settings().max_file_bytes), name)
    else:
        yield read_bytes(stream.read(), name, fmt)


def read_inputs(paths: Iterable[str], settings: Settings, stdin_format: str = "text") -> Iterator[Item]:
    """Everything the user named: files, folders, and ``-`` for standard input."""
    for p in paths:
        if p == "-":
            yield from read_stream(sys.stdin.buffer, stdin_format)
            continue
        for entry in iter_files([p], settings):
            if isinstance(entry, IngestFailure):
                yield entry
            else:
                yield from read_path(entry, settings)
