"""Dyad series: per country pair and period, counts by quad class and intensities, for events and mentions.

An event is binned by its date (month/year-precision events by the first day of their month/year); undated
events are not in any series. By default only ``occurred`` events count (plans and proposals are not acts).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dyadwatch.records import SeriesPoint
from dyadwatch.store.events_repo import StoredEvent

log = logging.getLogger(__name__)

PERIODS = ("day", "week", "month", "quarter", "year")


def period_start(d: date, period: str) -> date:
    """The first day of the period (ISO weeks start on Monday) containing ``d``."""
    if period == "day":
        return d
    if period == "week":
        return d - timedelta(days=d.weekday())
    if period == "month":
        return d.replace(day=1)
    if period == "quarter":
        return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    if period == "year":
        return date(d.year, 1, 1)
    raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")


def next_start(start: date, period: str) -> date:
    """The first day of the period after the one starting at ``start``."""
    if period == "day":
        return start + timedelta(days=1)
    if period == "week":
        return start + timedelta(days=7)
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    m = start.month - 1 + months
    return date(start.year + m // 12, m % 12 + 1, 1)


def period_label(start: date, period: str) -> str:
    """A readable label: ``2023-11-27``, ``2023-W48``, ``2023-11``, ``2023-Q4``, ``2023``."""
    if period == "day":
        return start.isoformat()
    if period == "week":
        y, w, _ = start.isocalendar()
        return f"{y}-W{w:02d}"
    if period == "month":
        return f"{start.year}-{start.month:02d}"
    if period == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def period_starts(first: date, last: date, period: str) -> list[date]:
    """Starts of every period from the one containing ``first`` to the one containing ``last``."""
    out, cur = [], period_start(first, period)
    while cur <= last:
        out.append(cur)
        cur = next_start(cur, period)
    return out


@dataclass(slots=True)
class PeriodSums:
    """Running sums for one (dyad, period): what a :class:`SeriesPoint` is made from (see :func:`series_point`)."""

    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    mcounts: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    n_events: int = 0
    n_mentions: int = 0
    pl: float = 0.0  # PLOVER scores of the scored events, summed, and how many
    n_pl: int = 0
    gs: float = 0.0  # Goldstein scores likewise
    n_gs: int = 0
    mpl: float = 0.0
    mgs: float = 0.0
    n_mpl: int = 0
    n_mgs: int = 0

    def add(self, e: StoredEvent) -> None:
        self.n_events += 1
        if e.quad in (1, 2, 3, 4):
            self.counts[e.quad - 1] += 1
        if e.plover is not None:
            self.pl += e.plover
            self.n_pl += 1
        if e.goldstein is not None:
            self.gs += e.goldstein
            self.n_gs += 1
        self.n_mentions += e.n_mentions
        for i in range(4):
            self.mcounts[i] += e.mention_quads[i]
        self.mpl += e.mention_plover_sum
        self.mgs += e.mention_goldstein_sum
        self.n_mpl += e.mention_n_plover
        self.n_mgs += e.mention_n_goldstein


def _mean(total: float, n: int) -> float | None:
    return total / n if n else None


def build_series(
    events: Iterable[StoredEvent],
    period: str = "month",
    pair: tuple[str, str] | None = None,
    directed: bool = False,
    start: date | None = None,
    end: date | None = None,
    statuses: Sequence[str] | None = ("occurred",),
    fill: bool = True,
) -> list[SeriesPoint]:
    """Aggregate events into SeriesPoints per dyad and period.

    ``pair`` restricts to one country pair (both directions; ``directed`` then splits them into A→B and B→A).
    ``fill`` adds empty points for periods without events between ``start`` and ``end`` (or the first and last
    event) for every dyad that has events, or for the requested pair. ``statuses=None`` counts every status.
    """
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")
    accs: dict[tuple[str, str, date], PeriodSums] = {}
    keys: set[tuple[str, str]] = set()
    dates: list[date] = []
    for e in events:
        if e.date is None or (statuses is not None and e.status not in statuses):
            continue
        if (start is not None and e.date < start) or (end is not None and e.date > end):
            continue
        if pair is not None and {e.source, e.target} != set(pair):
            continue
        key = (e.source, e.target) if directed else tuple(sorted((e.source, e.target)))
        keys.add(key)  # type: ignore[arg-type]
        dates.append(e.date)
        accs.setdefault((key[0], key[1], period_start(e.date, period)), PeriodSums()).add(e)
    if pair is not None:
        a, b = pair
        keys |= {(a, b), (b, a)} if directed and a != b else {(a, b) if directed else tuple(sorted(pair))}  # type: ignore[arg-type]
    if fill and (dates or (start and end)):
        first, last = start or min(dates), end or max(dates)
        for s, t in keys:
            for p in period_starts(first, last, period):
                accs.setdefault((s, t, p), PeriodSums())
    points = [series_point(s, t, p, period, acc, directed) for (s, t, p), acc in accs.items()]
    points.sort(key=lambda sp: (sp.source, sp.target, sp.start))
    log.debug("series: %d points (%s, directed=%s)", len(points), period, directed)
    return points


def series_point(s: str, t: str, p: date, period: str, acc: PeriodSums, directed: bool) -> SeriesPoint:
    """The point of dyad (s, t) for the period starting at ``p``, from its sums."""
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


SERIES_COLUMNS = (
    "source", "target", "directed", "period", "start", "end", "n_events", "n_mentions",
    "verbal_coop", "material_coop", "verbal_conflict", "material_conflict",
    "plover_sum", "plover_mean", "goldstein_sum", "goldstein_mean",
    "mention_verbal_coop", "mention_material_coop", "mention_verbal_conflict", "mention_material_conflict",
    "mention_plover_sum", "mention_plover_mean", "mention_goldstein_sum", "mention_goldstein_mean",
)  # fmt: skip


def series_row(sp: SeriesPoint) -> dict[str, Any]:
    """A flat dict (CSV/JSON) for one point; quad classes named, PLOVER and Goldstein both named."""

    def r(x: float | None) -> float | None:
        return None if x is None else round(x, 4)

    return {
        "source": sp.source, "target": sp.target, "directed": sp.directed, "period": sp.period,
        "start": sp.start.isoformat(), "end": sp.end.isoformat(), "n_events": sp.n_events,
        "n_mentions": sp.n_mentions, "verbal_coop": sp.counts[0], "material_coop": sp.counts[1],
        "verbal_conflict": sp.counts[2], "material_conflict": sp.counts[3], "plover_sum": r(sp.plover_sum),
        "plover_mean": r(sp.plover_mean), "goldstein_sum": r(sp.goldstein_sum), "goldstein_mean": r(sp.goldstein_mean),
        "mention_verbal_coop": sp.mention_counts[0], "mention_material_coop": sp.mention_counts[1],
        "mention_verbal_conflict": sp.mention_counts[2], "mention_material_conflict": sp.mention_counts[3],
        "mention_plover_sum": r(sp.mention_plover_sum), "mention_plover_mean": r(sp.mention_plover_mean),
        "mention_goldstein_sum": r(sp.mention_goldstein_sum), "mention_goldstein_mean": r(sp.mention_goldstein_mean),
    }  # fmt: skip


def dyad_series(
    store: Any,
    a: str,
    b: str,
    period: str = "month",
    start: date | None = None,
    end: date | None = None,
    directed: bool = False,
    statuses: Sequence[str] | None = ("occurred",),
) -> list[SeriesPoint]:
    """The series of one country pair from a Store."""
    from dyadwatch.store import events_repo as repo

    with store.engine.connect() as conn:
        evs = repo.load_events(conn, a, b, start, end)
    return build_series(evs, period, (a, b), directed, start, end, statuses)
