"""Coder behaviour with a small stand-in lexicon: roles, modality, dates, dedup, damage, JSON output."""

from __future__ import annotations

from datetime import date

from dyadwatch.coder import CODER_VERSION, Coder, mention_to_json
from dyadwatch.records import Document
from tests.coder.fake_lexicon import FakeLexicon
from tests.coder.helpers import code_text, fake_coder, simple_sentences


def brief(ms):
    return [
        (
            m.event,
            m.mode,
            m.source.country,
            m.target.country,
            m.date.isoformat() if m.date else None,
            m.date_precision,
            m.status,
        )
        for m in ms
    ]


def test_tr_phone_call_with_roles_and_date() -> None:
    ms = code_text(
        fake_coder(),
        "27 Kasım'da ABD Dışişleri Bakanı Antony Blinken, Azerbaycan Devlet Başkanı Aliyev ile telefonda görüştü.",
        "tr",
    )
    assert brief(ms) == [("CONSULT", "phone", "USA", "AZE", "2023-11-27", "day", "occurred")]
    m = ms[0]
    assert m.source.span.text == "ABD Dışişleri Bakanı Antony Blinken" and m.source.role == "foreign_minister"
    assert m.target.span.text == "Azerbaycan Devlet Başkanı Aliyev" and m.target.case == "com"
    assert m.trigger.text == "telefonda görüştü" and m.rule == "tr.consult.phone"


def test_person_resolved_by_office_on_event_date() -> None:
    ms = code_text(fake_coder(), "Blinken, Aliyev ile telefonda görüştü.", "tr", "2023-12-13")
    assert brief(ms)[0][2:4] == ("USA", "AZE")
    assert code_text(fake_coder(), "Blinken, Aliyev ile telefonda görüştü.", "tr", "2026-03-01") == []


def test_negation_and_future() -> None:
    c = fake_coder()
    assert code_text(c, "Blinken, Aliyev ile telefonda görüşmedi.", "tr") == []
    ms = code_text(c, "Blinken, Azerbaycan'ı ziyaret edecek.", "tr")
    assert brief(ms)[0][6] == "planned"
    assert code_text(c, "Azərbaycan Prezidenti İlham Əliyev ABŞ-ı ziyarət etməyib.", "az") == []
    assert code_text(c, "Blinken did not visit Azerbaijan.", "en") == []
    assert brief(code_text(c, "Blinken will visit Azerbaijan.", "en"))[0][6] == "planned"


def test_passive_agent_and_locative_host() -> None:
    c = fake_coder()
    ms = code_text(c, "James O'Brien, Azerbaycan Devlet Başkanı İlham Aliyev tarafından kabul edildi.", "tr")
    assert brief(ms)[0][:4] == ("CONSULT", "visit", "AZE", "USA")
    ms = code_text(c, "Grigoryan, 5 Aralık'ta Washington'da temaslarda bulunmuştur.", "tr")
    assert brief(ms) == [("CONSULT", "visit", "ARM", "USA", "2023-12-05", "day", "occurred")]
    # a passive with no agent is not an event
    assert code_text(c, "ABD'li yetkililerin Azerbaycan'a ziyaretleri iptal edilmişti.", "tr") == []


def test_joint_target_gives_one_event_per_party() -> None:
    ms = code_text(fake_coder(), "O'Brien, Bayramov ve Mirzoyan'ı Washington'da ağırladı.", "tr")
    assert sorted(b[3] for b in brief(ms)) == ["ARM", "AZE"]


def test_date_inherits_within_paragraph_and_continuation() -> None:
    text = (
        "27 Kasım'da Blinken, Aliyev ile telefonda görüştü.\n\nGörüşmede Blinken, Azerbaycan'dan müsaade "
        "istemiştir. Aliyev de ABD'nin talebini onaylamıştır.\n\nABD, Rusya'ya yaptırım uyguladı."
    )
    ms = code_text(fake_coder(), text, "tr")
    got = {(m.event, m.source.country, m.target.country): (m.date.isoformat(), m.date_precision) for m in ms}
    assert got[("REQUEST", "USA", "AZE")] == ("2023-11-27", "day")
    assert got[("AGREE", "AZE", "USA")] == ("2023-11-27", "day")
    assert got[("SANCTION", "USA", "RUS")] == ("2023-12-13", "approx")


def test_dedup_same_event_twice() -> None:
    text = (
        "27 Kasım'da Blinken, Aliyev ile telefonda görüştü. Blinken, Aliyev ile yaptığı telefon görüşmesinde konuştu."
    )
    ms = code_text(fake_coder(), text, "tr")
    assert len([m for m in ms if m.event == "CONSULT"]) == 1


def test_damaged_sentences_skipped_or_downweighted() -> None:
    text = "Blinken, Aliyev ile telefonda görüştü."
    doc = Document("d", text, "x", published=date(2023, 12, 13), lang="tr")
    sents = simple_sentences("d", text, "tr", damage=0.8)
    assert fake_coder().code(doc, sents) == []
    soft = Coder(skip_damaged=False, lexicon=FakeLexicon())
    ms = soft.code(doc, sents)
    clean = fake_coder().code(doc, simple_sentences("d", text, "tr"))
    assert len(ms) == 1 and ms[0].confidence < clean[0].confidence


def test_garbage_produces_nothing() -> None:
    garbage = "tl r  lc  Rusiya) tezisind r\nr rzind  Az si olaraq, d rind  v \nq bul edilm -la diplomatik laq l"
    assert code_text(fake_coder(), garbage, "az") == []


def test_mention_json_shape() -> None:
    text = "Blinken, Aliyev ile telefonda görüştü."
    m = code_text(fake_coder(), text, "tr")[0]
    j = mention_to_json(m)
    assert set(j) >= {
        "doc_id",
        "sentence",
        "date",
        "date_precision",
        "status",
        "source",
        "target",
        "plover",
        "cameo",
        "intensity",
        "goldstein",
        "quad",
        "trigger",
        "rule",
        "confidence",
        "coder_version",
        "lang",
    }
    assert j["coder_version"] == CODER_VERSION
    assert j["plover"] == {"event": "CONSULT", "mode": "phone", "context": None}
    assert (j["cameo"], j["intensity"], j["goldstein"], j["quad"]) == ("041", 1.5, 1.0, 1)
    for side in ("source", "target", "trigger"):
        assert text[j[side]["start"] : j[side]["end"]] == j[side]["text"]
    assert j["source"]["code"] == "USAGOV"


def test_english_roles() -> None:
    c = fake_coder()
    ms = code_text(c, "Aliyev was received by Blinken in Washington on Tuesday.", "en")
    assert brief(ms)[0][:5] == ("CONSULT", "visit", "USA", "AZE", "2023-12-12")
    ms = code_text(c, "The United States urged Azerbaijan to halt the offensive.", "en")
    assert brief(ms)[0][:4] == ("REQUEST", None, "USA", "AZE")


def test_cased_form_needs_its_capitals() -> None:
    """ "US" is the United States; "us" is a pronoun (the real lexicon marks the form ``cased``)."""
    coder = Coder()
    pub = date(2024, 5, 1)
    ms = code_text(coder, "The US and Azerbaijan signed an agreement in Baku on Monday.", "en", published=pub)
    assert [(m.source.country, m.target.country, m.source.span.text) for m in ms] == [("USA", "AZE", "US")]
    assert code_text(coder, "Azerbaijan signed an agreement with us on Monday.", "en", published=pub) == []
