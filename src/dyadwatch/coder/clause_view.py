"""What one trigger can see of its sentence: the clause around it, the actors on each side, and the helpers that
pick actors from them (by case, nearest first)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dyadwatch.coder.actor_types import ActorHit
from dyadwatch.coder.coordination import ActorSet
from dyadwatch.coder.text import Token
from dyadwatch.coder.triggers import TriggerHit

Pair = tuple[ActorHit, ActorHit]


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
    passive: bool = False  # passive voice ("was received by")
    breaks: tuple[int, ...] = ()  # tokens that end a clause ("while", "but")
    islands: tuple[tuple[int, int], ...] = ()  # embedded clauses (", which ...,") as token ranges
    acts: tuple[tuple[int, tuple[ActorHit, ...]], ...] = ()  # act nouns ("the agreement") and their parties
    text: str = ""  # the sentence (for punctuation between words)
    shared: tuple[Pair, ...] = ()  # pairs of the previous trigger of the sentence (chained verbs)
    participle: bool = False  # a subject participle ("tepki gösteren göstericiler"): its head noun is the agent
    possessive: tuple[str, ...] = ()  # possessive suffixes (a possessed head noun is owned by a genitive)
    possessed: Any = None  # regex: a possessed object ("tedbirlerini"), whose nearest genitive only owns it
    genitive: tuple[str, ...] = ()  # genitive suffixes
    chained: bool = False  # the previous verb is a converb or joined by "and": it shares its subject


def visible(actors: list[ActorHit], c: Clause) -> list[ActorHit]:
    """The actors in the trigger's own clause: same side of every clause break, not inside another embedded
    clause; inside an embedded clause, its actors and the antecedent just before it."""
    first = c.hit.first
    out = [a for a in actors if all((a.tok_start < b) == (first < b) for b in c.breaks)]
    for s, e in c.islands:
        if s <= first < e:
            inside = [a for a in out if s <= a.tok_start < e]
            ante = [a for a in out if a.tok_end <= s and not a.adj]
            return ([ante[-1]._replace(case="nom")] if ante else []) + inside
        out = [a for a in out if not s <= a.tok_start < e]
    return out


def cross_pairs(sources: Sequence[ActorHit], targets: Sequence[ActorHit]) -> list[Pair]:
    out: list[Pair] = []
    seen: set[tuple[str, str]] = set()
    for s in sources:
        for t in targets:
            key = (s.country, t.country)
            if s.country != t.country and key not in seen:
                seen.add(key)
                out.append((s, t))
    return out


def pairs_among(members: Sequence[ActorHit], both_ways: bool) -> list[Pair]:
    """Every pair of a joint subject (first-mentioned as source); both directions for "each other"."""
    out: list[Pair] = []
    seen: set[tuple[str, str]] = set()
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            for s, t in ((a, b), (b, a)) if both_ways else ((a, b),):
                key = (s.country, t.country) if both_ways else tuple(sorted((s.country, t.country)))
                if s.country != t.country and key not in seen:
                    seen.add(key)
                    out.append((s, t))
    return out


def nearest(cands: list[ActorHit], exclude: set[str], reverse: bool) -> ActorHit | None:
    for a in reversed(cands) if reverse else cands:
        if a.country not in exclude:
            return a
    return None


def by_case(cands: list[ActorHit], cases: tuple[str, ...], exclude: set[str], reverse: bool) -> ActorHit | None:
    """The nearest actor with the most preferred case; ``"dat|acc"`` is one tier (nearest of either wins)."""
    for tier in cases:
        allowed = tier.split("|")
        a = nearest([c for c in cands if c.case in allowed], exclude, reverse)
        if a is not None:
            return a
    return None


def flat_cases(cases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(x for tier in cases for x in tier.split("|"))


class View:
    """The actors a trigger can see, split around it, with coordination restricted to them."""

    def __init__(self, aset: ActorSet, c: Clause) -> None:
        hit = c.hit
        used = set(hit.tokens)
        actors = visible(aset.actors, c)
        if c.order == "svo" and hit.pattern.roles == "active" and not c.passive:
            # "stand by Azerbaijan": a preposition inside an active trigger marks its object
            actors = [a._replace(case="nom") if a.case == "by" and a.tok_start - 1 in used else a for a in actors]
        self.aset = aset
        self.vis = {actor_key(a): a for a in actors}
        self.actors = actors
        self.before = [a for a in actors if a.tok_end <= hit.first]
        if c.order == "svo":  # objects may sit inside a gapped trigger ("summoned Azerbaijan's ambassador")
            self.after = [a for a in actors if a.tok_start > hit.first and a.tok_start not in used]
        else:
            self.after = [a for a in actors if a.tok_start > hit.last]
        self.region_b = [a for a in self.before if a.tok_start > c.prev_last]
        self.region_a = [a for a in self.after if a.tok_end <= c.next_first]
        self.prev_object: ActorHit | None = None
        if c.order == "svo" and c.prev_last >= 0:
            # "accused Moscow of ... and called on X": the object of the previous verb is not this one's subject
            first = next((a for a in self.region_b), None)
            if first is not None and first.tok_start - c.prev_last <= 3 and not comma_between(c, first):
                self.prev_object = first

    def mates(self, a: ActorHit) -> list[ActorHit]:
        return [self.vis[actor_key(m)] for m in self.aset.mates(a) if actor_key(m) in self.vis]

    def groups(self, cases: tuple[str, ...]) -> list[list[ActorHit]]:
        """Visible lists of two or more countries in one of ``cases`` ("between A and B")."""
        out = []
        for g in self.aset.multi():
            members = [self.vis[actor_key(m)] for m in g if actor_key(m) in self.vis and m.case in cases]
            if len({m.country for m in members}) >= 2:
                out.append(members)
        return out


def comma_between(c: Clause, a: ActorHit) -> bool:
    """A comma between the previous trigger and ``a`` ("In a separate call, the secretary ...")."""
    toks = c.tokens
    return c.text.find(",", toks[c.prev_last].end, toks[a.tok_start].start) >= 0 if c.text else False


def actor_key(a: ActorHit) -> tuple[int, int, str]:
    return a.tok_start, a.tok_end, a.country


def tok_span(a: ActorHit) -> tuple[int, int]:
    return a.tok_start, a.tok_end
