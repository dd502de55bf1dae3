"""API routes for events, facets (pairs, types, languages), dyad series, periods and briefs."""

from __future__ import annotations

import dataclasses
import logging
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from dyadwatch.relations.series import PERIODS, series_row
from dyadwatch.server.deps import ERRORS, Limit, Offset, Service, country, require_read, split_list
from dyadwatch.server.models import (
    BriefOut,
    ChangeOut,
    EventDetail,
    EventOut,
    EventPage,
    Facets,
    PairOut,
    PeriodOut,
    PeriodsOut,
    SeriesOut,
    SeriesPointOut,
)
from dyadwatch.server.service import CHANGE_METRICS
from dyadwatch.store.read import EventFilter

log = logging.getLogger(__name__)

router = APIRouter(dependencies=[Depends(require_read)], responses=ERRORS)

CountryQ = Annotated[str | None, Query(max_length=16, description="Country or organisation code, e.g. USA.")]
FromQ = Annotated[date | None, Query(alias="from", description="First date (inclusive), YYYY-MM-DD.")]
ToQ = Annotated[date | None, Query(alias="to", description="Last date (inclusive), YYYY-MM-DD.")]
TypesQ = Annotated[list[str] | None, Query(alias="type", description="PLOVER event types (repeat or comma-separate).")]
StatusQ = Annotated[list[str] | None, Query(description="occurred, planned, proposed (repeat or comma-separate).")]
LangQ = Annotated[
    str | None, Query(pattern="^[a-z]{2,3}$", description="Only events reported in this language, e.g. az.")
]
PeriodQ = Annotated[str, Query(pattern=f"^({'|'.join(PERIODS)})$", description="day, week, month, quarter or year.")]


def _range(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise HTTPException(400, "'to' is before 'from'")


def _pair(a: str | None, b: str | None) -> tuple[str, str]:
    ca, cb = country(a, "a"), country(b, "b")
    if not ca or not cb:
        raise HTTPException(400, "give both countries of the pair: a and b")
    return ca, cb


@router.get("/facets", tags=["events"])
def facets(svc: Service) -> Facets:
    """What there is to pick from: country pairs (most events first), event types and report languages."""
    pairs, types, langs = svc.facets()
    return Facets(pairs=[PairOut(a=a, b=b, n_events=n) for a, b, n in pairs], types=types, languages=langs)


@router.get("/events", tags=["events"])
def list_events(
    svc: Service,
    a: CountryQ = None,
    b: CountryQ = None,
    directed: Annotated[bool, Query(description="Only a → b (default: both directions).")] = False,
    event_type: TypesQ = None,
    date_from: FromQ = None,
    date_to: ToQ = None,
    lang: LangQ = None,
    status: StatusQ = None,
    order: Annotated[str, Query(pattern="^(asc|desc)$", description="By date: asc or desc.")] = "asc",
    limit: Limit = 50,
    offset: Offset = 0,
) -> EventPage:
    """Deduplicated events, filtered by country or pair, type, date range, language and status; undated last."""
    _range(date_from, date_to)
    ca, cb = country(a, "a"), country(b, "b")
    if cb and not ca:
        ca, cb = cb, None
    f = EventFilter(a=ca, b=cb, directed=directed, types=split_list(event_type), start=date_from, end=date_to,
                    lang=lang, statuses=split_list(status))  # fmt: skip
    return EventPage.model_validate(svc.events(f, limit, offset, order == "desc"))


@router.get("/events/{event_id}", tags=["events"])
def show_event(svc: Service, event_id: str) -> EventDetail:
    """One event with every mention (sentence with highlighted trigger and actors, and its document)."""
    ev, mentions = svc.event(event_id)
    return EventDetail.model_validate({**dataclasses.asdict(ev), "mentions": mentions})


@router.get("/series", tags=["relations"])
def series(
    svc: Service,
    a: CountryQ = None,
    b: CountryQ = None,
    period: PeriodQ = "month",
    date_from: FromQ = None,
    date_to: ToQ = None,
    directed: Annotated[bool, Query(description="Split a → b and b → a.")] = False,
    status: StatusQ = None,
    event_type: TypesQ = None,
    lang: LangQ = None,
) -> SeriesOut:
    """The dyad series (like ``dyadwatch series``): events and mentions per period by quad class, PLOVER and
    Goldstein sums and means. Only occurred events count unless ``status`` says otherwise."""
    ca, cb = _pair(a, b)
    _range(date_from, date_to)
    statuses = split_list(status) or ("occurred",)
    points = svc.series(ca, cb, period, date_from, date_to, directed, statuses, split_list(event_type), lang)
    return SeriesOut(a=ca, b=cb, period=period, directed=directed,
                     points=[SeriesPointOut.model_validate(series_row(p)) for p in points])  # fmt: skip


@router.get("/periods", tags=["relations"])
def periods(
    svc: Service,
    a: CountryQ = None,
    b: CountryQ = None,
    date_from: FromQ = None,
    date_to: ToQ = None,
    metric: Annotated[str, Query(pattern=f"^({'|'.join(CHANGE_METRICS)})$")] = "goldstein_sum",
    period: PeriodQ = "month",
) -> PeriodsOut:
    """Leaders' tenures and change points of the series, each with the events that drive it."""
    ca, cb = _pair(a, b)
    _range(date_from, date_to)
    tenures, changes = svc.periods(ca, cb, date_from, date_to, metric, period)
    return PeriodsOut(
        a=ca, b=cb, metric=metric, period=period,
        tenures=[PeriodOut(kind=p.kind, start=p.start, end=p.end, label=p.label, leaders=list(p.leaders))
                 for p in tenures],
        changes=[ChangeOut(start=c.start, period=c.period, metric=c.metric, before=c.before, after=c.after,
                           direction=c.direction, why=c.why, drivers=[EventOut.model_validate(e) for e in evs])
                 for c, evs in changes],
    )  # fmt: skip


@router.get("/briefs", tags=["relations"])
def brief(
    svc: Service,
    date_from: Annotated[date, Query(alias="from", description="First date, YYYY-MM-DD.")],
    date_to: Annotated[date, Query(alias="to", description="Last date, YYYY-MM-DD.")],
    a: CountryQ = None,
    b: CountryQ = None,
) -> BriefOut:
    """The analyst's brief on a pair over a window (Markdown, every sentence cited), with its trend."""
    ca, cb = _pair(a, b)
    _range(date_from, date_to)
    if (date_to - date_from).days > 3660:
        raise HTTPException(400, "a brief covers at most ten years")
    res, markdown = svc.brief(ca, cb, date_from, date_to)
    return BriefOut(a=ca, b=cb, start=date_from, end=date_to, n_events=res.n_events, n_mentions=res.n_mentions,
                    trend=res.trend.label, trend_text=res.trend.text, markdown=markdown)  # fmt: skip
