"""Checks on uploaded files: a safe display name, an allowed type whose bytes match it, and reading them into
documents without touching the file system (so no file name can reach a path)."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from dyadwatch.ingest.readers import read_bytes, read_jsonl_lines
from dyadwatch.records import Document, IngestFailure

log = logging.getLogger(__name__)

FORMATS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
    ".pdf": "pdf", ".jsonl": "jsonl", ".ndjson": "jsonl",
}  # fmt: skip
"""Accepted file name endings and the reader each one gets."""

GENERIC_TYPES = {"", "application/octet-stream", "binary/octet-stream"}
CONTENT_TYPES = {
    "text": {"text/plain"},
    "markdown": {"text/markdown", "text/x-markdown", "text/plain"},
    "html": {"text/html", "application/xhtml+xml"},
    "pdf": {"application/pdf", "application/x-pdf"},
    "jsonl": {"application/jsonl", "application/x-jsonlines", "application/x-ndjson", "application/json",
              "text/plain"},
}  # fmt: skip
_UNSAFE = re.compile(r"[^\w.\- ]+")
MAX_NAME = 120


class UploadRejected(ValueError):
    """An upload of a type the server does not accept (HTTP 415)."""


def safe_filename(name: str | None) -> str:
    """A display name for an uploaded file: the last path part only, no control or path characters, no leading
    dots, at most ``MAX_NAME`` characters; ``upload`` when nothing is left. ``../../etc/passwd`` → ``passwd``."""
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    last = PurePosixPath(text.replace("\\", "/")).name
    last = _UNSAFE.sub("_", last).strip(" .")
    if len(last) > MAX_NAME:
        stem, dot, ext = last.rpartition(".")
        last = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else last[:MAX_NAME]
    return last or "upload"


@dataclass(frozen=True, slots=True)
class CheckedUpload:
    """An accepted upload: its safe name and the reader format."""

    name: str
    format: str


def check_upload(filename: str | None, content_type: str | None, data: bytes) -> CheckedUpload:
    """Accept only known endings whose declared type and first bytes agree; raises ``UploadRejected``."""
    name = safe_filename(filename)
    suffix = PurePosixPath(name).suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None:
        raise UploadRejected(f"file type {suffix or '(none)'!r} not accepted; use one of {', '.join(sorted(FORMATS))}")
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype not in GENERIC_TYPES and ctype not in CONTENT_TYPES[fmt]:
        raise UploadRejected(f"content type {ctype!r} does not match a {fmt} file")
    head = data[:8192]
    is_pdf = head.startswith(b"%PDF")
    if fmt == "pdf" and not is_pdf:
        raise UploadRejected("not a PDF: the file does not start with %PDF")
    if fmt != "pdf":
        if is_pdf:
            raise UploadRejected(f"a PDF file named as {fmt}")
        utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
        if b"\x00" in head and not utf16:
            raise UploadRejected("binary content in a text upload")
    return CheckedUpload(name, fmt)


def read_upload(checked: CheckedUpload, data: bytes) -> list[Document | IngestFailure]:
    """The documents in an accepted upload (JSONL: one per line), or failures with reasons."""
    where = f"upload:{checked.name}"
    if checked.format == "jsonl":
        return list(read_jsonl_lines(data.splitlines(keepends=True), where))
    return [read_bytes(data, where, checked.format)]


__all__ = ["FORMATS", "CheckedUpload", "UploadRejected", "check_upload", "read_upload", "safe_filename"]
