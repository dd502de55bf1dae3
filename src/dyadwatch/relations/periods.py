"""Periods of a relationship: leaders' tenures (from the actor lexicon) and data-driven change points.

Tenures come from ``dyadwatch.actors.load_lexicon()``: entries with ``name`` and ``tenures`` (each with
``country``, ``role``, ``start``, ``end``; ``end`` ``None`` while in office). Change points are found with
``ruptures`` (PELT, least-squares cost) on one metric of a dyad series; each comes with the events that drive it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dyadwatch.records import SeriesPoint
from dyadwatch.store.events_repo import StoredEvent

log = logging.getLogger(__name__)

LEADER_ROLES = ("head_of_state",)


@dataclass(frozen=True, slots=True)
class Period:
    """A stretch of time with one label, e.g. a combination of leaders in office."""

    start: date
    end: date | None  # inclusive; None = still running
    label: str
    kind: str = "tenure"  # tenure | window
    leaders: tuple[tuple[str, str], ...] = ()  # (country, name)


@dataclass(frozen=True, slots=True)
class ChangePoint:
    """A change in a series' level: where it is, the levels either side and the events behind it."""

    start: date  # first day of the first period of the new level
    period: str  # its label
    index: int  # index of that point in the series
    metric: str
    before: float  # mean of the metric over the previous segment
    after: float  # mean over the new segment
    direction: str  # improving | worsening (cooperation metrics) or up | down (counts)
    drivers: tuple[str, ...]  # event ids that make the change, strongest first
    why: str


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, int):
        return date(value, 1, 1)
    text = str(value)
    if len(text) == 4:
        return date(int(text), 1, 1)
    return date.fromisoformat(text[:10])


def _entries(lexicon: Any) -> Iterable[Any]:
    entries = getattr(lexicon, "entries", lexicon)
    if callable(entries):
        entries = entries()
    if isinstance(entries, Mapping):
        entries = entries.values()
    return entries


def load_default_lexicon() -> Any | None:
    """The project's actor lexicon, or ``None`` when ``dyadwatch.actors`` is not available."""
    try:
        from dyadwatch.actors import load_lexicon  # type: ignore[attr-defined]
    except ImportError:
        log.warning("dyadwatch.actors.load_lexicon is not available; no leader periods")
        return None
    return load_lexicon()


def leader_tenures(lexicon: Any, country: str, roles: Sequence[str] = LEADER_ROLES) -> list[Period]:
    """One Period per tenure of a person in ``roles`` for ``country``, sorted by start."""
    out = []
    for entry in _entries(lexicon):
        for t in getattr(entry, "tenures", ()) or ():
            if getattr(t, "country", None) == country and getattr(t, "role", None) in roles:
                start = _as_date(t.start)
                if start is None:
                    continue
                name = getattr(entry, "name", None) or "?"
                out.append(Period(start, _as_date(t.end), name, "tenure", ((country, name),)))
    return sorted(out, key=lambda p: (p.start, p.label))


def dyad_periods(
    a: str, b: str, start: date, end: date, lexicon: Any | None = None, roles: Sequence[str] = LEADER_ROLES
) -> list[Period]:
    """Split ``[start, end]`` wherever a leader of ``a`` or ``b`` changes; each piece names who was in office."""
    tenures = [] if lexicon is None else leader_tenures(lexicon, a, roles) + leader_tenures(lexicon, b, roles)
    cuts = {start}
    for t in tenures:
        for d in (t.start, t.end + timedelta(days=1) if t.end else None):
            if d is not None and start < d <= end:
                cuts.add(d)
    bounds = sorted(cuts)
    out = []
    for i, s in enumerate(bounds):
        e = bounds[i + 1] - timedelta(days=1) if i + 1 < len(bounds) else end
        leaders = tuple((t.leaders[0][0], t.label) for t in tenures if t.start <= s and (t.end is None or t.end >= s))
        leaders = tuple(sorted(set(leaders)))
        label = "; ".join(f"{c}: {n}" for c, n in leaders) or "no leader data"
        out.append(Period(s, e, label, "tenure" if leaders else "window", leaders))
    return out


_COOPERATION = ("goldstein_sum", "goldstein_mean", "plover_sum", "plover_mean")


def _metric(p: SeriesPoint, metric: str) -> float:
    value = getattr(p, metric)
    return float(value) if value is not None else 0.0


def default_penalty(signal: Sequence[float]) -> float:
    """BIC-like penalty ``3 σ² log n`` with σ from the median absolute first difference (robust to shifts)."""
    n = len(signal)
    diffs = sorted(abs(signal[i + 1] - signal[i]) for i in range(n - 1))
    mad = diffs[len(diffs) // 2] if diffs else 0.0
    sigma = mad / (0.6745 * math.sqrt(2))
    if sigma == 0:
        mean = sum(signal) / n
        sigma = math.sqrt(sum((x - mean) ** 2 for x in signal) / n) or 1e-6  # sparse series: mostly zeros
    return 3 * sigma**2 * math.log(max(n, 2))


def change_points(
    points: Sequence[SeriesPoint],
    events: Sequence[StoredEvent] = (),
    metric: str = "goldstein_sum",
    penalty: float | None = None,
    min_size: int = 2,
    max_drivers: int = 5,
) -> list[ChangePoint]:
    """Change points of one dyad series (points of one pair, sorted by start) with their driving events.

    Drivers are the events dated in the first ``min_size`` periods of the new segment whose own score moves the
    series the way it changed (e.g. the most negative Goldstein events for a worsening), strongest first.
    """
    if len(points) < 2 * min_size:
        return []
    import numpy as np
    import ruptures as rpt

    signal = [_metric(p, metric) for p in points]
    pen = default_penalty(signal) if penalty is None else penalty
    algo = rpt.Pelt(model="l2", min_size=min_size, jump=1).fit(np.asarray(signal, dtype=float).reshape(-1, 1))
    breaks = [i for i in algo.predict(pen=pen) if i < len(points)]
    out = []
    bounds = [0, *breaks, len(points)]
    for k, idx in enumerate(breaks):
        before = signal[bounds[k] : idx]
        after = signal[idx : bounds[k + 2]]
        mb, ma = sum(before) / len(before), sum(after) / len(after)
        up = ma > mb
        direction = ("improving" if up else "worsening") if metric in _COOPERATION else ("up" if up else "down")
        lo = points[idx].start
        hi = points[min(idx + min_size, len(points)) - 1].end
        drivers = _drivers(events, lo, hi, up, metric, max_drivers)
        why = (f"{metric} mean {mb:+.2f} over {len(before)} periods before {points[idx].period}, "
               f"{ma:+.2f} over {len(after)} from it (PELT, l2, penalty {pen:.2f})")  # fmt: skip
        out.append(ChangePoint(lo, points[idx].period, idx, metric, mb, ma, direction, drivers, why))
    log.debug("%d change points in %d periods (%s)", len(out), len(points), metric)
    return out


def _drivers(events: Sequence[StoredEvent], lo: date, hi: date, up: bool, metric: str, n: int) -> tuple[str, ...]:
    def score(e: StoredEvent) -> float:
        if metric.startswith("plover"):
            return e.plover or 0.0
        if metric.startswith("goldstein"):
            return e.goldstein or 0.0
        return 1.0

    inside = [e for e in events if e.date and lo <= e.date <= hi and e.status == "occurred"]
    pushing = [e for e in inside if (score(e) > 0) == up or metric not in _COOPERATION]
    pushing.sort(key=lambda e: (-abs(score(e)) * e.n_mentions**0.5, e.date, e.id))
    return tuple(e.id for e in pushing[:n])
