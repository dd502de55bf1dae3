"""The lexicon API: form indexes, role nouns, case-sensitive forms and date-aware resolution."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from dyadwatch.actors import ActorEntry, ActorLexicon, Tenure, load_lexicon, lower


@pytest.fixture(scope="module")
def lex() -> ActorLexicon:
    return load_lexicon()


def _pick(lex: ActorLexicon, form: str, lang: str, on: date | None) -> tuple[str, str, str | None] | None:
    hit = lex.lookup(form, lang, on)
    return None if hit is None else (hit[0].id, hit[1], hit[2])


def test_load_is_cached(lex: ActorLexicon) -> None:
    assert load_lexicon() is lex


def test_entries_are_frozen(lex: ActorLexicon) -> None:
    entry = lex.get("USA")
    assert isinstance(entry, ActorEntry)
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.name = "x"  # type: ignore[misc]
    assert isinstance(lex.get("blinken_antony").tenures[0], Tenure)
    with pytest.raises(KeyError, match="no actor entry"):
        lex.get("nobody-at-all")


def test_forms_are_lowercased_per_language(lex: ActorLexicon) -> None:
    tr = lex.forms("tr")
    assert [e.id for e in tr["abd"]] == ["USA"]
    assert [e.id for e in tr[lower("İran", "tr")]] == ["IRN"]
    assert [e.id for e in lex.forms("az")["azərbaycan"]] == ["AZE"]
    assert [e.id for e in lex.forms("en")["u.s."]] == ["USA"]
    assert "azerbaycan'a" not in tr  # only base forms


def test_adjectives_and_capitals_are_distinguishable(lex: ActorLexicon) -> None:
    assert [e.id for e in lex.adjective_forms("tr")["amerikalı"]] == ["USA"]
    assert [e.id for e in lex.adjective_forms("az")["azərbaycanlı"]] == ["AZE"]
    assert "abd" not in lex.adjective_forms("tr")
    baku = lex.forms("az")["bakı"]
    assert [e.kind for e in baku] == ["capital"]
    assert lex.resolve(baku[0], None) == ("AZE", None)
    assert lex.capital_forms("tr")["bakü"] == lex.forms("tr")["bakü"]
    assert "moskova" in lex.capital_forms("tr")


def test_institutions_resolve_with_their_role(lex: ActorLexicon) -> None:
    assert _pick(lex, "Dövlət Departamenti", "az", None) == ("USA.state_department", "USA", "foreign_ministry")
    assert _pick(lex, "Beyaz Saray", "tr", None)[1:] == ("USA", "head_of_state")
    assert _pick(lex, "Milli Məclis", "az", None)[1:] == ("AZE", "legislature")
    assert _pick(lex, "TBMM", "tr", None)[1:] == ("TUR", "legislature")
    assert _pick(lex, "Kremlin", "en", None)[1:] == ("RUS", "head_of_state")
    assert _pick(lex, "SOCAR", "az", None)[1:] == ("AZE", "state_company")
    assert _pick(lex, "Pentagon", "tr", None)[1:] == ("USA", "defence_ministry")
    assert _pick(lex, "USAID", "en", None)[1:] == ("USA", "aid_agency")


def test_role_nouns(lex: ActorLexicon) -> None:
    assert lex.role_nouns("tr")["dışişleri bakanı"] == "foreign_minister"
    assert lex.role_nouns("tr")["büyükelçi"] == "ambassador"
    assert lex.role_nouns("az")["xarici işlər naziri"] == "foreign_minister"
    assert lex.role_nouns("az")["səfir"] == "ambassador"
    assert lex.role_nouns("en")["secretary of state"] == "foreign_minister"
    assert lex.role_nouns("en")["assistant secretary"] == "deputy_minister"
    assert lex.role_nouns("tr")["cumhurbaşkanı"] == "head_of_state"
    assert lex.role_nouns("az")["müdafiə naziri"] == "defence_minister"
    assert lex.role_nouns("tr")["özel temsilci"] == "envoy"


def test_role_nouns_do_not_shadow_actor_forms(lex: ActorLexicon) -> None:
    for lang in ("en", "tr", "az"):
        assert not set(lex.role_nouns(lang)) & set(lex.forms(lang)), lang


def test_case_sensitive_forms(lex: ActorLexicon) -> None:
    assert lex.case_ok("US", "en") and lex.case_ok("U.S.", "en")
    assert not lex.case_ok("us", "en")
    assert lex.lookup("us", "en") is None
    assert lex.case_ok("Mısır", "tr") and lex.case_ok("MISIR", "tr")
    assert not lex.case_ok("mısır", "tr")
    assert lex.case_ok("ağ ev", "az") is False and lex.case_ok("Ağ Ev", "az")
    assert lex.cased_forms("en")["us"] == frozenset({"US"})


def test_aliyev_by_date(lex: ActorLexicon) -> None:
    assert _pick(lex, "Aliyev", "en", date(2000, 1, 1)) == ("aliyev_heydar", "AZE", "head_of_state")
    assert _pick(lex, "Aliyev", "tr", date(2023, 1, 1)) == ("aliyev_ilham", "AZE", "head_of_state")
    assert _pick(lex, "Əliyev", "az", date(2023, 1, 1)) == ("aliyev_ilham", "AZE", "head_of_state")
    # on the handover day both were head of state: the one who took office last wins
    assert _pick(lex, "Əliyev", "az", date(2003, 10, 31))[0] == "aliyev_ilham"
    # in August 2003 Ilham was prime minister, Heydar still president: the higher office wins
    assert _pick(lex, "Aliyev", "en", date(2003, 9, 1))[0] == "aliyev_heydar"
    assert lex.resolve(lex.get("aliyev_ilham"), date(2003, 9, 1)) == ("AZE", "head_of_government")


def test_blinken_by_date(lex: ActorLexicon) -> None:
    blinken = lex.get("blinken_antony")
    assert lex.resolve(blinken, date(2023, 11, 27)) == ("USA", "foreign_minister")
    assert lex.resolve(blinken, date(2026, 1, 1)) is None
    assert lex.resolve(blinken, None) == ("USA", "foreign_minister")
    assert _pick(lex, "Blinken", "az", date(2026, 1, 1)) is None
    assert _pick(lex, "Rubio", "tr", date(2026, 1, 1)) == ("rubio_marco", "USA", "foreign_minister")


def test_erdogan_by_date(lex: ActorLexicon) -> None:
    erdogan = lex.forms("tr")["erdoğan"][0]
    assert lex.resolve(erdogan, date(2010, 6, 1)) == ("TUR", "head_of_government")
    assert lex.resolve(erdogan, date(2020, 6, 1)) == ("TUR", "head_of_state")
    assert lex.resolve(erdogan, datetime(2020, 6, 1, 12, 0)) == ("TUR", "head_of_state")
    assert lex.resolve(erdogan, None) == ("TUR", "head_of_state")
    assert lex.forms("az")["ərdoğan"] == (erdogan,)


def test_countries_and_igos_always_resolve(lex: ActorLexicon) -> None:
    assert lex.resolve(lex.get("ARM"), date(1995, 1, 1)) == ("ARM", None)
    assert lex.resolve(lex.get("OSCE"), None) == ("OSCE", None)
    assert lex.resolve(lex.get("role.foreign_minister"), None) is None


def test_other_dated_people(lex: ActorLexicon) -> None:
    assert _pick(lex, "Sargsyan", "en", date(2010, 1, 1))[0] == "sargsyan_serzh"
    assert _pick(lex, "Clinton", "en", date(1995, 1, 1))[0] == "clinton_bill"
    assert _pick(lex, "Clinton", "en", date(2011, 1, 1))[1:] == ("USA", "foreign_minister")
    assert _pick(lex, "O'Brien", "en", date(2023, 11, 27))[1:] == ("USA", "deputy_minister")
    assert _pick(lex, "Lavrov", "az", date(2023, 1, 1))[1:] == ("RUS", "foreign_minister")
    assert _pick(lex, "Paşinyan", "tr", date(2023, 1, 1))[1:] == ("ARM", "head_of_government")
    assert _pick(lex, "Bayramov", "az", date(2021, 1, 1))[1:] == ("AZE", "foreign_minister")
    assert _pick(lex, "Məmmədyarov", "az", date(2010, 1, 1))[1:] == ("AZE", "foreign_minister")
    assert _pick(lex, "Hamaney", "tr", date(2023, 1, 1))[1:] == ("IRN", "head_of_state")
    assert _pick(lex, "Shoigu", "en", date(2025, 1, 1))[1:] == ("RUS", "security_council")


def test_unknown_language_falls_back_to_shared_forms(lex: ActorLexicon) -> None:
    de = lex.forms("de")
    assert "putin" in de and "ankara" in de
    assert "abd" not in de


def test_forms_cover_every_entry_language(lex: ActorLexicon) -> None:
    assert {"en", "tr", "az"} <= set(lex.languages)
    counts = {lang: len(lex.forms(lang)) for lang in ("en", "tr", "az")}
    assert min(counts.values()) > 1000


def test_load_from_disk_cache_parses_no_yaml(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import yaml

    from dyadwatch.actors.lexicon import _load_cached

    monkeypatch.setenv("DYADWATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DYADWATCH_NO_CACHE", raising=False)
    _load_cached.cache_clear()
    _load_cached(None)  # parses the YAML and fills the (empty) disk cache
    _load_cached.cache_clear()

    def no_yaml(*args: object, **kwargs: object) -> None:
        raise AssertionError("YAML parsed although the disk cache is fresh")

    monkeypatch.setattr(yaml, "load", no_yaml)
    lex = load_lexicon()
    assert len(lex) > 500  # the whole lexicon, from the cache
    _load_cached.cache_clear()
