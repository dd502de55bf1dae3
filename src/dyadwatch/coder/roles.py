"""Who did what to whom: source and target actors of one trigger from word order and case signals.

The case signals are per-language data (``morphology.yaml``: case suffixes, pre-/postpositions, and the
``roles`` block: which cases mark the target of an act, which the co-participant of a meeting).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dyadwatch.coder.actor_types import ActorHit
from dyadwatch.coder.clause_view import (
    Clause,
    Pair,
    View,
    actor_key,
    by_case,
    cross_pairs,
    flat_cases,
    nearest,
    pairs_among,
)
from dyadwatch.coder.coordination import ActorSet

__all__ = ["Clause", "Pair", "RoleRules", "Roles", "assign"]


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


def _mediator(v: View, c: Clause) -> Roles | None:
    """ "X mediated/hosted talks between A and B", "X-in vasitəçiliyi ilə", "hosted by X": X→A and X→B."""
    hit = c.hit
    if c.order == "svo":
        # "hosted by X", "under the auspices of X", "X mediated"
        by = [a for a in v.region_a if a.case == "by" and not a.place]
        of = [a for a in v.region_a if a.case == "gen" and not a.place and a.tok_start - hit.last <= 2]
        noms = [a for a in v.region_b if a.case == "nom" and not a.place and not a.adj]
        med = by[0] if by else (of[0] if of else (noms[-1] if noms else None))
    else:
        gens = [a for a in v.region_b if a.case in ("gen", "by") and not a.place and hit.first - a.tok_end <= 1]
        noms = [a for a in v.before if a.case == "nom" and not a.place and not a.ref and not a.adj]
        med = gens[-1] if gens else (noms[0] if noms else None)
    if med is None:
        return None
    meds = [m for m in v.mates(med) if m.case == med.case]
    own = {actor_key(m) for m in meds}
    parties: list[ActorHit] = []
    # the parties may sit in another clause of the sentence ("A and B agreed ... after talks hosted by X")
    for group in v.aset.multi():
        group = [m for m in group if m.case in ("com", "nom", "gen", "acc", "dat")]
        if len({m.country for m in group}) >= 2 and not any(actor_key(m) in own for m in group):
            parties += [m for m in group if not m.place or m.case in ("com", "nom")]
    if not parties:
        parties = [a for a in v.actors if a.ref and actor_key(a) not in own]
    if not parties and all(a.country == med.country for a in v.actors):
        parties = list(c.context)  # "Tuesday's meeting was hosted by X": the parties of that meeting
    pairs = cross_pairs(meds, parties)
    if pairs and c.hit.pattern.pair_parties:
        # "X A ilə B arasında görüşə ev sahibliyi edib": A and B met as well
        pairs += pairs_among([p for p in parties if not p.ref], False)
    return Roles(tuple(pairs), False, False) if pairs else None


def assign(aset: ActorSet, c: Clause, rules: RoleRules) -> Roles | None:
    """Source/target pairs for one trigger (``None`` when no acceptable pair is found).

    ``c.nominal``: the trigger is a nominalised verb/participle (``kesilmesi``, ``eleştiren``), whose agent is a
    genitive (``ABD Senatosu'nun``); for a finite verb the subject is the nominative.
    """
    v = View(aset, c)
    roles = c.hit.pattern.roles
    if roles == "mediator":
        return _mediator(v, c)
    by = [a for a in (v.region_a if c.order == "svo" else v.region_b) if a.case == "by" and not a.place]
    if roles == "passive" or c.passive:
        if by:
            return _passive(v, c, by)
        # "iki ülke arasında imzalandı", "signed between A and B": the parties are the agents
        groups = v.groups(("com", "gen")) if roles == "passive" or c.event in rules.partner_events else []
        return Roles(tuple(pairs_among(groups[0], False)), False, False) if groups else None
    out = _active(v, c, rules)
    if out is None and by and c.order == "sov":
        return _passive(v, c, by)  # a participle with its agent: "X tarafından imzalanan"
    return out


def _passive(v: View, c: Clause, by: list[ActorHit]) -> Roles | None:
    """ "X tərəfindən qəbul olunub", "was received by X": the agent acts towards the subject."""
    source = by[0] if c.order == "svo" else by[-1]
    sources = v.mates(source)
    own = {s.country for s in sources}
    cands = [a for a in v.before if a.case in ("nom", "dat", "acc") and a.country not in own and not a.adj]
    cands = cands or [a for a in v.region_a if a.case == "nom" and a.country not in own and not a.adj]
    if not cands and len(own) >= 2:
        return Roles(tuple(pairs_among(sources, c.reciprocal)), False, False)
    tgt = nearest(cands, own, reverse=False)
    if tgt is None:
        return None
    return Roles(tuple(cross_pairs(sources, v.mates(tgt))), False, False)


def _active(v: View, c: Clause, rules: RoleRules) -> Roles | None:
    order = c.order
    fallback = False
    if c.event in rules.partner_events and not [a for a in v.before if a.case == "nom" and not a.adj and not a.place]:
        # "A ilə B arasında görüş keçirilib", "danışıqlar başlayıb": the parties of a meeting with no subject
        groups = [g for g in v.groups(("com",)) if all(a.tok_end <= c.hit.first for a in g)]
        if groups:
            return Roles(tuple(pairs_among(groups[-1], False)), False, False)
    skip = {actor_key(m) for m in v.mates(v.prev_object)} if v.prev_object is not None else set()
    before = [a for a in v.before if actor_key(a) not in skip]
    region_b = [a for a in v.region_b if actor_key(a) not in skip]
    if c.chained and c.shared:
        # "X Y-yə zəng edərək ... üzr istəyib", "X ve Y görüştü ve ... imzaladı": the previous verb's subject
        source = c.shared[0][0]
    elif c.participle:
        source = _participle_agent(v, c)
    else:
        if c.nominal and c.possessed is not None:  # "Azerbaycan'ın ... aldığı tedbirleri anlayışla karşıladığını"
            # a genitive that only owns the object is not the agent, when a nominative subject precedes it
            noms = [a.tok_start for a in before if a.case == "nom" and not a.adj and not a.place]
            region_b = [
                a for a in region_b if not (a.case == "gen" and noms and min(noms) < a.tok_start and _owns_object(a, c))
            ]
        source = _source(before, region_b, v.region_a, order, c.nominal, c.hit.first)
    if source is None:
        return None
    if not isinstance(source, ActorHit):  # (actor, fallback)
        source, fallback = source
    sources = [s for s in v.mates(source) if s.case == source.case and not (s.place and s.case == "loc")]
    own = {s.country for s in sources}
    cases = c.hit.pattern.target_cases or rules.cases(c.event)  # in order of preference; "acc|dat" = one tier
    tgt = None
    for allow_adj in (False, True):  # a real actor first, a bare demonym ("Georgian positions") last
        tgt = _target(v, c, cases, own, allow_adj, len(own) >= 2)
        if tgt is not None:
            break
    if tgt is None and len(own) >= 2:
        # "Armenia and Azerbaijan signed ...", "Azərbaycan, Rusiya və İran ... görüş keçiriblər": every pair
        return Roles(tuple(pairs_among(sources, c.reciprocal)), fallback, False)
    host = False
    if tgt is not None and tgt[1]:
        fallback = True
    tgt = tgt[0] if tgt is not None else None
    if tgt is None and c.event == "CONSULT":
        tgt = nearest([a for a in v.region_b + v.region_a if a.case == "loc"], own, False)
        host = tgt is not None
    if tgt is None and c.acts:
        # "welcomed the agreement", "qərarı alqışlayıb": the parties or the author of that act
        lo, hi = (c.prev_last, c.hit.first) if order == "sov" else (c.hit.last, c.next_first)
        for k, hits in c.acts:
            if lo < k < hi:
                pairs = cross_pairs(sources, [h for h in hits if h.country not in own])
                if pairs:
                    return Roles(tuple(pairs), True, False)
    if tgt is None and c.shared:
        # "katılmama kararı almış, ilişkileri askıya almıştı": a verb chained to the previous one of the same
        # subject shares its target
        pairs = cross_pairs(sources, [t for s_, t in c.shared if s_.country in own])
        if pairs:
            return Roles(tuple(pairs), True, False)
    if tgt is None:
        return None
    targets = [t for t in v.mates(tgt) if t.case == tgt.case]
    pairs = cross_pairs(sources, targets)
    if c.reciprocal:
        pairs += cross_pairs(targets, sources)
    return Roles(tuple(pairs), fallback, host) if pairs else None


def _target(v: View, c: Clause, cases, own: set[str], allow_adj: bool, joint: bool):
    """``(target, weak)``: the explicit object/case-marked target, or (unless the subject is joint) a weaker
    guess; ``None`` when there is none."""

    def ok(xs: list[ActorHit]) -> list[ActorHit]:
        return [a for a in xs if allow_adj or not a.adj]

    if c.order == "svo":  # the object follows the verb: the first actor after it in the nominative or a target case
        flat = flat_cases(cases)
        t = nearest(ok([a for a in v.region_a if a.case == "nom" or a.case in flat]), own, False)
        if t is None and not allow_adj:  # "imposed sanctions on ... Russian individuals": a demonym object
            t = nearest([a for a in v.region_a if a.adj and (a.case == "nom" or a.case in flat)], own, False)
        if t is not None or joint:
            return (t, False) if t is not None else None
        t = by_case(ok(v.region_b), cases, own, reverse=True)
        if t is not None:
            return t, False
        t = nearest(ok([a for a in v.region_b if a.case == "nom"]), own, False)
        if t is not None:
            return t, True
        near = [a for a in v.region_a if a.case == "gen" and not a.place and a.tok_start - c.hit.last <= 6]
        t = nearest(ok(near), own, False)  # "urged Pashinyan's government"
        if t is None:  # "signed ... with a consortium led by British Petroleum"
            t = nearest(ok([a for a in v.region_a if a.case == "by" and not a.place]), own, False)
        if t is None:  # beyond the next verb: "condemned the treaty ... and demanded an explanation from Moscow"
            t = nearest(ok([a for a in v.after if a.case in ("nom", *flat)]), own, False)
        return (t, True) if t is not None else None
    # the case suffix marks the target: by preference of case, nearest to the verb first
    t = by_case(ok(v.region_b), cases, own, reverse=True)
    if t is not None or joint:
        return (t, False) if t is not None else None
    # a genitive in the clause owns the object or is the agent of the complement ("Ermenistan'ın kararını
    # kınadı", "BM Güvenlik Konseyi'nin toplanmasını talep etti")
    t = nearest(ok([a for a in v.region_b if a.case in ("gen", "by") and not a.place]), own, True)
    if t is not None:
        return t, False
    t = by_case(ok(v.before), cases, own, reverse=True)
    if t is None and not any(c.prev_last < k < c.hit.first for k, _ in c.acts):
        t = by_case(ok(v.region_a), cases, own, reverse=False)  # (not when an act noun names the target)
    if t is not None:
        return t, False
    t = nearest(ok([a for a in v.region_b if a.case == "gen" and not a.place]), own, True)
    return (t, True) if t is not None else None


def _owns_object(g: ActorHit, c: Clause) -> bool:
    """The genitive ``g`` owns a possessed object of the trigger (no other genitive lies in between)."""
    for t in c.tokens[g.tok_end : c.hit.first]:
        if c.possessed.search(t.text):
            return True
        if len(t.text) > 4 and t.text.endswith(c.genitive):
            return False
    return False


def _participle_agent(v: View, c: Clause) -> ActorHit | None:
    """The agent of a subject participle is its head noun: "... ilə görüşən Bill Klinton", or, when the head is a
    possessed noun, its genitive owner ("O'Brien'in Azerbaycan'ı eleştiren konuşması"); a head that is not an actor
    ("tepki gösteren göstericiler") leaves no agent."""
    head = next((a for a in v.after if a.tok_start == c.hit.last + 1 and not a.adj), None)
    if head is not None:
        return head
    following = c.tokens[c.hit.last + 1 : c.hit.last + 3]
    if c.possessive and any(t.text.endswith(c.possessive) for t in following):
        gens = [a for a in v.region_b if a.case == "gen" and not a.adj and not a.place]
        return gens[0] if gens else None
    return None


def _source(before, region_b, region_a, order: str, nominal: bool, first: int = -1):
    """The agent: nominative subject (genitive for a nominalised verb); ``(actor, True)`` for a weak guess.
    A bare demonym ("Iranian trucks") is never the agent, nor a genitive that only owns the verb's object
    ("ABD'nin talebini kabul ettiğini": the genitive, one noun, the verb)."""
    before = [a for a in before if not a.adj]
    region_b = [a for a in region_b if not a.adj]
    region_a = [a for a in region_a if not a.adj]
    noms_b = [a for a in region_b if a.case == "nom" and not a.place]
    gens_b = [a for a in region_b if a.case == "gen" and not a.place and a.tok_end + 1 != first]
    any_nom = [a for a in before if a.case == "nom" and not a.place]
    if nominal and gens_b:
        return gens_b[0]  # the outermost genitive; later ones belong to embedded complements
    if noms_b:
        return noms_b[-1] if order == "svo" else noms_b[0]
    if any_nom and not nominal:
        return any_nom[0]
    if gens_b:
        return gens_b[-1]
    if any_nom:
        return any_nom[0], True
    late = [a for a in region_a if a.case in (("nom", "gen") if order == "sov" else ("nom",)) and not a.place]
    if late:  # SOV: a participle before its head ("... ilə görüşən Bill Klinton"); SVO: "In a separate call, X"
        return late[0], True
    return None
