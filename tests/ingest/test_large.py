"""Large inputs in bounded memory: JSONL limited per line, big text files read in parts."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from dyadwatch.ingest.large import OversizeLine, bounded_lines, read_parts, text_parts
from dyadwatch.ingest.readers import read_bytes, read_jsonl_lines, read_path
from dyadwatch.records import Document, IngestFailure
from dyadwatch.settings import Settings

PARAGRAPH = "Azerbaijan and Georgia signed a transit agreement in Tbilisi on {i} May. The talks went on.\n\n"


def test_a_line_over_the_limit_is_skipped_and_reported() -> None:
    lines = [b'{"text": "a b c"}\n', b'{"text": "' + b"x" * 5000 + b'"}\n', b'{"text": "d e f"}', b"\n"]
    got = list(bounded_lines(io.BytesIO(b"".join(lines)), 1000))
    assert got[0] == lines[0] and isinstance(got[1], OversizeLine) and got[1].size == len(lines[1])
    assert got[2:] == [lines[2] + b"\n"] or got[2:] == [lines[2], b"\n"]
    items = list(read_jsonl_lines(bounded_lines(io.BytesIO(b"".join(lines)), 1000), "f.jsonl"))
    assert [type(i) for i in items] == [Document, IngestFailure, Document]
    assert items[1].path == "f.jsonl:2" and f"line too large: {len(lines[1])} bytes" in items[1].reason  # type: ignore


def test_jsonl_files_are_not_limited_as_a_whole(tmp_path: Path) -> None:
    f = tmp_path / "many.jsonl"
    f.write_text("".join(json.dumps({"id": str(i), "text": PARAGRAPH.format(i=i)}) + "\n" for i in range(3000)))
    settings = Settings(max_file_mb=0.01)  # 10 KB: far less than the file, more than any line
    items = list(read_path(f, settings))
    assert len(items) == 3000 and all(isinstance(i, Document) for i in items)


def test_text_parts_are_contiguous_and_cut_at_paragraphs() -> None:
    data = "".join(PARAGRAPH.format(i=i) for i in range(500)).encode()
    parts = list(text_parts(io.BytesIO(data), 4096))
    assert b"".join(p for _, p in parts) == data
    assert [off for off, _ in parts] == [sum(len(p) for _, p in parts[:k]) for k in range(len(parts))]
    assert all(p.endswith(b"\n\n") and len(p) <= 4096 for _, p in parts)
    docs = list(read_parts(io.BytesIO(data), "big.txt", "text", read_bytes, 4096))
    assert len(docs) == len(parts) and all(isinstance(d, Document) for d in docs)
    first = docs[0]
    assert first.path == "big.txt#part-0001" and dict(first.meta)["byte_offset"] == "0"  # type: ignore[union-attr]
    assert "".join(d.text for d in docs).split() == data.decode().split()  # type: ignore[union-attr]


def test_a_bad_part_fails_alone() -> None:
    data = PARAGRAPH.format(i=1).encode() * 60 + b"\x00" * 3000 + b"\n\n" + PARAGRAPH.format(i=2).encode() * 60
    items = list(read_parts(io.BytesIO(data), "mixed.txt", "text", read_bytes, 4096))
    kinds = [type(i).__name__ for i in items]
    assert "IngestFailure" in kinds and kinds.count("Document") >= 2


CHILD = """
import json, resource, sys
from pathlib import Path
from dyadwatch.ingest import read_inputs
from dyadwatch.settings import Settings
n = chars = 0
for item in read_inputs([sys.argv[1]], Settings(max_file_mb=1000)):
    n += 1
    chars += len(getattr(item, "text", ""))
print(json.dumps({"items": n, "chars": chars, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _read_in_child(path: Path) -> dict:
    res = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_reading_a_large_text_file_and_a_long_jsonl_keeps_memory_bounded(tmp_path: Path) -> None:
    """A 64 MB text file and a 200,000-line JSONL (sized for a fast test; bench/memory.py runs 200 MB and 1M
    lines) are read with a peak RSS far below their size: one part or one line at a time."""
    text = tmp_path / "big.txt"
    block = "".join(PARAGRAPH.format(i=i) for i in range(1000)).encode()
    with text.open("wb") as fh:
        while fh.tell() < 64 << 20:
            fh.write(block)
    jsonl = tmp_path / "long.jsonl"
    with jsonl.open("w", encoding="utf-8") as fh:
        for i in range(200_000):
            fh.write(json.dumps({"id": str(i), "text": PARAGRAPH.format(i=i)}) + "\n")
    baseline = _read_in_child(tmp_path / "missing.txt")["rss_mib"]
    big = _read_in_child(text)
    assert big["items"] >= 64 and big["chars"] >= 60 << 20
    assert big["rss_mib"] < baseline + 48, (baseline, big)  # the file is 64 MB, its text as str more
    long = _read_in_child(jsonl)
    assert long["items"] == 200_000 and jsonl.stat().st_size > 19 << 20
    assert long["rss_mib"] < baseline + 24, (baseline, long)
