"""Dyad series aggregated in the database: the same points as ``series.build_series``, without loading events.

``store.read.series_days`` sums the stored event aggregates per (source, target, day) in one GROUP BY; this
module bins those day sums into periods. Used by the HTTP API, where a pair may have hundreds of thousands of
events; the numbers equal ``dyad_series`` (tests compare the two).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from dyadwatch.records import SeriesPoint
from dyadwatch.relations.series import PERIODS, PeriodSums, period_start, period_starts, series_point
from dyadwatch.store.read import DayAgg, EventFilter, series_days

log = logging.getLogger(__name__)

MAX_POINTS = 20000
"""Refuse series longer than this many periods per dyad (e.g. daily over 60 years)."""


class SeriesTooLong(ValueError):
    """The requested range and period would give more than ``MAX_POINTS`` points."""


class _Sums(PeriodSums):
    """Period sums fed with per-day database sums instead of events."""

    __slots__ = ()

    def add_day(self, d: DayAgg) -> None:
        self.n_events += d.n_events
        for i, (q, mq) in enumerate(((d.q1, d.mq1), (d.q2, d.mq2), (d.q3, d.mq3), (d.q4, d.mq4))):
            self.counts[i] += q
            self.mcounts[i] += mq
        self.pl += d.plover_sum
        self.n_pl += d.n_plover
        self.gs += d.goldstein_sum
        self.n_gs += d.n_goldstein
        self.n_mentions += d.n_mentions
        self.mpl += d.m_plover_sum
        self.n_mpl += d.m_n_plover
        self.mgs += d.m_goldstein_sum
        self.n_mgs += d.m_n_goldstein


def series_from_days(
    days: Iterable[DayAgg],
    period: str = "month",
    pair: tuple[str, str] | None = None,
    directed: bool = False,
    start: date | None = None,
    end: date | None = None,
    fill: bool = True,
) -> list[SeriesPoint]:
    """Bin per-day sums into SeriesPoints, with ``build_series``' keys, filling and order."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    sums: dict[tuple[str, str, date], _Sums] = {}
    keys: set[tuple[str, str]] = set()
    first = last = None
    for d in days:
        key = (d.source, d.target) if directed else tuple(sorted((d.source, d.target)))
        keys.add(key)  # type: ignore[arg-type]
        first = d.date if first is None or d.date < first else first
        last = d.date if last is None or d.date > last else last
        sums.setdefault((key[0], key[1], period_start(d.date, period)), _Sums()).add_day(d)
    if pair is not None:
        a, b = pair
        keys |= {(a, b), (b, a)} if directed and a != b else {(a, b) if directed else tuple(sorted(pair))}  # type: ignore[arg-type]
    if fill and (first is not None or (start and end)):
        lo, hi = start or first, end or last
        assert lo is not None and hi is not None
        if len(keys) * _n_periods(lo, hi, period) > MAX_POINTS:
            raise SeriesTooLong(f"{period} series from {lo} to {hi} is longer than {MAX_POINTS} points")
        for s, t in keys:
            for p in period_starts(lo, hi, period):
                sums.setdefault((s, t, p), _Sums())
    points = [series_point(s, t, p, period, acc, directed) for (s, t, p), acc in sums.items()]
    points.sort(key=lambda sp: (sp.source, sp.target, sp.start))
    return points


def _n_periods(lo: date, hi: date, period: str) -> int:
    days = (hi - lo).days + 1
    return days // {"day": 1, "week": 7, "month": 28, "quarter": 90, "year": 365}[period] + 1


def dyad_series_db(
    conn: Any,
    a: str,
    b: str,
    period: str = "month",
    start: date | None = None,
    end: date | None = None,
    directed: bool = False,
    statuses: Sequence[str] | None = ("occurred",),
    types: Sequence[str] = (),
    lang: str | None = None,
) -> list[SeriesPoint]:
    """The series of one pair computed in the database; equal to ``series.dyad_series`` for the same arguments
    (``types`` and ``lang`` narrow the events further: PLOVER types, a language among the reports)."""
    f = EventFilter(a=a, b=b, directed=False, types=tuple(types), start=start, end=end, lang=lang,
                    statuses=tuple(statuses or ()))  # fmt: skip
    days = series_days(conn, f, period if period in PERIODS else "day")
    log.debug("series %s-%s: %d day rows", a, b, len(days))
    return series_from_days(days, period, (a, b), directed, start, end)


__all__ = ["MAX_POINTS", "SeriesTooLong", "dyad_series_db", "series_from_days"]
