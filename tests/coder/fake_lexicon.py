"""A tiny stand-in for ``dyadwatch.actors`` used to test the coder independently of the real lexicon data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dyadwatch.coder.text import lower


@dataclass(frozen=True, eq=False)
class FakeEntry:
    id: str
    kind: str
    country: str | None
    role: str | None
    name: str
    tenures: tuple[tuple[str, str, date, date | None], ...] = ()
    cased: dict[str, tuple[str, ...]] = field(default_factory=dict)


_E = [
    (
        FakeEntry("USA", "country", "USA", None, "United States"),
        {
            "tr": ["ABD", "Amerika Birleşik Devletleri", "Amerikan"],
            "az": ["ABŞ", "Amerika"],
            "en": ["United States", "U.S.", "US", "America", "American", "Washington"],
        },
    ),
    (
        FakeEntry("AZE", "country", "AZE", None, "Azerbaijan"),
        {"tr": ["Azerbaycan"], "az": ["Azərbaycan"], "en": ["Azerbaijan", "Azerbaijani"]},
    ),
    (
        FakeEntry("ARM", "country", "ARM", None, "Armenia"),
        {"tr": ["Ermenistan"], "az": ["Ermənistan"], "en": ["Armenia", "Armenian"]},
    ),
    (
        FakeEntry("TUR", "country", "TUR", None, "Turkey"),
        {"tr": ["Türkiye"], "az": ["Türkiyə"], "en": ["Turkey", "Türkiye", "Turkish"]},
    ),
    (
        FakeEntry("RUS", "country", "RUS", None, "Russia"),
        {"tr": ["Rusya"], "az": ["Rusiya"], "en": ["Russia", "Russian"]},
    ),
    (
        FakeEntry("FRA", "country", "FRA", None, "France"),
        {"tr": ["Fransa", "Fransız"], "az": ["Fransa"], "en": ["France", "French"]},
    ),
    (FakeEntry("AZE-cap", "capital", "AZE", None, "Baku"), {"tr": ["Bakü"], "az": ["Bakı"], "en": ["Baku"]}),
    (FakeEntry("USA-cap", "capital", "USA", None, "Washington"), {"tr": ["Washington"], "az": ["Vaşinqton"], "en": []}),
    (
        FakeEntry(
            "blinken",
            "person",
            "USA",
            None,
            "Antony Blinken",
            (("USA", "foreign_minister", date(2021, 1, 26), date(2025, 1, 20)),),
        ),
        {"tr": ["Blinken", "Antony Blinken"], "az": ["Blinken", "Entoni Blinken"], "en": ["Blinken", "Antony Blinken"]},
    ),
    (
        FakeEntry(
            "aliyev", "person", "AZE", None, "Ilham Aliyev", (("AZE", "head_of_state", date(2003, 10, 31), None),)
        ),
        {"tr": ["Aliyev", "İlham Aliyev"], "az": ["Əliyev", "İlham Əliyev"], "en": ["Aliyev", "Ilham Aliyev"]},
    ),
    (
        FakeEntry(
            "obrien",
            "person",
            "USA",
            None,
            "James O'Brien",
            (("USA", "deputy_minister", date(2022, 4, 1), date(2025, 1, 20)),),
        ),
        {"tr": ["O'Brien", "James O'Brien"], "az": ["O'Brayen"], "en": ["O'Brien", "James O'Brien"]},
    ),
    (
        FakeEntry(
            "bayramov",
            "person",
            "AZE",
            None,
            "Jeyhun Bayramov",
            (("AZE", "foreign_minister", date(2020, 7, 16), None),),
        ),
        {"tr": ["Bayramov", "Ceyhun Bayramov"], "az": ["Bayramov", "Ceyhun Bayramov"], "en": ["Bayramov"]},
    ),
    (
        FakeEntry(
            "mirzoyan",
            "person",
            "ARM",
            None,
            "Ararat Mirzoyan",
            (("ARM", "foreign_minister", date(2021, 8, 19), None),),
        ),
        {"tr": ["Mirzoyan"], "az": ["Mirzoyan"], "en": ["Mirzoyan"]},
    ),
    (
        FakeEntry(
            "grigoryan",
            "person",
            "ARM",
            None,
            "Armen Grigoryan",
            (("ARM", "security_council", date(2018, 5, 1), None),),
        ),
        {"tr": ["Grigoryan", "Armen Grigoryan"], "az": ["Qriqoryan"], "en": ["Grigoryan"]},
    ),
    (
        FakeEntry(
            "fidan", "person", "TUR", None, "Hakan Fidan", (("TUR", "foreign_minister", date(2023, 6, 4), None),)
        ),
        {"tr": ["Hakan Fidan", "Fidan"], "az": ["Hakan Fidan"], "en": ["Hakan Fidan"]},
    ),
    (
        FakeEntry("senate", "institution", "USA", "legislature", "US Senate"),
        {"tr": ["ABD Senatosu"], "az": ["ABŞ Senatı"], "en": ["US Senate", "U.S. Senate"]},
    ),
]
_ROLES = {
    "tr": {
        "dışişleri bakanı": "foreign_minister",
        "devlet başkanı": "head_of_state",
        "cumhurbaşkanı": "head_of_state",
        "dışişleri bakanlığı": "foreign_ministry",
        "dışişleri bakan yardımcısı": "deputy_minister",
    },
    "az": {"xarici işlər naziri": "foreign_minister", "prezidenti": "head_of_state", "prezident": "head_of_state"},
    "en": {
        "secretary of state": "foreign_minister",
        "president": "head_of_state",
        "foreign minister": "foreign_minister",
        "state department": "foreign_ministry",
    },
}


class FakeLexicon:
    """Implements forms / resolve / role_nouns like ``dyadwatch.actors``."""

    def forms(self, lang: str) -> dict[str, tuple[FakeEntry, ...]]:
        out: dict[str, tuple[FakeEntry, ...]] = {}
        for entry, forms in _E:
            for f in forms.get(lang, []):
                out[lower(f, lang)] = (*out.get(lower(f, lang), ()), entry)
        return out

    def resolve(self, entry: FakeEntry, on: date | None) -> tuple[str, str | None] | None:
        if entry.kind == "person":
            for country, role, start, end in entry.tenures:
                if on is None or (start <= on and (end is None or on <= end)):
                    return country, role
            return None
        return (entry.country, entry.role) if entry.country else None

    def role_nouns(self, lang: str) -> dict[str, str]:
        return dict(_ROLES.get(lang, {}))
