"""Reading gold / predicted JSONL files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """All JSON objects of a JSONL file (blank lines skipped; a bad line raises ``ValueError`` naming it)."""
    out: list[dict[str, Any]] = []
    p = Path(path)
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{p}:{n}: bad JSON: {exc}") from exc
    return out
