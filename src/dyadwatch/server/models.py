"""Pydantic models at the API edge: what every endpoint returns (and the one error shape)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ErrorDetail(_Out):
    status: int = Field(description="HTTP status code.")
    code: str = Field(description="Stable machine-readable code, e.g. not_found, unauthorized, too_large.")
    message: str = Field(description="What went wrong, for people.")
    details: list[Any] | None = Field(None, description="Per-field problems for validation errors.")


class ErrorOut(_Out):
    """Every error response has this shape."""

    error: ErrorDetail


class Health(_Out):
    status: str
    version: str
    revision: str
    database: str
    read_public: bool
    writes_enabled: bool


class SpanOut(_Out):
    text: str | None
    start: int | None
    end: int | None


class ActorOut(_Out):
    code: str | None
    country: str
    role: str | None
    name: str | None
    span: SpanOut


class SegmentOut(_Out):
    text: str
    marks: tuple[str, ...] = Field(
        description="Kinds of evidence covering this text: evidence, trigger, source, target."
    )
    mention_ids: tuple[int, ...] = ()


class DocRef(_Out):
    id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: date | None


class MentionOut(_Out):
    """One report of an event: the sentence, the spans that make the coding, and the document it is in."""

    id: int
    event_id: str | None
    lang: str | None
    date: date | None
    date_precision: str
    status: str
    event: str
    mode: str | None
    context: str | None
    cameo: str | None
    plover: float | None
    goldstein: float | None
    quad: int | None
    rule: str
    confidence: float | None
    coder_version: str
    source: ActorOut
    target: ActorOut
    trigger: SpanOut
    sentence: SpanOut
    segments: list[SegmentOut] = Field(description="The sentence cut at the evidence spans, for highlighting.")
    document: DocRef


class EventOut(_Out):
    id: str
    source: str
    target: str
    event: str
    mode: str | None
    date: date | None
    date_precision: str | None
    status: str | None
    n_mentions: int
    n_docs: int | None
    languages: tuple[str, ...]
    quad: int | None
    plover: float | None
    goldstein: float | None
    first_seen: date | None
    why: str | None


class EventDetail(EventOut):
    mentions: list[MentionOut]


class EventPage(_Out):
    items: list[EventOut]
    total: int = Field(description="Events matching; a lower bound when total_exact is false.")
    total_exact: bool = Field(description="False when counting stopped at 10 000 (pages beyond count exactly).")
    limit: int
    offset: int


class MentionPage(_Out):
    items: list[MentionOut]
    total: int
    limit: int
    offset: int


class SentenceOut(_Out):
    idx: int
    start: int
    end: int
    lang: str | None
    damage: float | None


class DocumentOut(_Out):
    id: str
    status: str
    reason: str | None
    path: str | None
    format: str | None
    title: str | None
    published: date | None
    lang: str | None
    langs: tuple[tuple[str, float], ...]
    url: str | None
    source: str | None
    author: str | None
    n_sentences: int
    damage: float | None
    run_id: int | None
    ingested_at: datetime | None


class DocumentDetail(DocumentOut):
    text: str | None = Field(description="The document text as read.")
    repaired_text: str | None = Field(
        description="When damaged sentences were repaired: the repaired text the coder read (evidence offsets and "
        "segments refer to it); else null."
    )
    sentences: list[SentenceOut]
    mentions: list[MentionOut]
    segments: list[SegmentOut] = Field(
        description="The coded text (repaired_text or text) cut at sentence and evidence boundaries."
    )


class DocumentPage(_Out):
    items: list[DocumentOut]
    total: int
    limit: int
    offset: int


class UploadOut(_Out):
    run_id: int | None
    status: str
    filename: str
    documents: list[str]
    skipped: int
    failed: int
    failures: list[tuple[str, str]]
    mentions: int
    events: int


class DocChangeOut(_Out):
    doc_id: str
    events_detached: int
    mentions_removed: int
    mentions_added: int
    events: int = Field(description="Events in the store after re-clustering.")


class PairOut(_Out):
    a: str
    b: str
    n_events: int


class Facets(_Out):
    pairs: list[PairOut]
    types: list[str]
    languages: list[str]


class SeriesPointOut(_Out):
    source: str
    target: str
    directed: bool
    period: str
    start: date
    end: date
    n_events: int
    n_mentions: int
    verbal_coop: int
    material_coop: int
    verbal_conflict: int
    material_conflict: int
    plover_sum: float | None
    plover_mean: float | None
    goldstein_sum: float | None
    goldstein_mean: float | None
    mention_verbal_coop: int
    mention_material_coop: int
    mention_verbal_conflict: int
    mention_material_conflict: int
    mention_plover_sum: float | None
    mention_plover_mean: float | None
    mention_goldstein_sum: float | None
    mention_goldstein_mean: float | None


class SeriesOut(_Out):
    a: str
    b: str
    period: str
    directed: bool
    points: list[SeriesPointOut]


class PeriodOut(_Out):
    kind: str
    start: date
    end: date | None
    label: str
    leaders: list[tuple[str, str]]


class ChangeOut(_Out):
    start: date
    period: str
    metric: str
    before: float
    after: float
    direction: str
    drivers: list[EventOut]
    why: str


class PeriodsOut(_Out):
    a: str
    b: str
    metric: str
    period: str
    tenures: list[PeriodOut]
    changes: list[ChangeOut]


class BriefOut(_Out):
    a: str
    b: str
    start: date
    end: date
    n_events: int
    n_mentions: int
    trend: str
    trend_text: str
    markdown: str


class RunOut(_Out):
    id: int
    command: str
    status: str
    started_at: datetime | None
    finished_at: datetime | None
    coder_version: str | None
    counts: dict[str, Any]
    args: tuple[str, ...]


class RunPage(_Out):
    items: list[RunOut]
    total: int
    limit: int
    offset: int
