"""Records of the actor lexicon: :class:`ActorEntry`, :class:`Tenure`, the role vocabulary and its ranking."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = [
    "KINDS",
    "ROLE_RANK",
    "ActorEntry",
    "LexiconError",
    "Tenure",
    "as_date",
]

#: Entry kinds. ``capital`` entries are derived by the loader from a country's ``capitals:`` list
#: (a capital used as a metonym: "Baku said"); they resolve to the country with no role.
KINDS = ("country", "igo", "institution", "person", "role", "capital")

#: Order used to pick "the highest office" when a person (or several people sharing a surname) holds
#: more than one office on a date: lower is higher. Must list every role code of the schema.
ROLE_RANK: dict[str, int] = {
    code: rank
    for rank, code in enumerate(
        (
            "head_of_state",
            "head_of_government",
            "foreign_minister",
            "defence_minister",
            "igo_official",
            "security_council",
            "deputy_minister",
            "presidential_aide",
            "envoy",
            "ambassador",
            "government",
            "legislator",
            "military",
            "foreign_ministry",
            "defence_ministry",
            "legislature",
            "embassy",
            "aid_agency",
            "state_company",
            "company",
            "other",
        )
    )
}


class LexiconError(ValueError):
    """Bad actor data: the message names the file and the entry."""


def as_date(on: date | datetime | None) -> date | None:
    """``on`` as a plain :class:`~datetime.date` (a ``datetime`` is cut to its date)."""
    if isinstance(on, datetime):
        return on.date()
    return on


@dataclass(frozen=True, slots=True)
class Tenure:
    """One office held by a person: ``start`` and ``end`` are inclusive; ``end=None`` = still in office."""

    country: str  # ISO 3166 alpha-3 or IGO code
    role: str  # role code (see the schema)
    start: date
    end: date | None = None
    title: str | None = None  # the office's own name, e.g. "Assistant Secretary of State for ..."
    note: str | None = None  # source remarks, uncertain dates

    def covers(self, on: date) -> bool:
        """True when the office was held on ``on`` (both ends inclusive)."""
        return self.start <= on and (self.end is None or on <= self.end)

    @property
    def rank(self) -> int:
        """Position of the role in :data:`ROLE_RANK` (lower = higher office)."""
        return ROLE_RANK.get(self.role, len(ROLE_RANK))


@dataclass(frozen=True, slots=True, eq=False)
class ActorEntry:
    """One lexicon entry: a country, IGO, institution, person, capital or generic role noun.

    ``forms`` maps a language code to every surface form of the entry in that language (names,
    abbreviations, adjectives/demonyms; forms given for all languages are included), as written in
    the data files (not lowercased). ``adjectives`` and ``cased`` are the subsets of ``forms`` that
    are adjectives/demonyms and that must match with their written capitalisation. ``shared`` holds
    the forms given for every language (used for languages the data does not list). Entries compare
    and hash by ``id``.
    """

    id: str
    kind: str
    country: str | None  # ISO3/IGO code; a person's nationality; None for role nouns
    role: str | None  # institution's/role noun's role code; None for countries, IGOs and people
    name: str  # canonical English name
    forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tenures: tuple[Tenure, ...] = ()
    adjectives: dict[str, tuple[str, ...]] = field(default_factory=dict)
    cased: dict[str, tuple[str, ...]] = field(default_factory=dict)
    shared: tuple[str, ...] = ()
    note: str | None = None
    source: str = ""  # data file the entry came from

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ActorEntry):
            return NotImplemented
        return self.id == other.id

    def __hash__(self) -> int:
        return hash(self.id)

    def __repr__(self) -> str:
        return f"ActorEntry(id={self.id!r}, kind={self.kind!r}, country={self.country!r}, name={self.name!r})"

    def tenure_on(self, on: date | datetime | None) -> Tenure | None:
        """The office held on ``on`` (the highest one if several; ``None`` if none).

        ``on=None`` gives the most recent office: the highest ongoing one, else the one that ended last.
        """
        if not self.tenures:
            return None
        day = as_date(on)
        if day is None:
            ongoing = [t for t in self.tenures if t.end is None]
            if ongoing:
                return min(ongoing, key=lambda t: (t.rank, -t.start.toordinal()))
            return max(self.tenures, key=lambda t: (t.end or t.start, -t.rank))
        held = [t for t in self.tenures if t.covers(day)]
        if not held:
            return None
        return min(held, key=lambda t: (t.rank, -t.start.toordinal()))

    @property
    def best_rank(self) -> int:
        """Rank of the highest office ever held (people), else of the entry's own role."""
        if self.tenures:
            return min(t.rank for t in self.tenures)
        return ROLE_RANK.get(self.role or "", len(ROLE_RANK))
