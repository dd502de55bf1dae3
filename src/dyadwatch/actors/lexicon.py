"""The actor lexicon: surface-form indexes per language and date-aware resolution of entries to offices."""

from __future__ import annotations

import logging
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from dyadwatch.actors.loader import BASE_LANGS, load_entries
from dyadwatch.actors.model import ROLE_RANK, ActorEntry, Tenure, as_date
from dyadwatch.actors.text import lower

__all__ = ["ActorLexicon", "load_lexicon"]

log = logging.getLogger(__name__)

# Order of candidate entries under one form: non-person entries first, then people by their highest office.
_KIND_ORDER = {"country": 0, "igo": 1, "institution": 2, "capital": 3, "person": 4, "role": 5}


def _key(form: str, lang: str) -> str:
    return lower(unicodedata.normalize("NFC", form), lang)


def _sort_key(e: ActorEntry) -> tuple[int, int, int, str]:
    latest = max((t.start for t in e.tenures), default=date.min)
    return (_KIND_ORDER.get(e.kind, 9), e.best_rank, -latest.toordinal(), e.id)


class ActorLexicon:
    """All actor entries with per-language form indexes (built lazily, cached per language).

    Keys of the form indexes are ``lower(form, lang)`` (see :func:`dyadwatch.actors.lower`). The returned
    dictionaries are shared caches: do not modify them.
    """

    def __init__(self, entries: Iterable[ActorEntry], languages: Sequence[str] = BASE_LANGS) -> None:
        self._entries = tuple(entries)
        self._by_id = {e.id: e for e in self._entries}
        self.languages: tuple[str, ...] = tuple(dict.fromkeys([*languages, *BASE_LANGS]))
        self._lock = threading.Lock()
        self._forms: dict[str, dict[str, tuple[ActorEntry, ...]]] = {}
        self._adjectives: dict[str, dict[str, tuple[ActorEntry, ...]]] = {}
        self._capitals: dict[str, dict[str, tuple[ActorEntry, ...]]] = {}
        self._cased: dict[str, dict[str, frozenset[str]]] = {}
        self._roles: dict[str, dict[str, str]] = {}

    # ------------------------------------------------------------------ entries
    @property
    def entries(self) -> tuple[ActorEntry, ...]:
        """Every entry, in file order (derived capital entries follow their country)."""
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self._entries)

    def __contains__(self, ident: object) -> bool:
        return ident in self._by_id

    def get(self, ident: str) -> ActorEntry:
        """The entry with this id (``KeyError`` naming the id if there is none)."""
        try:
            return self._by_id[ident]
        except KeyError:
            raise KeyError(f"no actor entry with id {ident!r}") from None

    def by_kind(self, kind: str) -> tuple[ActorEntry, ...]:
        """Entries of one kind: country, igo, institution, person, role or capital."""
        return tuple(e for e in self._entries if e.kind == kind)

    # ------------------------------------------------------------------ form indexes
    def _forms_of(self, e: ActorEntry, lang: str) -> tuple[str, ...]:
        return e.forms.get(lang, e.shared)

    def _build(self, lang: str) -> None:
        forms: dict[str, list[ActorEntry]] = {}
        adjectives: dict[str, list[ActorEntry]] = {}
        capitals: dict[str, list[ActorEntry]] = {}
        cased: dict[str, set[str]] = {}
        roles: dict[str, str] = {}
        for e in self._entries:
            if e.kind == "role":
                for f in self._forms_of(e, lang):
                    roles.setdefault(_key(f, lang), e.role or "other")
                continue
            for f in self._forms_of(e, lang):
                bucket = forms.setdefault(_key(f, lang), [])
                if e not in bucket:
                    bucket.append(e)
            for f in e.adjectives.get(lang, ()):
                adjectives.setdefault(_key(f, lang), []).append(e)
            if e.kind == "capital":
                for f in self._forms_of(e, lang):
                    capitals.setdefault(_key(f, lang), []).append(e)
            for f in e.cased.get(lang, ()):
                cased.setdefault(_key(f, lang), set()).add(unicodedata.normalize("NFC", f))
        self._forms[lang] = {k: tuple(sorted(v, key=_sort_key)) for k, v in forms.items()}
        self._adjectives[lang] = {k: tuple(sorted(v, key=_sort_key)) for k, v in adjectives.items()}
        self._capitals[lang] = {k: tuple(v) for k, v in capitals.items()}
        self._cased[lang] = {k: frozenset(v) for k, v in cased.items()}
        self._roles[lang] = roles

    def _ensure(self, lang: str) -> None:
        if lang not in self._forms:
            with self._lock:
                if lang not in self._forms:
                    t0 = time.perf_counter()
                    self._build(lang)
                    log.debug("actor forms for %s indexed in %.3fs", lang, time.perf_counter() - t0)

    def forms(self, lang: str) -> dict[str, tuple[ActorEntry, ...]]:
        """Lowercased surface form -> entries it may name, for one language (role nouns excluded).

        Includes names, abbreviations, adjectives/demonyms and capitals (capital forms map to the
        derived ``kind="capital"`` entry of the country). Under one form, non-person entries come first,
        then people by the highest office they ever held; use :meth:`choose` to pick by date.
        For a language no file lists, the forms given for all languages are used.
        """
        self._ensure(lang)
        return self._forms[lang]

    def adjective_forms(self, lang: str) -> dict[str, tuple[ActorEntry, ...]]:
        """The subset of :meth:`forms` that are adjectives or demonyms ("american", "azərbaycanlı")."""
        self._ensure(lang)
        return self._adjectives[lang]

    def capital_forms(self, lang: str) -> dict[str, tuple[ActorEntry, ...]]:
        """The subset of :meth:`forms` that are capitals used as metonyms ("bakı", "washington")."""
        self._ensure(lang)
        return self._capitals[lang]

    def cased_forms(self, lang: str) -> dict[str, frozenset[str]]:
        """Lowercased form -> spellings it must have in the text (e.g. ``"us" -> {"US"}``)."""
        self._ensure(lang)
        return self._cased[lang]

    def case_ok(self, text: str, lang: str) -> bool:
        """False when ``text`` is a case-sensitive form written with the wrong capitalisation.

        A case-sensitive form matches as listed or in all capitals: "US"/"US" ok, "us" not; "Mısır"/"MISIR"
        ok, "mısır" (maize) not. Any other text is ok.
        """
        allowed = self.cased_forms(lang).get(_key(text, lang))
        if not allowed:
            return True
        text = unicodedata.normalize("NFC", text)
        return any(text == a or text == a.upper() for a in allowed)

    def role_nouns(self, lang: str) -> dict[str, str]:
        """Lowercased generic role noun -> role code ("dışişleri bakanı" -> "foreign_minister")."""
        self._ensure(lang)
        return self._roles[lang]

    # ------------------------------------------------------------------ resolution
    def tenure(self, entry: ActorEntry, on: date | datetime | None) -> Tenure | None:
        """The office a person held on ``on`` (highest if several); see :meth:`ActorEntry.tenure_on`."""
        return entry.tenure_on(on)

    def resolve(self, entry: ActorEntry, on: date | datetime | None) -> tuple[str, str | None] | None:
        """``(country, role)`` of an entry on a date.

        Countries, IGOs, capitals and institutions always resolve (role ``None`` for the first three).
        A person resolves to the office held on ``on`` (the highest if several) or ``None`` when holding
        none; ``on=None`` gives the most recent office. Role nouns have no country and give ``None``.
        """
        if entry.kind == "person":
            t = entry.tenure_on(on)
            return (t.country, t.role) if t is not None else None
        if entry.country is None:
            return None
        return (entry.country, entry.role)

    def choose(
        self, entries: Iterable[ActorEntry], on: date | datetime | None
    ) -> tuple[ActorEntry, str, str | None] | None:
        """Pick one of the entries a form may name: ``(entry, country, role)`` or ``None``.

        Non-person entries win (they always resolve); among people, the one holding the highest office
        on ``on`` (then the one who took office last) - "Aliyev" in 2000 is Heydar, in 2023 Ilham.
        """
        best: tuple[tuple[int, int, int], ActorEntry, Tenure | None] | None = None
        day = as_date(on)
        for e in entries:
            if e.kind == "role":
                continue
            if e.kind != "person":
                if e.country is None:
                    continue
                score = (0, ROLE_RANK.get(e.role or "", -1), 0)
                t = None
            else:
                t = e.tenure_on(day)
                if t is None:
                    continue
                score = (1, t.rank, -t.start.toordinal())
            if best is None or score < best[0]:
                best = (score, e, t)
        if best is None:
            return None
        _, e, t = best
        if t is not None:
            return (e, t.country, t.role)
        return (e, e.country or "", e.role)

    def lookup(
        self, text: str, lang: str, on: date | datetime | None = None
    ) -> tuple[ActorEntry, str, str | None] | None:
        """Resolve one surface form as written in a text: :meth:`forms` + :meth:`case_ok` + :meth:`choose`."""
        if not self.case_ok(text, lang):
            return None
        entries = self.forms(lang).get(_key(text, lang))
        return self.choose(entries, on) if entries else None


@lru_cache(maxsize=8)
def _load_cached(folder: str | None) -> ActorLexicon:
    t0 = time.perf_counter()
    entries, languages = load_entries(Path(folder) if folder is not None else None)
    lex = ActorLexicon(entries, languages)
    log.info("actor lexicon loaded: %d entries in %.3fs", len(lex), time.perf_counter() - t0)
    return lex


def load_lexicon(path: str | Path | None = None) -> ActorLexicon:
    """Load and validate every ``*.yaml`` in ``path`` (default: the packaged ``data/actors``); cached.

    Raises :class:`~dyadwatch.actors.LexiconError` naming the file and entry on bad data.
    """
    return _load_cached(str(Path(path).resolve()) if path is not None else None)
