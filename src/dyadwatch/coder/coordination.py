"""Coordinated actors: lists such as "A, B and C" / "A ilə B arasında" form one group that shares its case.

A group is what makes "one event per party" possible: a joint subject of a signing gives one event per pair,
a joint target ("Bakü ve Erivan'a") one event per target, and a reference to several parties ("the sides",
"tərəfləri") is expanded by the actor matcher into one actor per party, all in one group.
"""

from __future__ import annotations

from dataclasses import dataclass

from dyadwatch.coder.actor_match import ActorHit
from dyadwatch.coder.morph import Morphology
from dyadwatch.coder.text import Token

_BREAK = frozenset(';:()[]"/|–—')


def _link(a: ActorHit, b: ActorHit, tokens: list[Token], text: str, morph: Morphology) -> str | None:
    """How ``b`` continues a list that ends with ``a``: ``"same"`` / ``"conj"`` / ``"comma"``, or ``None``."""
    if a.ref and b.ref and a.tok_start == b.tok_start:
        return "same"
    if b.tok_start < a.tok_end:
        return None
    between = text[tokens[a.tok_end - 1].end : tokens[b.tok_start].start]
    if not _BREAK.isdisjoint(between):
        return None
    if b.place and b.case == "loc":
        return None  # "Aliyev ile Bakü'de": a location, not a second party
    gap = tokens[a.tok_end : b.tok_start]
    if not gap:
        return "comma" if between.strip() == "," else None
    if gap[0].text in morph.conjunctions and all(t.text in morph.coord_skip for t in gap[1:]):
        return "conj"
    return None


@dataclass(frozen=True, slots=True)
class ActorSet:
    """The actors of one sentence with their coordination groups (lists of indices into ``actors``)."""

    actors: list[ActorHit]
    groups: list[list[int]]
    group_of: list[int]

    def mates(self, a: ActorHit) -> list[ActorHit]:
        """``a`` and the actors coordinated with it (in text order)."""
        k = self.index(a)
        return [self.actors[i] for i in self.groups[self.group_of[k]]]

    def index(self, a: ActorHit) -> int:
        for i, x in enumerate(self.actors):
            if x is a:
                return i
        for i, x in enumerate(self.actors):
            if (x.tok_start, x.tok_end, x.country) == (a.tok_start, a.tok_end, a.country):
                return i
        raise ValueError(f"{a!r} is not an actor of this sentence")

    def countries(self, members: list[ActorHit]) -> list[str]:
        return list(dict.fromkeys(m.country for m in members))

    def multi(self) -> list[list[ActorHit]]:
        """Groups with at least two different countries."""
        out = []
        for g in self.groups:
            members = [self.actors[i] for i in g]
            if len({m.country for m in members}) >= 2:
                out.append(members)
        return out


def coordinate(actors: list[ActorHit], tokens: list[Token], text: str, morph: Morphology) -> ActorSet:
    """Group coordinated actors and give every member the case of the group.

    A comma list counts only when a conjunction closes it ("A, B ve C"), so "Aliyev, Putin ile ..." keeps its
    subject. SOV languages mark the case on the last member (``Bayramov ve Mirzoyan'ı``), SVO languages put the
    preposition before the first (``between Azerbaijan and Armenia``). A conjunction that is also a
    postposition (``ile``) gives its case to the list, not to the member before it.
    """
    groups: list[list[int]] = []
    links: list[list[str]] = []
    for k in range(len(actors)):
        kind = _link(actors[k - 1], actors[k], tokens, text, morph) if k else None
        if kind is None:
            groups.append([k])
            links.append([])
        else:
            groups[-1].append(k)
            links[-1].append(kind)
    final: list[list[int]] = []
    for g, ln in zip(groups, links, strict=True):
        # split comma links that no conjunction closes: "Aliyev, Putin ile görüştü"
        cut = 0
        for i, kind in enumerate(ln):
            if kind == "comma" and not any(x == "conj" for x in ln[i + 1 :]):
                final.append(g[cut : i + 1])
                cut = i + 1
        final.append(g[cut:])
    if morph.word_order == "sov" and final and len(final[0]) > 2 and links[0] and links[0][0] == "comma":
        # "O'Brien, Bayramov ve Mirzoyan'ı ağırladı": a comma after the sentence's first actor ends the subject
        # when the list is not nominative and no other nominative could be the subject
        g = final[0]
        rest = [a for a in actors[g[-1] + 1 :] if a.case == "nom" and not a.place]
        if actors[g[0]].case == "nom" and actors[g[-1]].case in ("acc", "dat", "com") and not rest:
            final[0:1] = [g[:1], g[1:]]
    out = list(actors)
    for g in final:
        if len(g) < 2:
            continue
        if morph.word_order == "sov":
            case = out[g[-1]].case
            for i in g[:-1]:
                a = out[i]
                post = morph.postpositions.get(tokens[a.tok_end].text) if a.tok_end < len(tokens) else None
                if a.case == "nom" or (post is not None and a.case == post):
                    out[i] = a._replace(case=case)
        else:
            case = out[g[0]].case
            for i in g[1:]:
                if out[i].case == "nom":
                    out[i] = out[i]._replace(case=case)
    group_of = [0] * len(out)
    for gi, g in enumerate(final):
        for i in g:
            group_of[i] = gi
    return ActorSet(out, final, group_of)
