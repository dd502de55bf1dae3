"""Who did what to whom: source and target actors of one trigger from word order and case signals.

The case signals are per-language data (``morphology.yaml``: case suffixes, pre-/postpositions, and the
``roles`` block: which cases mark the target of an act, which the co-participant of a meeting).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dyadwatch.coder.actor_match import ActorHit
from dyadwatch.coder.coordination import ActorSet
from dyadwatch.coder.text import Token
from dyadwatch.coder.triggers import TriggerHit

Pair = tuple[ActorHit, ActorHit]


@dataclass(frozen=True, slots=True)
class RoleRules:
    """Per-language role signals (``morphology.yaml`` → ``roles``)."""

    target_cases: tuple[str, ...] = ("acc", "dat", "ben", "abl", "com")
    partner_cases: tuple[str, ...] = ("com", "acc", "dat", "ben", "abl")
    partner_events: frozenset[str] = frozenset({"CONSULT", "AGREE", "COOPERATE"})

    @classmethod
    def from_data(cls, data: dict[str, Any] | None) -> RoleRules:
        data = data or {}
        base = cls()
        return cls(
            tuple(data.get("target_cases", base.target_cases)),
            tuple(data.get("partner_cases", base.partner_cases)),
            frozenset(data.get("partner_events", base.partner_events)),
        )

    def cases(self, event: str) -> tuple[str, ...]:
        return self.partner_cases if event in self.partner_events else self.target_cases


@dataclass(frozen=True, slots=True)
class Roles:
    pairs: tuple[Pair, ...]
    fallback: bool  # a weaker heuristic chose an actor (lowers confidence)
    host: bool  # target is the host of a location ("temaslarda bulundu in Washington")


@dataclass(frozen=True, slots=True)
class Clause:
    """The trigger, its clause bounds (neighbouring triggers) and the sentence's actors."""

    hit: TriggerHit
    prev_last: int
    next_first: int
    tokens: list[Token]
    order: str
    event: str
    nominal: bool
    reciprocal: bool = False
    context: tuple[ActorHit, ...] = ()  # the parties of the current occasion (mediator rules only)


def _pairs(sources: Sequence[ActorHit], targets: Sequence[ActorHit]) -> list[Pair]:
    out: list[Pair] = []
    seen: set[tuple[str, str]] = set()
    for s in sources:
        for t in targets:
            key = (s.country, t.country)
            if s.country != t.country and key not in seen:
                seen.add(key)
                out.append((s, t))
    return out


def _among(members: Sequence[ActorHit], both_ways: bool) -> list[Pair]:
    """Every pair of a joint subject (first-mentioned as source); both directions for "each other"."""
    out: list[Pair] = []
    seen: set[tuple[str, str]] = set()
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            for s, t in ((a, b), (b, a)) if both_ways else ((a, b),):
                if s.country != t.country and (s.country, t.country) not in seen:
                    seen.add((s.country, t.country))
                    out.append((s, t))
    return out


def _nearest(cands: list[ActorHit], exclude: set[str], reverse: bool) -> ActorHit | None:
    for a in reversed(cands) if reverse else cands:
        if a.country not in exclude:
            return a
    return None


def _by_case(cands: list[ActorHit], cases: tuple[str, ...], exclude: set[str], reverse: bool) -> ActorHit | None:
    for case in cases:
        a = _nearest([c for c in cands if c.case == case], exclude, reverse)
        if a is not None:
            return a
    return None


def _mediator(aset: ActorSet, c: Clause, region_b, region_a, before) -> Roles | None:
    """ "X mediated/hosted talks between A and B", "X-in vasitəçiliyi ilə", "hosted by X": X→A and X→B."""
    hit = c.hit
    med = None
    if c.order == "svo":
        by = [a for a in region_a if a.case == "by" and not a.place]
        noms = [a for a in region_b if a.case == "nom" and not a.place]
        med = by[0] if by else (noms[-1] if noms else None)
    else:
        gens = [a for a in region_b if a.case in ("gen", "by") and not a.place and hit.first - a.tok_end <= 1]
        noms = [a for a in before if a.case == "nom" and not a.place and not a.ref]
        med = gens[-1] if gens else (noms[0] if noms else None)
    if med is None:
        return None
    own = {id(m) for m in aset.mates(med)}
    parties: list[ActorHit] = []
    for group in aset.multi():
        if not any(id(m) in own for m in group):
            parties += [m for m in group if not m.place or m.case in ("com", "nom")]
    if not parties:
        parties = [a for a in aset.actors if a.ref and id(a) not in own]
    if not parties and all(a.country == med.country for a in aset.actors):
        parties = list(c.context)  # "Tuesday's meeting was hosted by X": the parties of that meeting
    pairs = _pairs([med], parties)
    return Roles(tuple(pairs), False, False) if pairs else None


def assign(aset: ActorSet, c: Clause, rules: RoleRules) -> Roles | None:
    """Source/target pairs for one trigger (``None`` when no acceptable pair is found).

    ``c.nominal``: the trigger is a nominalised verb/participle (``kesilmesi``, ``eleştiren``), whose agent is a
    genitive (``ABD Senatosu'nun``); for a finite verb the subject is the nominative.
    """
    actors, hit, order = aset.actors, c.hit, c.order
    used = set(hit.tokens)
    before = [a for a in actors if a.tok_end <= hit.first]
    if order == "svo":  # objects may sit inside a gapped trigger ("summoned Azerbaijan's ambassador")
        after = [a for a in actors if a.tok_start > hit.first and not any(t in used for t in range(*_span(a)))]
    else:
        after = [a for a in actors if a.tok_start > hit.last]
    region_b = [a for a in before if a.tok_start > c.prev_last]
    region_a = [a for a in after if a.tok_end <= c.next_first]
    if hit.pattern.roles == "mediator":
        return _mediator(aset, c, region_b, region_a, before)

    by = [a for a in (region_a if order == "svo" else region_b) if a.case == "by" and not a.place]
    if hit.pattern.roles == "passive" and not by:
        return None  # a passive with no recoverable agent is not an event (ANNOTATION.md s.6)
    if by:
        source = by[0] if order == "svo" else by[-1]
        sources = aset.mates(source)
        own = {s.country for s in sources}
        cands = [a for a in before if a.case in ("nom", "dat", "acc") and a.country not in own]
        cands = cands or [a for a in region_a if a.case == "nom" and a.country not in own]
        if not cands and len(own) >= 2:
            return Roles(tuple(_among(sources, c.reciprocal)), False, False)
        tgt = _nearest(cands, own, reverse=False)
        if tgt is None:
            return None
        return Roles(tuple(_pairs(sources, aset.mates(tgt))), False, False)

    fallback = False
    source = _source(before, region_b, region_a, order, c.nominal)
    if source is None:
        return None
    if isinstance(source, tuple):
        source, fallback = source
    sources = [s for s in aset.mates(source) if s.case == source.case and not (s.place and s.case == "loc")]
    own = {s.country for s in sources}
    cases = rules.cases(c.event)
    if order == "svo":  # the object follows the verb: the first actor after it in the nominative or a target case
        explicit = _nearest([a for a in region_a if a.case == "nom" or a.case in cases], own, False)
    else:  # the case suffix marks the target: by preference of case, nearest to the verb first
        explicit = _by_case(region_b, cases, own, reverse=True)
    if explicit is None and len(own) >= 2:
        # "Armenia and Azerbaijan signed ...", "Azərbaycan, Rusiya və İran ... görüş keçiriblər": every pair
        return Roles(tuple(_among(sources, c.reciprocal)), fallback, False)
    host = False
    tgt = explicit
    if tgt is None and order == "svo":
        tgt = _by_case(region_b, cases, own, reverse=True)
        if tgt is None:
            tgt = _nearest([a for a in region_b if a.case == "nom"], own, False)
            fallback = fallback or tgt is not None
        if tgt is None:
            tgt = _nearest([a for a in region_a if a.case == "gen" and not a.place], own, False)
            fallback = fallback or tgt is not None
    elif tgt is None:
        tgt = _by_case(before, cases, own, reverse=True)
        if tgt is None:
            tgt = _by_case(region_a, cases, own, reverse=False)
        if tgt is None:
            tgt = _nearest([a for a in region_b if a.case == "gen" and not a.place], own, True)
            fallback = fallback or tgt is not None
    if tgt is None and c.event == "CONSULT":
        tgt = _nearest([a for a in region_b + region_a if a.case == "loc"], own, False)
        host = tgt is not None
    if tgt is None:
        return None
    targets = [t for t in aset.mates(tgt) if t.case == tgt.case]
    pairs = _pairs(sources, targets)
    if c.reciprocal:
        pairs += _pairs(targets, sources)
    return Roles(tuple(pairs), fallback, host) if pairs else None


def _span(a: ActorHit) -> tuple[int, int]:
    return a.tok_start, a.tok_end


def _source(before, region_b, region_a, order: str, nominal: bool):
    """The agent: nominative subject (genitive for a nominalised verb); ``(actor, True)`` for a weak guess."""
    noms_b = [a for a in region_b if a.case == "nom" and not a.place]
    gens_b = [a for a in region_b if a.case == "gen" and not a.place]
    any_nom = [a for a in before if a.case == "nom" and not a.place]
    if nominal and gens_b:
        return gens_b[-1]
    if noms_b:
        return noms_b[-1] if order == "svo" else noms_b[0]
    if any_nom and not nominal:
        return any_nom[0]
    if gens_b:
        return gens_b[-1]
    if any_nom:
        return any_nom[0], True
    if order == "sov":
        late = [a for a in region_a if a.case in ("nom", "gen") and not a.place]
        if late:
            return late[0], True
    return None
