"""Readers for text, Markdown, HTML, PDF, JSONL, folders and stdin."""

from dyadwatch.ingest.encoding import DecodeError, decode
from dyadwatch.ingest.formats import ReadError
from dyadwatch.ingest.readers import read_inputs, read_jsonl_lines, read_path, read_stream

__all__ = [
    "DecodeError",
    "ReadError",
    "decode",
    "read_inputs",
    "read_jsonl_lines",
    "read_path",
    "read_stream",
]
