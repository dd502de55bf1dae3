"""Read queries for the HTTP API over events: pages with filters, pairs and types, per-period series sums
(mentions, documents and runs are in ``read_docs``).

Everything is computed in SQL over indexed columns (``events`` carries its mention aggregates, see
``event_stats``), so pages and series stay fast with millions of events on SQLite and PostgreSQL alike.
All functions take an open ``Connection``; rows come back as frozen dataclasses.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Date, Integer, and_, case, cast, func, literal, or_, select, true, union_all

from dyadwatch.store.schema import events

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events: a country (``a``) or pair (``a``, ``b``; both directions unless ``directed``), types, dates
    (inclusive; a date bound leaves out undated events), a language among the mentions, statuses."""

    a: str | None = None
    b: str | None = None
    directed: bool = False
    types: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    lang: str | None = None
    statuses: tuple[str, ...] = ()


COUNT_CAP = 10_000
"""Page totals are counted exactly up to this many rows; beyond it they are a lower bound (``total_exact``)."""
_LANG = re.compile(r"^[a-z]{2,3}$")


def _branches(f: EventFilter) -> list[Any]:
    """Disjoint conditions whose union is the country part of ``f``; each one is served by an index in order."""
    c = events.c
    if f.a and f.b:
        one = and_(c.source == f.a, c.target == f.b)
        return [one] if f.directed or f.a == f.b else [one, and_(c.source == f.b, c.target == f.a)]
    if f.a:
        return [c.source == f.a] if f.directed else [c.source == f.a, and_(c.target == f.a, c.source != f.a)]
    return [true()]


def _rest_where(f: EventFilter) -> list[Any]:
    c = events.c
    where: list[Any] = []
    if f.types:
        where.append(c.event.in_(f.types))
    if f.start is not None:
        where.append(c.date >= f.start)
    if f.end is not None:
        where.append(c.date <= f.end)
    if f.statuses:
        where.append(c.status.in_(f.statuses))
    if f.lang:
        if not _LANG.match(f.lang):
            raise ValueError(f"not a language code: {f.lang!r}")
        # the event's report languages, stored comma-separated: matched whole, never as a LIKE pattern
        where.append((literal(",") + c.languages + literal(",")).like(f"%,{f.lang},%"))
    return where


def event_where(f: EventFilter) -> list[Any]:
    """SQL conditions on ``events`` for a filter."""
    branches = _branches(f)
    return [or_(*branches) if len(branches) > 1 else branches[0], *_rest_where(f)]


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event with its stored aggregates."""

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


_EVENT_COLS = [events.c[n] for n in ("id", "source", "target", "event", "mode", "date", "date_precision", "status",
                                      "n_mentions", "n_docs", "languages", "quad", "plover", "goldstein",
                                      "first_seen", "why")]  # fmt: skip


def _event_row(r: Any) -> EventRow:
    m = dict(r._mapping)
    m["languages"] = tuple(x for x in (m["languages"] or "").split(",") if x)
    return EventRow(**m)


def _count(conn: Connection, table: Any, where: list[Any], cap: int | None = None) -> int:
    """Rows matching ``where``; with ``cap``, stops counting at ``cap + 1``."""
    if cap is None:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())
    inner = select(literal(1).label("one")).select_from(table).where(*where).limit(cap + 1).subquery()
    return int(conn.execute(select(func.count()).select_from(inner)).scalar_one())


@dataclass(frozen=True, slots=True)
class EventPageResult:
    """A page of events and the number matching (exact, or a lower bound when ``total_exact`` is false)."""

    items: tuple[EventRow, ...]
    total: int
    total_exact: bool


def _ordered(f: EventFilter, where: list[Any], keys: list[str], descending: bool, n: int) -> Any:
    """The first ``n`` rows of the union of ``f``'s branches ordered by ``keys``: each branch is an index-ordered
    scan stopped after ``n`` rows, and only their merge is sorted."""

    def order(cols: Any) -> list[Any]:
        return [cols[k].desc() if descending else cols[k].asc() for k in keys]

    parts = [select(*_EVENT_COLS).where(b, *where).order_by(*order(events.c)).limit(n) for b in _branches(f)]
    if len(parts) == 1:
        return parts[0]
    merged = union_all(*(select(p.subquery()) for p in parts)).subquery()
    return select(merged).order_by(*order(merged.c))


def event_page(
    conn: Connection, f: EventFilter, limit: int = 50, offset: int = 0, descending: bool = False,
    cap: int = COUNT_CAP,
) -> EventPageResult:  # fmt: skip
    """One page of events ordered by date then id (``descending``: newest first), undated events last, and how
    many match. Dated and undated events are read by separate index-ordered queries, so SQLite and PostgreSQL
    (which sort NULL dates differently) agree. Counting stops at ``cap`` rows per part (then ``total`` is a lower
    bound), except for pages beyond ``cap``, which count exactly."""
    c = events.c
    rest = _rest_where(f)
    count_cap = None if offset + limit > cap else cap
    dated_where, undated_where = [*rest, c.date.is_not(None)], [*rest, c.date.is_(None)]
    branches = _branches(f)
    n_dated_parts = [_count(conn, events, [b, *dated_where], count_cap) for b in branches]
    with_undated = f.start is None and f.end is None  # a date bound leaves undated events out
    n_undated_parts = [_count(conn, events, [b, *undated_where], count_cap) for b in branches] if with_undated else []
    exact = count_cap is None or all(n <= cap for n in n_dated_parts + n_undated_parts)
    n_dated, n_undated = sum(n_dated_parts), sum(n_undated_parts)
    out: list[EventRow] = []
    if offset < n_dated:  # a capped n_dated is > offset + limit, so this page is all dated
        q = _ordered(f, dated_where, ["date", "id"], descending, offset + limit)
        out = [_event_row(r) for r in conn.execute(q.limit(limit).offset(offset))]
    if len(out) < limit and n_undated:
        skip = max(0, offset - n_dated)
        q = _ordered(f, undated_where, ["id"], False, skip + limit - len(out))
        out += [_event_row(r) for r in conn.execute(q.limit(limit - len(out)).offset(skip))]
    return EventPageResult(tuple(out), n_dated + n_undated, exact)


def get_event(conn: Connection, event_id: str) -> EventRow | None:
    row = conn.execute(select(*_EVENT_COLS).where(events.c.id == event_id)).first()
    return _event_row(row) if row else None


def event_pairs(conn: Connection) -> list[tuple[str, str, int]]:
    """Undirected country pairs with their number of events, most events first."""
    counts: dict[tuple[str, str], int] = {}
    q = select(events.c.source, events.c.target, func.count()).group_by(events.c.source, events.c.target)
    for s, t, n in conn.execute(q):
        key = (s, t) if s <= t else (t, s)
        counts[key] = counts.get(key, 0) + int(n)
    return sorted(((a, b, n) for (a, b), n in counts.items()), key=lambda x: (-x[2], x[0], x[1]))


def event_types(conn: Connection) -> list[str]:
    """The event types present, sorted."""
    return sorted(conn.execute(select(events.c.event).distinct()).scalars())


@dataclass(frozen=True, slots=True)
class DayAgg:
    """Sums over the dated events of one (source, target, day or period start): the parts of a series point."""

    source: str
    target: str
    date: date
    n_events: int
    q1: int
    q2: int
    q3: int
    q4: int
    plover_sum: float
    n_plover: int
    goldstein_sum: float
    n_goldstein: int
    n_mentions: int
    mq1: int
    mq2: int
    mq3: int
    mq4: int
    m_plover_sum: float
    m_n_plover: int
    m_goldstein_sum: float
    m_n_goldstein: int


def period_start_sql(column: Any, period: str, dialect: str) -> Any:
    """SQL for the first day of the ``day``/``week`` (ISO, Monday)/``month``/``quarter``/``year`` of a date."""
    if period == "day":
        return column
    if dialect == "postgresql":
        return cast(func.date_trunc(period, column), Date)
    if period == "week":
        return func.date(column, "-6 days", "weekday 1")
    if period == "month":
        return func.strftime("%Y-%m-01", column)
    if period == "year":
        return func.strftime("%Y-01-01", column)
    if period == "quarter":
        month = (cast(func.strftime("%m", column), Integer) - 1) // 3 * 3 + 1
        return func.strftime("%Y", column) + "-" + func.printf("%02d", month) + "-01"
    raise ValueError(f"unknown period {period!r}")


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def series_days(conn: Connection, f: EventFilter, period: str = "day") -> list[DayAgg]:
    """Sums of the dated events matching ``f`` per (source, target, first day of the ``period``), in one
    GROUP BY in the database (so a pair with 100 000 events gives a few hundred rows, not 100 000)."""
    c = events.c
    start = period_start_sql(c.date, period, conn.dialect.name).label("pstart")

    def quad_n(k: int) -> Any:
        return func.sum(case((c.quad == k, 1), else_=0))

    def total(col: Any) -> Any:
        return func.coalesce(func.sum(col), 0)

    q = (
        select(
            c.source, c.target, start, func.count(), quad_n(1), quad_n(2), quad_n(3), quad_n(4),
            total(c.plover), func.count(c.plover), total(c.goldstein), func.count(c.goldstein), total(c.n_mentions),
            total(c.mention_q1), total(c.mention_q2), total(c.mention_q3), total(c.mention_q4),
            total(c.mention_plover_sum), total(c.mention_n_plover), total(c.mention_goldstein_sum),
            total(c.mention_n_goldstein),
        )
        .where(*event_where(f), c.date.is_not(None))
        .group_by(c.source, c.target, start)
    )  # fmt: skip
    out = []
    for r in conn.execute(q):
        (s, t, d, n, q1, q2, q3, q4, ps, pn, gs, gn, nm, m1, m2, m3, m4, mps, mpn, mgs, mgn) = r
        out.append(DayAgg(s, t, _as_date(d), int(n), int(q1), int(q2), int(q3), int(q4), float(ps), int(pn),
                          float(gs), int(gn), int(nm), int(m1), int(m2), int(m3), int(m4), float(mps), int(mpn),
                          float(mgs), int(mgn)))  # fmt: skip
    return out


__all__ = [
    "COUNT_CAP", "DayAgg", "EventFilter", "EventPageResult", "EventRow", "event_page", "event_pairs", "event_types",
    "event_where", "get_event", "period_start_sql", "series_days",
]  # fmt: skip
