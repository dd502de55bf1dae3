"""What the coder remembers across the sentences of one document: the running date, the parties of the
current occasion ("the sides"), actors by role ("Nazirlik"), surnames, and the author of the last act."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dyadwatch.coder.actor_types import ActorHit
from dyadwatch.coder.coordination import coordinate
from dyadwatch.coder.dates import DateExpr
from dyadwatch.coder.morph import SIDES
from dyadwatch.records import Mention

REACTIONS = frozenset({"SUPPORT", "ACCUSE", "REJECT", "THREATEN", "PROTEST"})


@dataclass
class DocState:
    """Per-document memory of the coder."""

    published: date | None
    ctx: DateExpr | None = None  # running narrative date
    ctx_par: int = -1
    dated: dict[tuple[Any, str, str | None], tuple[date, str]] | None = None
    group: tuple[str, ...] = ()  # countries of the last list of parties ("Azerbaijan and Armenia")
    participants: tuple[str, ...] = ()  # countries of the events of the last sentence that had some
    group_at: int = -1  # sentence numbers of the two above (the more recent one is preferred)
    participants_at: int = -1
    n: int = 0  # sentences seen
    seen_roles: dict[str, tuple[int, str]] = field(default_factory=dict)  # role -> (order, country)
    tick: int = 0
    names: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # surname -> (country, role)
    pending: list = field(default_factory=list)  # sentences with no trigger, read as context when needed
    salience: dict[str, float] = field(default_factory=dict)  # country -> mentions minus times it acted
    last_seen: dict[str, int] = field(default_factory=dict)
    author: str | None = None  # the agent of the last sentence with an act ("the decision" it took)
    visitor: str | None = None  # the visitor of the last visit ("the visit")

    def act_parties(self, kind: str) -> tuple[str, ...]:
        if kind == "parties":
            return self.group if len(self.group) >= 2 else ()
        who = self.author if kind == "author" else self.visitor
        return (who,) if who else ()

    def remember(self, actors: Sequence[ActorHit]) -> None:
        """Note the country of every actor with a role (for bare role nouns later in the document), and how often
        each country is mentioned (the main parties of a document are its "sides")."""
        for a in actors:
            if a.ref:
                continue
            self.tick += 1
            self.salience[a.country] = self.salience.get(a.country, 0.0) + 1.0
            self.last_seen[a.country] = self.tick
            if a.role:
                self.seen_roles[a.role] = (self.tick, a.country)

    def acted(self, source: str) -> None:
        """A country that acts on others (speaks, mediates, sanctions) is less likely one of "the sides"."""
        self.salience[source] = self.salience.get(source, 0.0) - 1.0

    def sides(self) -> tuple[str, ...]:
        """The two most salient countries of the document so far (mentioned most, acting least)."""
        ranked = sorted(self.salience, key=lambda c: (-self.salience[c], -self.last_seen.get(c, 0)))
        return tuple(ranked[:2]) if len(ranked) >= 2 and self.salience[ranked[1]] > 0 else ()

    def recall(self, role: str, compatible: dict[str, tuple[str, ...]]) -> str | None:
        """Country of the last actor whose role a bare ``role`` noun may refer back to."""
        if role not in compatible:
            return None
        best = None
        for r in (role, *compatible[role]):
            seen = self.seen_roles.get(r)
            if seen is not None and (best is None or seen[0] > best[0]):
                best = seen
        return best[1] if best else None

    def parties(self, count: int) -> tuple[str, ...]:
        """The countries a reference such as "the sides" (``count`` 0) or "the two leaders" stands for:
        the last list of parties ("A and B"), unless a later sentence had events with other participants; "the
        sides" with no list of two in the last sentences are the document's two most salient countries."""
        cands = [self.group, self.participants]
        if self.participants_at > self.group_at:
            cands.reverse()
        if count == SIDES:
            # the last pair named, if both are among the document's main parties; else the two main parties
            recent = [c for c in cands[:1] if len(c) == 2 and all(self.salience.get(x, 0) > 0 for x in c)]
            cands = [*recent, self.sides(), *cands]
            count = 0
        for cand in cands:
            if (count == 0 and len(cand) >= 2) or (count and len(cand) == count):
                return cand
        return ()


def local_parties(tokens, text: str, morph, st: DocState):
    """A resolver for party references: the document context, or the sentence itself ("Xi hosted Aliyev ...,
    and the two leaders signed"): its list of parties, or all its countries when their number fits."""

    def local(count: int, found) -> tuple[str, ...]:
        real = [a for a in found if not a.ref and not a.adj and not a.place]
        for g in coordinate(real, tokens, text, morph).multi():
            countries = tuple(dict.fromkeys(m.country for m in g))
            if (count == 0 and len(countries) >= 2) or len(countries) == count:
                return countries
        countries = tuple(dict.fromkeys(a.country for a in real))
        return countries if count and len(countries) == count else ()

    def parties(count: int, found) -> tuple[str, ...]:
        # "the two countries" is best read in the sentence that names two; "the sides" in the context
        if count > 0:
            return local(count, found) or st.parties(count)
        return st.parties(count) or local(max(count, 0), found)

    return parties


def act_nouns(tokens, morph, st: DocState) -> tuple:
    """Act nouns of the sentence with the countries they refer back to (as actors on the noun's span)."""
    if not morph.act_refs or not morph.has_act_ref(" ".join(t.text for t in tokens)):
        return ()
    out = []
    for t in tokens:
        kind = morph.act_ref(t.text)
        if kind is None:
            continue
        countries = st.act_parties(kind)
        if countries:
            out.append(
                (
                    t.index,
                    tuple(
                        ActorHit(c, None, None, t.index, t.index + 1, t.start, t.end, "acc", ref=True)
                        for c in countries
                    ),
                )
            )
    return tuple(out)


def remember_parties(st: DocState, aset, out: list[Mention], mediators: frozenset[str] = frozenset()) -> None:
    st.n += 1
    groups = [
        g for g in aset.multi() if not all(a.ref for a in g) and not any(a.place or a.adj or a.case == "loc" for a in g)
    ]
    if groups:
        st.group = tuple(dict.fromkeys(a.country for a in groups[-1]))
        st.group_at = st.n
    if out:
        seen: dict[str, None] = {}
        for m in out:
            seen.setdefault(m.source.country)
            seen.setdefault(m.target.country)
        parts = tuple(c for c in seen if c not in mediators)  # a mediator is not one of "the sides"
        st.participants = parts if len(parts) >= 2 else tuple(seen)
        st.participants_at = st.n
