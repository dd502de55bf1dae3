"""Typed records passed between pipeline stages.

Data flows one way: ``Document → Sentence → Mention → Event → SeriesPoint``.
Every record is a frozen dataclass; offsets are character offsets into
``Document.text`` (Python ``str`` indices, end exclusive).
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from datetime import date


def content_id(text: str) -> str:
    """Deterministic document id: the sha256 hex digest of the (NFC) text, first 32 hex chars."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class LangShare:
    """Share of a document's characters detected as one language."""

    lang: str  # ISO 639-1 code ("en", "tr", "az") or "und"
    share: float  # 0..1 of the sentence characters


@dataclass(frozen=True, slots=True)
class Document:
    """A normalised (NFC) document ready for segmentation.

    ``id`` is the caller's id (JSONL ``id``) when given, otherwise ``content_id(text)``.
    ``sha256`` is always the full digest of the text and is what makes ingest idempotent.
    """

    id: str
    text: str
    sha256: str
    title: str | None = None
    published: date | None = None
    lang: str | None = None  # declared or dominant language
    url: str | None = None
    source: str | None = None  # outlet / publisher
    author: str | None = None
    path: str | None = None  # where it was read from
    format: str = "text"  # text | markdown | html | pdf | jsonl | stdin
    meta: tuple[tuple[str, str], ...] = ()  # extra reader metadata (e.g. pdf pages, encoding)
    langs: tuple[LangShare, ...] = ()  # filled by language identification

    @property
    def mixed(self) -> bool:
        """True when two or more languages each cover at least 15% of the text."""
        return sum(1 for s in self.langs if s.share >= 0.15 and s.lang != "und") >= 2


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """An input that could not become a Document; kept so nothing is silently lost."""

    key: str  # deterministic: sha256 of the raw bytes, or of the path when unreadable
    path: str
    reason: str
    format: str = "unknown"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a document with exact offsets: ``doc.text[start:end] == text``."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str
    lang: str = "und"
    damage: float = 0.0  # 0 = clean, 1 = badly damaged (see the damage module)


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of document text: ``doc.text[start:end] == text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Actor:
    """A coded actor mention: country/IGO code, role and the text that named it."""

    code: str  # ISO3 or IGO code, possibly with a role suffix e.g. "USAGOV"
    country: str  # ISO 3166 alpha-3 or IGO code
    role: str | None  # head_of_state, foreign_minister, legislature, ...
    name: str | None  # canonical name of the person/institution, if any
    span: Span
    case: str | None = None  # grammatical case signal (nom, gen, dat, acc, com, abl, loc, by ...)


@dataclass(frozen=True, slots=True)
class Mention:
    """What one sentence of one document says happened: a coded event mention with its evidence."""

    doc_id: str
    sentence: Span
    source: Actor
    target: Actor
    event: str  # PLOVER event type, e.g. CONSULT
    mode: str | None
    context: str | None
    cameo: str | None
    intensity: float | None  # PLOVER score (-10..10)
    goldstein: float | None
    quad: int | None  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    trigger: Span
    rule: str
    date: date | None
    date_precision: str  # day | month | year | approx | unknown
    status: str  # occurred | planned | proposed
    confidence: float
    coder_version: str
    lang: str = "und"
    date_text: Span | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One real-world happening: one or more mentions merged together."""

    id: str
    mentions: tuple[Mention, ...]
    source: str
    target: str
    event: str
    date: date | None
    date_precision: str
    status: str
    why: str = ""  # explanation of the merge


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """Aggregate of events for one dyad and one period.

    ``counts``, ``plover_sum``, ``goldstein_sum`` and the means are over events (duplicates merged; an event's
    score is the mean of its mentions'); the ``mention_*`` fields and ``n_mentions`` count every report.
    """

    source: str
    target: str
    period: str
    start: date
    end: date
    counts: tuple[int, int, int, int] = (0, 0, 0, 0)  # by quad class 1..4
    plover_sum: float = 0.0
    goldstein_sum: float = 0.0
    n_mentions: int = 0
    extra: dict[str, float] = field(default_factory=dict)
    # added with dyadwatch.relations.series: events (deduplicated) vs mentions (with duplicates), means, direction
    n_events: int = 0
    plover_mean: float | None = None  # mean PLOVER score per scored event
    goldstein_mean: float | None = None  # mean Goldstein score per scored event
    mention_counts: tuple[int, int, int, int] = (0, 0, 0, 0)  # mentions by quad class 1..4
    mention_plover_sum: float = 0.0
    mention_goldstein_sum: float = 0.0
    mention_plover_mean: float | None = None
    mention_goldstein_mean: float | None = None
    directed: bool = False  # True: source → target only; False: both directions (source, target sorted)


@dataclass(frozen=True, slots=True)
class TextRepair:
    """The repaired text of a damaged document (lost letters restored) and the offset map to ``Document.text``.

    ``to_repaired[i]`` is the first offset in ``text`` that belongs to original offset ``i`` (``len(original) + 1``
    entries, strictly increasing: repair only inserts or replaces, never deletes).  A repaired offset belongs to
    the last original offset whose ``to_repaired`` is not after it (inserted letters belong to the original
    character they were inserted before, or at a word end to its last letter).
    """

    text: str
    to_repaired: tuple[int, ...]
    sentences: tuple[int, ...] = ()  # indices of the repaired sentences
    changes: tuple[tuple[int, int, float], ...] = ()  # restored words: (start, end) in ``text``, confidence

    def to_original(self, i: int) -> int:
        """Original offset of repaired offset ``i`` (0 <= i <= len(text))."""
        if not 0 <= i <= len(self.text):
            raise IndexError(f"repaired offset {i} out of range")
        return bisect.bisect_right(self.to_repaired, i) - 1

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """A repaired span ``[start, end)`` as an original span."""
        o_start = self.to_original(start)
        return o_start, max(o_start, self.to_original(end))


@dataclass(frozen=True, slots=True)
class ProcessedDocument:
    """A document after the pipeline: its sentences (with language and damage) and coded mentions.

    ``sentences`` have offsets into ``doc.text`` (the original).  When damaged sentences were repaired, ``repair``
    holds the repaired text and the mentions' offsets refer to ``repair.text``; otherwise to ``doc.text``.
    """

    doc: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    damage: float = 0.0
    repair: TextRepair | None = None
