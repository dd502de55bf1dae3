"""Interoperability: import GDELT / ICEWS / POLECAT events, export GDELT TSV, PLOVER JSONL, CSV, Parquet."""

from dyadwatch.interop.export import write_events
from dyadwatch.interop.external import READERS, ExternalEvent, ImportProblem

__all__ = ["READERS", "ExternalEvent", "ImportProblem", "write_events"]
