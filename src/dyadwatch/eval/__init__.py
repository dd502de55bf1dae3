"""Evaluation harness: precision/recall/F1 of extracted events against gold, per language, strict and lenient.

>>> from dyadwatch.eval import evaluate, format_report, load_jsonl
"""

from __future__ import annotations

from dyadwatch.eval.io import load_jsonl
from dyadwatch.eval.matching import date_match, lenient_match, strict_match
from dyadwatch.eval.report import PRF, Report, evaluate, format_report

__all__ = ["PRF", "Report", "date_match", "evaluate", "format_report", "lenient_match", "load_jsonl", "strict_match"]
