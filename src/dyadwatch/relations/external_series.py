"""Other datasets beside ours in a dyad series: GDELT/ICEWS/POLECAT events binned like our events.

Each imported ``external_events`` row counts as one (occurred) event of its dataset, with its quad class, Goldstein
score, PLOVER intensity (POLECAT) and mention count; ``build_series`` bins them exactly like our events, over the
same periods, and ``dyad_series_with_external`` adds ``<dataset>_…`` columns to our series rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from dyadwatch.records import SeriesPoint
from dyadwatch.relations.series import build_series, dyad_series, series_row
from dyadwatch.store.events_repo import StoredEvent

log = logging.getLogger(__name__)

EXTERNAL_FIELDS = (
    "n_events", "n_mentions", "verbal_coop", "material_coop", "verbal_conflict", "material_conflict",
    "goldstein_sum", "goldstein_mean", "plover_mean",
)  # fmt: skip


def as_stored_event(row: Any) -> StoredEvent:
    """An ``external_events`` row as a StoredEvent (one occurred event; its own scores are its means)."""
    quads = tuple(1 if row.quad == q else 0 for q in (1, 2, 3, 4))
    return StoredEvent(
        id=f"{row.dataset}:{row.ext_id}", source=row.source_country or "", target=row.target_country or "",
        event=row.event or "", mode=row.mode, date=row.date, date_precision="day", status="occurred",
        why=row.dataset, n_mentions=row.n_mentions or 1, n_docs=row.n_mentions or 1, languages=(),
        quad=row.quad if row.quad in (1, 2, 3, 4) else None, plover=row.intensity, goldstein=row.goldstein,
        mention_quads=quads, mention_plover_sum=row.intensity or 0.0, mention_goldstein_sum=row.goldstein or 0.0,
        first_seen=row.date, mention_n_plover=int(row.intensity is not None),
        mention_n_goldstein=int(row.goldstein is not None),
    )  # fmt: skip


def external_series(
    rows: Iterable[Any],
    period: str,
    pair: tuple[str, str],
    directed: bool,
    start: date | None,
    end: date | None,
) -> list[SeriesPoint]:
    """The series of external rows of one pair, binned like ours."""
    return build_series([as_stored_event(r) for r in rows], period, pair, directed, start, end, statuses=None)


def _external_columns(dataset: str, sp: SeriesPoint | None) -> dict[str, Any]:
    row = series_row(sp) if sp is not None else {}
    values = {f: row.get(f, 0) for f in EXTERNAL_FIELDS}
    if sp is None:
        values.update(goldstein_sum=0.0, goldstein_mean=None, plover_mean=None)
    return {f"{dataset}_{k}": v for k, v in values.items()}


def dyad_series_with_external(
    store: Any,
    a: str,
    b: str,
    datasets: Sequence[str],
    period: str = "month",
    start: date | None = None,
    end: date | None = None,
    directed: bool = False,
    statuses: Sequence[str] | None = ("occurred",),
) -> list[dict[str, Any]]:
    """Our series rows of the pair with ``<dataset>_n_events``, quad counts, Goldstein and PLOVER columns beside.

    Both are filled over the same periods: from ``start``/``end`` or from the first to the last event of any of them.
    """
    from dyadwatch.store import events_repo
    from dyadwatch.store.external_repo import load_external

    with store.engine.connect() as conn:
        ext = load_external(conn, a, b, datasets, start, end)
        ours = events_repo.load_events(conn, a, b, start, end)
    counted = [e for e in ours if statuses is None or e.status in statuses]
    dated = [r.date for r in ext if r.date] + [e.date for e in counted if e.date]
    first, last = start or min(dated, default=None), end or max(dated, default=None)
    points = dyad_series(store, a, b, period, first, last, directed, statuses)
    theirs = {
        d: {(p.source, p.target, p.start): p for p in external_series(
            [r for r in ext if r.dataset == d], period, (a, b), directed, first, last)}
        for d in datasets
    }  # fmt: skip
    keys = {(p.source, p.target, p.start) for p in points}
    for by_key in theirs.values():
        keys |= set(by_key)
    ours_by_key = {(p.source, p.target, p.start): p for p in points}
    out = []
    for key in sorted(keys):
        own = ours_by_key.get(key)
        row = series_row(own) if own else _empty_row(key, period, directed)
        for d in datasets:
            row.update(_external_columns(d, theirs[d].get(key)))
        out.append(row)
    log.debug("series with %s: %d rows", ",".join(datasets), len(out))
    return out


def _empty_row(key: tuple[str, str, date], period: str, directed: bool) -> dict[str, Any]:
    source, target, start = key
    return series_row(build_series([], period, (source, target), directed, start, start)[0]) | {
        "source": source, "target": target,
    }  # fmt: skip
