"""Coder behaviour that needs more than one clause or sentence: lists of parties, references to the parties of an
occasion, mediation, bare role nouns and surnames, acts named by a noun, claims, complements and dates."""

from __future__ import annotations

from tests.coder.helpers import code_text, real_coder


def events(ms) -> set[tuple[str, str, str]]:
    return {(m.event, m.source.country, m.target.country) for m in ms}


def dated(ms) -> set[tuple[str, str, str, str, str]]:
    return {(m.event, m.source.country, m.target.country, m.date.isoformat(), m.date_precision) for m in ms}


def pairs(ms, event: str) -> set[frozenset[str]]:
    return {frozenset((m.source.country, m.target.country)) for m in ms if m.event == event}


# ---------------------------------------------------------------- lists of parties
def test_trilateral_meeting_gives_one_event_per_pair() -> None:
    text = "Mərasimdən sonra İlham Əliyev, Mixeil Saakaşvili və Əhməd Necdət Sezer üçtərəfli görüş keçiriblər."
    ms = code_text(real_coder(), text, "az", "2005-05-26")
    assert pairs(ms, "CONSULT") == {frozenset(p) for p in (("AZE", "GEO"), ("AZE", "TUR"), ("GEO", "TUR"))}


def test_joint_source_gives_one_event_per_source() -> None:
    ms = code_text(real_coder(), "Turkey, Georgia and the United States expressed solidarity with Azerbaijan.", "en")
    assert events(ms) == {("SUPPORT", c, "AZE") for c in ("TUR", "GEO", "USA")}


def test_subject_list_after_of() -> None:
    text = "The defence ministers of Armenia and Azerbaijan signed the truce on Monday."
    ms = code_text(real_coder(), text, "en", "1994-05-10")
    assert pairs(ms, "AGREE") == {frozenset(("ARM", "AZE"))}


# ---------------------------------------------------------------- references to the parties of the occasion
def test_the_sides_are_the_parties_of_the_previous_sentence() -> None:
    text = (
        "Dünən Azərbaycan və Ermənistan arasında atəşkəs razılaşması əldə olunub. "
        "ATƏT-in Minsk qrupu tərəfləri atəşkəs rejiminə ciddi əməl etməyə çağırıb."
    )
    ms = code_text(real_coder(), text, "az", "1994-05-13")
    assert {("REQUEST", "OSCE", "AZE"), ("REQUEST", "OSCE", "ARM")} <= events(ms)


def test_the_two_leaders_are_read_in_their_own_sentence() -> None:
    text = (
        "Chinese President Xi Jinping hosted Azerbaijani President Ilham Aliyev in Beijing on Wednesday, and the two "
        "leaders signed a joint statement."
    )
    ms = code_text(real_coder(), text, "en", "2025-04-24")
    assert pairs(ms, "AGREE") == {frozenset(("CHN", "AZE"))}


# ---------------------------------------------------------------- mediation
def test_host_of_talks_acts_towards_each_party_and_the_parties_met() -> None:
    text = (
        "Rusya Dışişleri Bakanı Sergey Lavrov ile Ukrayna Dışişleri Bakanı Dmitro Kuleba, dün Antalya'da Türkiye "
        "Dışişleri Bakanı Mevlüt Çavuşoğlu'nun ev sahipliğinde bir araya geldi."
    )
    ms = code_text(real_coder(), text, "tr", "2022-03-11")
    assert {("CONSULT", "TUR", "RUS"), ("CONSULT", "TUR", "UKR")} <= events(ms)
    assert frozenset(("RUS", "UKR")) in pairs(ms, "CONSULT")
    assert all(m.date.isoformat() == "2022-03-10" for m in ms)


def test_hosted_by_refers_to_the_meeting_of_the_previous_sentence() -> None:
    text = (
        "The chiefs of the general staff of Azerbaijan and Armenia agreed in Moscow on Tuesday to halt fighting. "
        "Tuesday's meeting was hosted by Russia's chief of general staff, Valery Gerasimov."
    )
    ms = code_text(real_coder(), text, "en", "2016-04-07")
    assert {("CONSULT", "RUS", "AZE", "2016-04-05", "day"), ("CONSULT", "RUS", "ARM", "2016-04-05", "day")} <= dated(ms)


# ---------------------------------------------------------------- bare role nouns and surnames
def test_bare_ministry_refers_back() -> None:
    text = (
        "Azərbaycan Xarici İşlər Nazirliyi dünən bəyanat yayıb. "
        "Nazirlik Fransanı Azərbaycanın daxili işlərinə qarışmaqda ittiham edib."
    )
    ms = code_text(real_coder(), text, "az", "2024-06-05")
    assert ("ACCUSE", "AZE", "FRA") in events(ms)


def test_surname_refers_to_the_person_named_earlier() -> None:
    text = (
        "Azerbaycan Dışişleri Bakanı Tofik Gasımov dün Ankara'ya geldi. "
        "Gasımov, Türkiye'nin desteği için teşekkür etti."
    )
    ms = code_text(real_coder(), text, "tr", "1992-10-26")
    assert ("SUPPORT", "AZE", "TUR") in events(ms)


def test_plural_role_noun_is_not_a_reference() -> None:
    text = "Azerbaycan, üçlü dış işleri bakanları görüşmesine katılmama kararı aldı."
    assert code_text(real_coder(), text, "tr", "2023-11-17") == []


# ---------------------------------------------------------------- acts named by a noun
def test_welcoming_the_declaration_supports_its_parties() -> None:
    text = (
        "Azerbaycan ile Ermenistan arasında dün Beyaz Saray'da imzalanan ortak bildiri farklı tepkiler aldı. "
        "Türkiye Dışişleri Bakanlığı bildiriyi memnuniyetle karşıladı."
    )
    ms = code_text(real_coder(), text, "tr", "2025-08-09")
    assert {("SUPPORT", "TUR", "AZE"), ("SUPPORT", "TUR", "ARM")} <= events(ms)
    assert pairs(ms, "AGREE") == {frozenset(("AZE", "ARM"))}


def test_condemning_the_visit_targets_the_visitor() -> None:
    text = (
        "Cumhurbaşkanı Recep Tayyip Erdoğan dün Azerbaycan'ı ziyaret etti. "
        "Ermenistan Dışişleri Bakanlığı aynı gün yaptığı açıklamada ziyareti kınadı."
    )
    ms = code_text(real_coder(), text, "tr", "2021-06-16")
    assert ("ACCUSE", "ARM", "TUR") in events(ms)


# ---------------------------------------------------------------- claims, complements, demonyms, datelines
def test_claimed_attack_is_an_accusation_not_an_attack() -> None:
    c = real_coder()
    ms = code_text(c, "Baku said Armenian troops had fired missiles at the city of Ganja.", "en", "2020-10-11")
    assert events(ms) == {("ACCUSE", "AZE", "ARM")}
    text = (
        "Azərbaycan Müdafiə Nazirliyi Ermənistan silahlı qüvvələrini yaşayış məntəqələrini atəşə tutmaqda ittiham edib."
    )
    assert events(code_text(c, text, "az", "2016-04-03")) == {("ACCUSE", "AZE", "ARM")}
    text = "Azerbaycan, Ermenistan'ı Gence kentine füze saldırısı düzenlemekle suçladı."
    assert events(code_text(c, text, "tr", "2020-10-11")) == {("ACCUSE", "AZE", "ARM")}


def test_content_of_a_request_is_not_an_event() -> None:
    text = "Görüş zamanı Stoltenberq Azərbaycanı Ermənistanla sülh sazişini tezliklə imzalamağa çağırıb."
    ms = code_text(real_coder(), text, "az", "2024-03-18")
    assert events(ms) == {("REQUEST", "NATO", "AZE")}


def test_bare_demonym_is_never_the_agent() -> None:
    text = "President Ilham Aliyev criticised Tehran over Iranian trucks travelling to Karabakh without permission."
    assert events(code_text(real_coder(), text, "en", "2021-10-02")) == {("ACCUSE", "AZE", "IRN")}


def test_dateline_capital_is_not_an_actor() -> None:
    ms = code_text(real_coder(), "BAKU — Azerbaijan suspended the operations of its embassy in Tehran.", "en")
    assert events(ms) == {("SANCTION", "AZE", "IRN")}


# ---------------------------------------------------------------- dates
def test_planned_weekday_is_the_next_one() -> None:
    ms = code_text(real_coder(), "Lavrov will visit Baku on Monday.", "en", "2016-04-07")
    assert dated(ms) == {("CONSULT", "RUS", "AZE", "2016-04-11", "day")}
    assert {m.status for m in ms} == {"planned"}


def test_a_day_after_dates_the_earlier_event() -> None:
    text = (
        "The defence ministers of Armenia and Azerbaijan signed the truce on Monday, a day after Russian Defence "
        "Minister Pavel Grachev held separate talks with both delegations in Moscow."
    )
    ms = code_text(real_coder(), text, "en", "1994-05-10")
    assert ("CONSULT", "RUS", "ARM", "1994-05-08", "day") in dated(ms)
    assert ("AGREE", "ARM", "AZE", "1994-05-09", "day") in dated(ms)


def test_present_perfect_takes_the_publication_date() -> None:
    text = "On November 30, the United States suspended its strategic partnership with Tbilisi. " + (
        "NATO Secretary General Mark Rutte has called on the Georgian authorities to respect the right to protest."
    )
    ms = code_text(real_coder(), text, "en", "2024-12-10")
    assert ("REQUEST", "NATO", "GEO", "2024-12-10", "approx") in dated(ms)


def test_same_year_takes_the_year_of_the_sentence() -> None:
    text = "1992-ci il fevralın 28-də diplomatik əlaqələr yaranıb, həmin ilin martında isə ABŞ Bakıda səfirliyini açıb."
    ms = code_text(real_coder(), text, "az", "2019-05-01")
    assert ("SUPPORT", "USA", "AZE", "1992-03-01", "month") in dated(ms)


def test_stated_intention_is_an_act() -> None:
    text = "Cumhurbaşkanı Erdoğan, pazar günü yaptığı açıklamada Türkiye'nin Azerbaycan'a destek vereceğini söyledi."
    ms = code_text(real_coder(), text, "tr", "2016-04-06")
    assert dated(ms) == {("SUPPORT", "TUR", "AZE", "2016-04-03", "day")}
    assert {m.status for m in ms} == {"occurred"}
