"""Who did what to whom: source and target actors of one trigger from word order and case signals."""

from __future__ import annotations

from dataclasses import dataclass, replace

from dyadwatch.coder.actor_match import ActorHit
from dyadwatch.coder.text import Token
from dyadwatch.coder.triggers import TriggerHit

_TARGET_CASES = ("dat", "acc", "com", "ben", "abl")


@dataclass(frozen=True, slots=True)
class Roles:
    source: ActorHit
    targets: tuple[ActorHit, ...]
    fallback: bool  # a weaker heuristic chose an actor (lowers confidence)
    host: bool  # target is the host of a location ("temaslarda bulundu in Washington")


def share_coordinated_case(
    actors: list[ActorHit], tokens: list[Token], conj: frozenset[str], order: str
) -> list[ActorHit]:
    """``Bayramov ve Mirzoyan'ı`` (SOV: case spreads left), ``between Azerbaijan and Armenia`` (SVO: right)."""
    out = list(actors)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if b.tok_start != a.tok_end + 1 or tokens[a.tok_end].text not in conj:
            continue
        if order == "sov" and a.case == "nom" and b.case != "nom":
            out[k] = replace(a, case=b.case)
        elif order == "svo" and b.case == "nom" and a.case != "nom":
            out[k + 1] = replace(b, case=a.case)
    if order == "sov":  # chains of three: A, B ve C'yi
        for k in range(len(out) - 2, -1, -1):
            a, b = out[k], out[k + 1]
            if b.tok_start == a.tok_end + 1 and tokens[a.tok_end].text in conj and a.case == "nom":
                out[k] = replace(a, case=b.case)
    return out


def _coordinated(target: ActorHit, actors: list[ActorHit], tokens: list[Token], conj: frozenset[str]) -> list[ActorHit]:
    """Actors joined to ``target`` by a conjunction with the same case (one event per party)."""
    out = [target]
    idx = actors.index(target)
    for step in (-1, 1):
        k = idx
        while 0 <= k + step < len(actors):
            a, b = (actors[k + step], actors[k]) if step < 0 else (actors[k], actors[k + step])
            if b.tok_start == a.tok_end + 1 and tokens[a.tok_end].text in conj and actors[k + step].case == target.case:
                out.append(actors[k + step])
                k += step
            else:
                break
    return out


def assign(
    actors: list[ActorHit],
    hit: TriggerHit,
    prev_last: int,
    next_first: int,
    tokens: list[Token],
    order: str,
    conj: frozenset[str],
    event: str,
    nominal: bool = False,
) -> Roles | None:
    """Source and target(s) for ``hit``; ``prev_last``/``next_first`` bound its clause (neighbouring triggers).

    ``nominal``: the trigger is a nominalised verb/participle (``kesilmesi``, ``eleştiren``), whose agent is a
    genitive (``ABD Senatosu'nun``); for a finite verb the subject is the nominative.
    """
    real = [a for a in actors if not a.place]
    before = [a for a in actors if a.tok_end <= hit.first]
    after = [a for a in actors if a.tok_start > hit.last]
    region_b = [a for a in before if a.tok_start > prev_last]
    region_a = [a for a in after if a.tok_end <= next_first]
    fallback = False
    source: ActorHit | None = None

    by = [a for a in (region_a if order == "svo" else region_b) if a.case == "by" and not a.place]
    if hit.pattern.roles == "passive" and not by:
        return None  # a passive with no recoverable agent is not an event (ANNOTATION.md s.6)
    if by:
        source = by[0] if order == "svo" else by[-1]
        cands = [a for a in before if a.case in ("nom", "dat", "acc") and a is not source]
        cands = cands or [a for a in region_a if a.case in ("nom",) and a is not source]
        tgt = _first_other(cands, source, reverse=False)
        if tgt is None:
            return None
        return Roles(source, (tgt,), False, False)

    noms_b = [a for a in region_b if a.case == "nom" and not a.place]
    gens_b = [a for a in region_b if a.case == "gen" and not a.place]
    any_nom = [a for a in before if a.case == "nom" and not a.place]
    if nominal and gens_b:
        source = gens_b[-1]
    elif noms_b:
        source = noms_b[-1] if order == "svo" else noms_b[0]
    elif any_nom and not nominal:
        source = any_nom[0]
    elif gens_b:
        source = gens_b[-1]
    elif any_nom:
        source, fallback = any_nom[0], True
    elif order == "sov":
        late = [a for a in region_a if a.case in ("nom", "gen") and not a.place]
        if late:
            source, fallback = late[0], True
    if source is None:
        return None

    host = False
    tgt = None
    partner = _partner(source, actors, tokens, conj)
    explicit = [a for a in (region_a if order == "svo" else region_b) if a.case in _TARGET_CASES and a is not source]
    if partner is not None and not _first_other(explicit, source):
        # "Armenia and Azerbaijan signed ...", "Azerbaycan ve Türkiye ... imzaladı": the coordinated subjects
        first, second = (partner, source) if partner.tok_start < source.tok_start else (source, partner)
        return Roles(first, (second,), fallback, False)
    if order == "svo":
        cands = [a for a in region_a if a.case in ("nom", *_TARGET_CASES) or (a.place and a.case == "nom")]
        tgt = _first_other(cands, source)
        if tgt is None:
            cands = [a for a in region_b if a.case in _TARGET_CASES]
            tgt = _first_other(cands, source, reverse=True)
        if tgt is None:
            cands = [a for a in region_b if a.case == "nom" and a is not source]
            tgt = _first_other(cands, source)
            fallback = fallback or tgt is not None
        if tgt is None:
            tgt = _first_other([a for a in region_a if a.case == "gen" and not a.place], source)
            fallback = fallback or tgt is not None
    else:
        cands = [a for a in region_b if a.case in _TARGET_CASES and a is not source]
        tgt = _first_other(cands, source, reverse=True)
        if tgt is None:
            cands = [a for a in before if a.case in _TARGET_CASES and a is not source]
            tgt = _first_other(cands, source, reverse=True)
        if tgt is None:
            cands = [a for a in region_a if a.case in _TARGET_CASES]
            tgt = _first_other(cands, source)
        if tgt is None:
            cands = [a for a in region_b if a.case == "gen" and a is not source and not a.place]
            tgt = _first_other(cands, source, reverse=True)
            fallback = fallback or tgt is not None
    if tgt is None and event == "CONSULT":
        locs = [a for a in (region_b + region_a) if a.case == "loc"]
        tgt = _first_other(locs, source)
        host = tgt is not None
    if tgt is None:
        return None
    del real
    targets = [t for t in _coordinated(tgt, actors, tokens, conj) if t.country != source.country]
    return Roles(source, tuple(targets), fallback, host)


def _partner(source: ActorHit, actors: list[ActorHit], tokens: list[Token], conj: frozenset[str]) -> ActorHit | None:
    """An actor coordinated with ``source`` by a conjunction (same case), of another country."""
    k = actors.index(source)
    for j in (k - 1, k + 1):
        if 0 <= j < len(actors):
            a, b = (actors[j], source) if j < k else (source, actors[j])
            if (
                b.tok_start == a.tok_end + 1
                and tokens[a.tok_end].text in conj
                and actors[j].case == source.case
                and actors[j].country != source.country
                and not actors[j].place
            ):
                return actors[j]
    return None


def _first_other(cands: list[ActorHit], source: ActorHit | None, reverse: bool = False) -> ActorHit | None:
    seq = reversed(cands) if reverse else cands
    for a in seq:
        if source is None or a.country != source.country:
            return a
    return None
