"""Types shared by the actor matcher, coordination and role assignment."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, NamedTuple, Protocol


class Lexicon(Protocol):
    """What the coder needs from ``dyadwatch.actors`` (see that package)."""

    def forms(self, lang: str) -> dict[str, tuple[Any, ...]]: ...
    def resolve(self, entry: Any, on: date | None) -> tuple[str, str | None] | None: ...
    def role_nouns(self, lang: str) -> dict[str, str]: ...


class ActorHit(NamedTuple):
    """One actor mention (possibly several merged lexicon hits) with token and sentence-char span (a named
    tuple: sentences make many, and tuples are built fastest; change one with ``_replace``)."""

    country: str
    role: str | None
    name: str | None
    tok_start: int
    tok_end: int  # exclusive
    start: int  # char offsets relative to the sentence
    end: int
    case: str
    place: bool = False
    resolved_person: bool = False
    ref: bool = False  # one party of a reference to several ("the sides", "tərəfləri"), resolved from context
    adj: bool = False  # only a demonym with no head noun ("Iranian trucks"): never the agent of an event
    named: bool = False  # the mention ends in a personal name ("Tofik Gasımov"): its surname is remembered


# (count of a party reference (0 = any), the sentence's other actors) -> the countries it stands for
PartyResolver = Callable[[int, list["ActorHit"]], tuple[str, ...]]
# role of a bare role noun ("Nazirlik", "the secretary of state") -> the country of the last such actor
RoleRecall = Callable[[str], str | None]
# surnames of people named earlier in the document -> (country, role)
Names = Mapping[str, tuple[str, str | None]]


class Raw(NamedTuple):
    """One lexicon match before merging (an entity, a role noun or a reference to parties)."""

    kind: str  # entity | role | party
    payload: Any  # tuple of entries | role string
    tok_start: int
    tok_end: int
    case: str
    adj: bool = False
    plural: bool = False  # a plural suffix follows the matched form ("bakanları")


def entry_name(entry: Any) -> str | None:
    for attr in ("name", "canonical", "label", "id"):
        v = getattr(entry, attr, None)
        if isinstance(v, str) and v:
            return v
    return None


def entry_kind(entry: Any) -> str:
    for attr in ("kind", "type", "category"):
        v = getattr(entry, attr, None)
        if isinstance(v, str):
            return v.lower()
    return ""
