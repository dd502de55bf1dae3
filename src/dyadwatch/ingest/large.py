"""Large inputs in bounded memory: JSONL read line by line with a size limit per line, and big plain-text or
Markdown files read in paragraph-aligned parts, each its own document.

A JSONL file is a stream of documents, so ``max_file_mb`` limits each line (one document), not the file: a
million-line file streams through in constant memory, and a line over the limit is skipped (read in chunks, never
held whole) and reported. A plain-text or Markdown file larger than ``2 * PART_BYTES`` (and within
``max_file_mb``) is cut into parts of about ``PART_BYTES`` at paragraph breaks (else line breaks, else spaces);
each part is decoded and read like a file of its own, with path ``FILE#part-NNNN`` and its byte offset in ``meta``.
"""

from __future__ import annotations

import codecs
import dataclasses
import logging
from collections.abc import Callable, Iterator
from typing import BinaryIO

from dyadwatch.records import Document, IngestFailure

log = logging.getLogger(__name__)

PART_BYTES = 1 << 20  # about 1 MiB of text per part (~150 pages)
CHUNK = 1 << 16


class OversizeLine(bytes):
    """Stands for a line longer than the limit: its (empty) content was not kept; ``size`` says how long it was."""

    size: int

    def __new__(cls, size: int) -> OversizeLine:
        obj = super().__new__(cls, b"")
        obj.size = size
        return obj


def bounded_lines(fh: BinaryIO, limit: int) -> Iterator[bytes]:
    """The lines of ``fh``; a line longer than ``limit`` bytes comes as an ``OversizeLine`` (memory stays bounded)."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or (line.endswith(b"\n") and len(line) == limit + 1):
            yield line
            continue
        size = len(line)
        while not line.endswith(b"\n"):  # skip the rest of the line in chunks
            line = fh.readline(CHUNK)
            if not line:
                break
            size += len(line)
        log.warning("skipping a line of %d bytes (limit %d)", size, limit)
        yield OversizeLine(size)


def _cut(buf: bytes, at_least: int) -> int:
    """Where to end a part inside ``buf``: after its last paragraph break, else line break, else space."""
    for sep in (b"\n\n", b"\r\n\r\n", b"\n", b" "):
        i = buf.rfind(sep, at_least)
        if i >= 0:
            return i + len(sep)
    return len(buf)


def text_parts(fh: BinaryIO, part_bytes: int = PART_BYTES) -> Iterator[tuple[int, bytes]]:
    """``(byte offset, bytes)`` parts of a file of about ``part_bytes`` each, cut at paragraph/line breaks."""
    offset = 0
    buf = b""
    while True:
        data = fh.read(part_bytes - len(buf))  # never more than part_bytes in hand
        buf += data
        if not data:
            if buf:
                yield offset, buf
            return
        if len(buf) < part_bytes:
            continue
        end = _cut(buf, len(buf) // 2)
        yield offset, buf[:end]
        offset += end
        buf = buf[end:]


def splittable(head: bytes) -> bool:
    """Whether a text file can be cut at byte-level line breaks (not UTF-16/32, whose newlines are multi-byte)."""
    return not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE))


def read_parts(
    fh: BinaryIO,
    name: str,
    fmt: str,
    read_bytes: Callable[[bytes, str, str], Document | IngestFailure],
    part_bytes: int = PART_BYTES,
) -> Iterator[Document | IngestFailure]:
    """Each part of a large text/Markdown file read as a document (``name#part-NNNN``) or a failure."""
    n = 0
    for n, (offset, data) in enumerate(text_parts(fh, part_bytes), 1):
        item = read_bytes(data, f"{name}#part-{n:04d}", fmt)
        if isinstance(item, Document):
            meta = dict(item.meta) | {"part": str(n), "byte_offset": str(offset), "file": name}
            item = dataclasses.replace(item, meta=tuple(sorted(meta.items())))
        yield item
    log.info("read %s in %d parts", name, n)
