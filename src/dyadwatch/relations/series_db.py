"""Dyad series aggregated in the database: the same points as ``series.build_series``, without loading events.

``store.read.series_days`` sums the stored event aggregates per (source, target, day) in one GROUP BY; this
module bins those day sums into periods. Used by the HTTP API, where a pair may have hundreds of thousands of
events; the numbers equal ``dyad_series`` (tests compare the two).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dyadwatch.records import SeriesPoint
from dyadwatch.relations.series import PERIODS, next_start, period_label, period_start, period_starts
from dyadwatch.store.read import DayAgg, EventFilter, series_days

log = logging.getLogger(__name__)

MAX_POINTS = 20000
"""Refuse series longer than this many periods per dyad (e.g. daily over 60 years)."""


class SeriesTooLong(ValueError):
    """The requested range and period would give more than ``MAX_POINTS`` points."""


@dataclass(slots=True)
class _Sums:
    n_events: int = 0
    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    mcounts: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    pl: float = 0.0
    n_pl: int = 0
    gs: float = 0.0
    n_gs: int = 0
    n_mentions: int = 0
    mpl: float = 0.0
    n_mpl: int = 0
    mgs: float = 0.0
    n_mgs: int = 0

    def add(self, d: DayAgg) -> None:
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


def _mean(total: float, n: int) -> float | None:
    return total / n if n else None


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
        sums.setdefault((key[0], key[1], period_start(d.date, period)), _Sums()).add(d)
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
    points = [_point(s, t, p, period, acc, directed) for (s, t, p), acc in sums.items()]
    points.sort(key=lambda sp: (sp.source, sp.target, sp.start))
    return points


def _n_periods(lo: date, hi: date, period: str) -> int:
    days = (hi - lo).days + 1
    return days // {"day": 1, "week": 7, "month": 28, "quarter": 90, "year": 365}[period] + 1


def _point(s: str, t: str, p: date, period: str, acc: _Sums, directed: bool) -> SeriesPoint:
    return SeriesPoint(
        source=s, target=t, period=period_label(p, period), start=p, end=next_start(p, period) - timedelta(days=1),
        counts=(acc.counts[0], acc.counts[1], acc.counts[2], acc.counts[3]), plover_sum=acc.pl,
        goldstein_sum=acc.gs, n_mentions=acc.n_mentions, n_events=acc.n_events,
        plover_mean=_mean(acc.pl, acc.n_pl), goldstein_mean=_mean(acc.gs, acc.n_gs),
        mention_counts=(acc.mcounts[0], acc.mcounts[1], acc.mcounts[2], acc.mcounts[3]),
        mention_plover_sum=acc.mpl, mention_goldstein_sum=acc.mgs,
        mention_plover_mean=_mean(acc.mpl, acc.n_mpl), mention_goldstein_mean=_mean(acc.mgs, acc.n_mgs),
        directed=directed,
    )  # fmt: skip


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
