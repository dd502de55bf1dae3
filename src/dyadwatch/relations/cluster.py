"""Event clustering: mentions of the same happening → one event, with an explanation.

The unit of work is a *block*: one undirected country pair, one type family, one status (and, for directed
types, one direction). Clustering a block is a deterministic function of the block's mentions and of their
order of arrival (the mention row id), so clustering mentions A and then B gives the same events as clustering
A+B at once; the store re-clusters only the blocks that received new mentions (see
``dyadwatch.relations.service.cluster_new_mentions``).

Inside a block, mentions are first collapsed into *units* (ANNOTATION.md §2: one event per
(source, target, type, date) in a document), then grouped from the finest date precision to the coarsest:

* day-precision units chain when their dates are at most ``DAY_TOLERANCE`` (1) day apart;
* approx / month / year units join the best compatible group formed at a finer precision (their date window
  overlaps the group's dates), otherwise they group among themselves when their windows overlap;
* a unit never joins a group that names *different people* for the same country (Blinken–Bayramov and
  Blinken–Aliyev on the same day are two happenings); shared names are preferred when several groups fit;
* undated units stay events of their own.

Event ids are ``ev-`` + 20 hex digits of the sha256 of the first-arrived mention's content key.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from dyadwatch.records import Event, Mention

log = logging.getLogger(__name__)

DAY_TOLERANCE = 1
"""Two day-precision dates at most this many days apart may be the same happening (time zones, late reports)."""
APPROX_BEFORE = 2
"""An ``approx`` date (usually the publication date) covers this many days before it."""

SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
"""Types whose direction texts often leave unstated (met, talked, signed): matched up to direction."""

INSTITUTION_ROLES = frozenset({
    "foreign_ministry", "ministry", "government", "security_council", "embassy", "legislature", "legislators",
    "military", "defence_ministry", "defense_ministry", "aid_agency", "state_company", "company",
})  # fmt: skip
"""Roles whose ``name`` is an institution, not a person; only people's names can tell two happenings apart."""

PRECISION_ORDER = ("day", "approx", "month", "year")

T = TypeVar("T")


def type_family(event: str, cameo: str | None = None) -> str:
    """The clustering type of a mention: its PLOVER event; a CAMEO 057 SUPPORT (signing) counts as AGREE.

    Modes do not matter (CONSULT phone / visit / third-party are variants of one happening, same quad class).
    """
    if event == "SUPPORT" and (cameo or "").startswith("057"):
        return "AGREE"
    return event


def family_members(family: str) -> tuple[str, ...]:
    """The PLOVER events that may belong to a type family (for store queries)."""
    return ("AGREE", "SUPPORT") if family == "AGREE" else (family,)


def date_window(d: date | None, precision: str) -> tuple[date, date] | None:
    """The days a dated mention may refer to: ``(first, last)`` inclusive; ``None`` when undated."""
    if d is None or precision not in PRECISION_ORDER:
        return None
    if precision == "day":
        return d, d
    if precision == "approx":
        return d - timedelta(days=APPROX_BEFORE), d
    if precision == "month":
        return d.replace(day=1), d.replace(day=calendar.monthrange(d.year, d.month)[1])
    return date(d.year, 1, 1), date(d.year, 12, 31)


@dataclass(frozen=True, slots=True)
class MentionRef:
    """What clustering needs to know about one stored (or in-memory) mention."""

    id: int  # arrival order: the mention row id (or the index in memory)
    key: str  # content key, hashed into the event id
    doc_id: str
    source: str  # country codes
    target: str
    event: str
    date: date | None
    date_precision: str
    status: str
    mode: str | None = None
    cameo: str | None = None
    lang: str = "und"
    source_name: str | None = None
    source_role: str | None = None
    target_name: str | None = None
    target_role: str | None = None

    @property
    def family(self) -> str:
        return type_family(self.event, self.cameo)

    @property
    def block(self) -> tuple[str, str, str, str, str]:
        """``(country_a, country_b, family, status, direction)``; direction is ``""`` for symmetric types."""
        a, b = sorted((self.source, self.target))
        fam = self.family
        direction = "" if fam in SYMMETRIC_TYPES else f"{self.source}>{self.target}"
        return a, b, fam, self.status, direction

    def persons(self) -> frozenset[tuple[str, str]]:
        """``(country, name)`` of the people (not institutions) named on either side."""
        out = set()
        for country, name, role in (
            (self.source, self.source_name, self.source_role),
            (self.target, self.target_name, self.target_role),
        ):
            if name and role not in INSTITUTION_ROLES:
                out.add((country, name))
        return frozenset(out)


def mention_key(doc_id: str, sentence_start: int, trigger_start: int | None, event: str, source: str,
                target: str, d: date | None) -> str:  # fmt: skip
    """The content key of a mention (independent of database row ids)."""
    return f"{doc_id}|{sentence_start}|{trigger_start}|{event}|{source}|{target}|{d.isoformat() if d else ''}"


def event_id_for(key: str) -> str:
    """Deterministic event id from the first mention's content key."""
    return "ev-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class Cluster:
    """One event as found by clustering: the member mention ids and how they were matched."""

    id: str
    mention_ids: tuple[int, ...]
    source: str
    target: str
    event: str
    mode: str | None
    date: date | None
    date_precision: str
    status: str
    why: str


@dataclass(slots=True)
class _Unit:
    refs: list[MentionRef]
    window: tuple[date, date] | None

    @property
    def first(self) -> MentionRef:
        return min(self.refs, key=lambda r: r.id)

    @property
    def precision(self) -> str:
        return self.refs[0].date_precision

    def persons(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for r in self.refs:
            for country, name in r.persons():
                out.setdefault(country, set()).add(name)
        return out


@dataclass(slots=True)
class _Group:
    level: str
    units: list[_Unit] = field(default_factory=list)
    lo: date | None = None  # dates of the units at the group's own level
    hi: date | None = None
    persons: dict[str, set[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, unit: _Unit, anchor: bool) -> None:
        self.units.append(unit)
        if anchor and unit.window:
            self.lo = unit.window[0] if self.lo is None else min(self.lo, unit.window[0])
            self.hi = unit.window[1] if self.hi is None else max(self.hi, unit.window[1])
        for country, names in unit.persons().items():
            self.persons.setdefault(country, set()).update(names)

    def conflicts(self, unit: _Unit) -> bool:
        return any(names and self.persons.get(c) and not (names & self.persons[c]) for c, names in
                   unit.persons().items())  # fmt: skip

    def shared(self, unit: _Unit) -> int:
        return sum(len(names & self.persons.get(c, set())) for c, names in unit.persons().items())

    @property
    def first_id(self) -> int:
        return min(u.first.id for u in self.units)


def _units(refs: Iterable[MentionRef]) -> list[_Unit]:
    by_key: dict[tuple, list[MentionRef]] = {}
    for r in refs:
        by_key.setdefault((r.doc_id, r.source, r.target, r.event, r.date, r.date_precision), []).append(r)
    units = [_Unit(sorted(rs, key=lambda r: r.id), date_window(rs[0].date, rs[0].date_precision))
             for rs in by_key.values()]  # fmt: skip
    return sorted(units, key=lambda u: u.first.id)


def _gap(lo: date, hi: date, window: tuple[date, date]) -> int:
    """Days between an interval ``[lo, hi]`` and a window; 0 or negative when they overlap."""
    if window[0] > hi:
        return (window[0] - hi).days
    if window[1] < lo:
        return (lo - window[1]).days
    return -1


def _best(groups: list[_Group], unit: _Unit, tol: int, max_span: int | None = None) -> _Group | None:
    assert unit.window is not None
    w = unit.window
    fits = [
        g for g in groups
        if g.lo is not None and g.hi is not None and _gap(g.lo, g.hi, w) <= tol and not g.conflicts(unit)
        and (max_span is None or (max(g.hi, w[1]) - min(g.lo, w[0])).days <= max_span)
    ]  # fmt: skip
    if not fits:
        return None
    mid = unit.window[0] + (unit.window[1] - unit.window[0]) / 2

    def rank(g: _Group) -> tuple:
        assert g.lo is not None and g.hi is not None
        centre = g.lo + (g.hi - g.lo) / 2
        return (-g.shared(unit), abs((centre - mid).days), -len(g.units), g.first_id)

    best = min(fits, key=rank)
    if len(fits) > 1:
        best.notes.append(f"a {unit.precision}-precision mention fitted {len(fits)} events; joined the closest")
    return best


def cluster_block(refs: Sequence[MentionRef]) -> list[Cluster]:
    """Cluster the mentions of one block (see the module docstring); deterministic for a given set and order."""
    units = _units(refs)
    groups: list[_Group] = []
    for level in PRECISION_ORDER:
        finer = list(groups)
        own: list[_Group] = []
        level_units = sorted((u for u in units if u.window and u.precision == level),
                             key=lambda u: (u.window[0], u.first.id))  # type: ignore[index]  # fmt: skip
        for unit in level_units:
            target = _best(finer, unit, 0) if finer else None
            if target is not None:
                target.add(unit, anchor=False)
                continue
            if level == "day":  # chain close days, but one event spans at most 2 × tolerance days
                target = _best(own, unit, DAY_TOLERANCE, max_span=2 * DAY_TOLERANCE)
            else:
                target = _best(own, unit, 0)
            if target is None:
                target = _Group(level)
                own.append(target)
            target.add(unit, anchor=True)
        groups.extend(own)
    for unit in units:
        if unit.window is None:
            g = _Group("unknown")
            g.add(unit, anchor=True)
            groups.append(g)
    return sorted((_to_cluster(g) for g in groups), key=lambda c: c.id)


def _most_common(values: Sequence[T | None], default: T | None = None) -> T | None:
    """The most common non-None value; ties go to the first-arrived."""
    vals = [v for v in values if v is not None]
    if not vals:
        return default
    counts = Counter(vals)
    top = max(counts.values())
    return next(v for v in vals if counts[v] == top)  # first-arrived among the most common


def _to_cluster(g: _Group) -> Cluster:
    refs = sorted((r for u in g.units for r in u.refs), key=lambda r: r.id)
    first = refs[0]
    anchors = [r for u in g.units for r in u.refs if r.date_precision == g.level]
    d = _most_common([r.date for r in anchors]) if g.level == "day" else min(
        (r.date for r in anchors if r.date), default=None)  # fmt: skip
    if g.level in ("month", "year") and d is not None:
        d = date_window(d, g.level)[0]  # type: ignore[index]
    symmetric = first.family in SYMMETRIC_TYPES
    direction = _most_common([(u.first.source, u.first.target) for u in sorted(g.units, key=lambda u: u.first.id)])
    source, target = direction if symmetric else (first.source, first.target)
    return Cluster(
        id=event_id_for(first.key), mention_ids=tuple(r.id for r in refs), source=source, target=target,
        event=first.family, mode=_most_common([r.mode for r in refs]), date=d, date_precision=g.level,
        status=first.status, why=_why(g, refs, symmetric),
    )  # fmt: skip


def _why(g: _Group, refs: list[MentionRef], symmetric: bool) -> str:
    docs = sorted({r.doc_id for r in refs})
    langs = sorted({r.lang for r in refs})
    if len(refs) == 1:
        return "single mention"
    parts = [f"{len(refs)} mentions from {len(docs)} document(s) in {', '.join(langs)}"]
    dirs = sorted({f"{r.source}→{r.target}" for r in refs})
    if symmetric:
        parts.append(f"dyad {refs[0].block[0]}–{refs[0].block[1]} up to direction ({', '.join(dirs)}; "
                     f"{refs[0].family} is matched undirected)")  # fmt: skip
    else:
        parts.append(f"same direction {dirs[0]}")
    events = sorted({r.event for r in refs})
    modes = sorted({r.mode or "-" for r in refs})
    parts.append(f"type {refs[0].family} (events {', '.join(events)}; modes {', '.join(modes)})")
    parts.append(f"status {refs[0].status}")
    if g.level == "day":
        days = sorted({r.date.isoformat() for r in refs if r.date and r.date_precision == "day"})
        parts.append(f"day dates {', '.join(days)} within ±{DAY_TOLERANCE} day")
    coarse = sorted({f"{r.date_precision} {r.date.isoformat()}" for r in refs
                     if r.date and r.date_precision != g.level})  # fmt: skip
    if coarse:
        parts.append(f"coarser dates fit the event's dates ({'; '.join(coarse)})")
    names = sorted({n for r in refs for _, n in r.persons()})
    if names:
        parts.append(f"names: {', '.join(names)}")
    if len(docs) < len(refs) and len(docs) == 1:
        parts.append("same document, same (source, target, type, date)")
    parts.extend(sorted(set(g.notes)))
    return "; ".join(parts)


def cluster_refs(refs: Iterable[MentionRef]) -> list[Cluster]:
    """Cluster any mentions: split into blocks, cluster each block; clusters sorted by id."""
    blocks: dict[tuple, list[MentionRef]] = {}
    for r in refs:
        blocks.setdefault(r.block, []).append(r)
    out = [c for key in sorted(blocks) for c in cluster_block(blocks[key])]
    log.debug("clustered %d blocks into %d events", len(blocks), len(out))
    return sorted(out, key=lambda c: c.id)


def ref_from_mention(m: Mention, index: int) -> MentionRef:
    """A MentionRef for an in-memory Mention; ``index`` is its arrival order."""
    return MentionRef(
        id=index, key=mention_key(m.doc_id, m.sentence.start, m.trigger.start, m.event, m.source.country,
                                  m.target.country, m.date),
        doc_id=m.doc_id, source=m.source.country, target=m.target.country, event=m.event, date=m.date,
        date_precision=m.date_precision, status=m.status, mode=m.mode, cameo=m.cameo, lang=m.lang,
        source_name=m.source.name, source_role=m.source.role, target_name=m.target.name, target_role=m.target.role,
    )  # fmt: skip


def cluster(mentions: Sequence[Mention]) -> list[Event]:
    """Cluster in-memory mentions (in arrival order) into events; no database needed."""
    refs = [ref_from_mention(m, i) for i, m in enumerate(mentions)]
    return [
        Event(id=c.id, mentions=tuple(mentions[i] for i in c.mention_ids), source=c.source, target=c.target,
              event=c.event, date=c.date, date_precision=c.date_precision, status=c.status, why=c.why)
        for c in cluster_refs(refs)
    ]  # fmt: skip


def link_planned(events: Sequence[Cluster | Event], window_days: int = 3) -> dict[str, str]:
    """``{planned event id: id of the occurred event that fulfilled it}``.

    A planned event is fulfilled by an occurred event of the same pair and type family (same direction for
    directed types) whose date falls in the planned date's window widened by ``window_days`` (plans slip);
    the closest such event wins, then the lowest id.
    """
    occurred: dict[tuple, list[Cluster | Event]] = {}
    for e in events:
        if e.status == "occurred" and e.date is not None:
            occurred.setdefault(_link_key(e), []).append(e)
    out: dict[str, str] = {}
    for p in events:
        w = date_window(p.date, p.date_precision) if p.status == "planned" else None
        if w is None:
            continue
        lo, hi = w[0] - timedelta(days=window_days), w[1] + timedelta(days=window_days)
        fits = [o for o in occurred.get(_link_key(p), []) if o.date and lo <= o.date <= hi]
        if fits:
            best = min(fits, key=lambda o: (abs((o.date - p.date).days), o.id))  # type: ignore[operator]
            out[p.id] = best.id
    return out


def _link_key(e: Cluster | Event) -> tuple[str, ...]:
    a, b = sorted((e.source, e.target))
    direction = "" if e.event in SYMMETRIC_TYPES else f"{e.source}>{e.target}"
    return a, b, e.event, direction
