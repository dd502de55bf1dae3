"""Split text into segments marked with the evidence spans that cover them (for highlighting as plain text).

The dashboard renders each segment with ``textContent`` inside an element whose classes are the segment's
marks, so untrusted document text is never parsed as HTML, and offsets (Python code points) never have to be
converted to JavaScript's UTF-16 indices.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

KINDS = ("evidence", "trigger", "source", "target")


@dataclass(frozen=True, slots=True)
class Mark:
    """A span ``[start, end)`` of the whole text, of one kind, from one mention (or none)."""

    start: int
    end: int
    kind: str
    mention_id: int | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text and the marks covering all of it."""

    text: str
    marks: tuple[str, ...]
    mention_ids: tuple[int, ...]


def segments(text: str, marks: Iterable[Mark], offset: int = 0) -> list[Segment]:
    """Cut ``text`` (which starts at ``offset`` of the document) at every mark boundary; ignores empty marks."""
    n = len(text)
    opening: dict[int, list[Mark]] = {}
    closing: dict[int, list[Mark]] = {}
    cuts = {0, n}
    for m in marks:
        s, e = max(m.start - offset, 0), min(m.end - offset, n)
        if s >= e:
            continue
        opening.setdefault(s, []).append(m)
        closing.setdefault(e, []).append(m)
        cuts.update((s, e))
    kinds: Counter[str] = Counter()
    ids: Counter[int] = Counter()
    out = []
    bounds = sorted(cuts)
    for lo, hi in pairwise(bounds):
        for m in closing.get(lo, ()):
            kinds[m.kind] -= 1
            if m.mention_id is not None:
                ids[m.mention_id] -= 1
        for m in opening.get(lo, ()):
            kinds[m.kind] += 1
            if m.mention_id is not None:
                ids[m.mention_id] += 1
        active = [k for k in KINDS if kinds[k] > 0] + sorted(k for k in kinds if k not in KINDS and kinds[k] > 0)
        out.append(Segment(text[lo:hi], tuple(active), tuple(sorted(i for i, c in ids.items() if c > 0))))
    return out


__all__ = ["KINDS", "Mark", "Segment", "segments"]
