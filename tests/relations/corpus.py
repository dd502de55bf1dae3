"""A hand-built multilingual test corpus: documents and Mention records with the real happening of each.

Happenings (labels) — each reported 2–4 times across EN/TR/AZ documents:
  H1  USA–AZE CONSULT phone 2023-11-27 (Blinken–Aliyev); directions differ, one report a day late, one month-only
  H2  AZE→USA REJECT 2023-11-16 (Baku declines the Washington meeting); one approx date
  H4  TUR–AZE AGREE 2023-11-20 (signing; one coder said SUPPORT/057, one month-only)
  H5  USA–ARM CONSULT phone 2023-11-27 (Blinken–Pashinyan): same day as H1, different dyad
  H6  USA–AZE CONSULT visit 2023-12-07 (O'Brien in Baku): same dyad and type as H1, ten days later
  H7  USA→AZE SANCTION 2023-12-07: same day and dyad as H6, different type
  H8  AZE→USA ACCUSE 2023-11-29 and H9 USA→AZE ACCUSE 2023-11-29: same day and type, opposite directions
  P6  USA–AZE CONSULT planned 2023-12-07 (announced on 2023-12-01): fulfilled by H6
  H10 USA–AZE CONSULT 2023-11-27 (deputy FMs O'Brien–Amirbayov in Washington): same day as H1, different people
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from dyadwatch.records import Actor, Document, Mention, ProcessedDocument, Sentence, Span

SCORES = {  # event, mode -> (plover, goldstein, quad, cameo)
    ("CONSULT", "phone"): (1.5, 1.0, 1, "040"),
    ("CONSULT", "visit"): (4.0, 1.9, 1, "042"),
    ("CONSULT", None): (2.5, 1.0, 1, "040"),
    ("REJECT", None): (-2.0, -4.0, 3, "120"),
    ("AGREE", None): (2.5, 3.0, 1, "057"),
    ("SUPPORT", None): (5.0, 3.0, 1, "057"),
    ("SANCTION", None): (-6.0, -4.0, 4, "163"),
    ("ACCUSE", None): (-3.0, -2.0, 3, "112"),
    ("REQUEST", None): (0.0, -0.1, 3, "020"),
}

PEOPLE = {
    "Blinken": ("USA", "foreign_minister", "Antony Blinken"),
    "Aliyev": ("AZE", "head_of_state", "Ilham Aliyev"),
    "Pashinyan": ("ARM", "head_of_government", "Nikol Pashinyan"),
    "O'Brien": ("USA", "assistant_minister", "James O'Brien"),
    "Bayramov": ("AZE", "foreign_minister", "Jeyhun Bayramov"),
    "Amirbayov": ("AZE", "deputy_minister", "Elnur Amirbayov"),
    "Erdoğan": ("TUR", "head_of_state", "Recep Tayyip Erdoğan"),
    "US": ("USA", "government", None),
    "Azerbaijan": ("AZE", "government", None),
    "Türkiye": ("TUR", "government", None),
    "State Department": ("USA", "foreign_ministry", "U.S. Department of State"),
    "MFA": ("AZE", "foreign_ministry", "Ministry of Foreign Affairs of Azerbaijan"),
}


@dataclass
class DocBuilder:
    """Builds one document from sentences, each with the mentions it carries."""

    id: str
    lang: str
    published: date
    outlet: str
    url: str
    title: str = ""
    parts: list[tuple[str, list[dict]]] = field(default_factory=list)

    def say(self, text: str, *mentions: dict) -> DocBuilder:
        self.parts.append((text, list(mentions)))
        return self

    def build(self, labels: dict[tuple, str]) -> ProcessedDocument:
        text = " ".join(t for t, _ in self.parts)
        doc = Document(id=self.id, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), title=self.title,
                       published=self.published, lang=self.lang, url=self.url, source=self.outlet)  # fmt: skip
        sents, ments, pos = [], [], 0
        for i, (t, specs) in enumerate(self.parts):
            sents.append(Sentence(self.id, i, pos, pos + len(t), t, self.lang))
            for spec in specs:
                m = _mention(self.id, self.lang, t, pos, spec)
                ments.append(m)
                labels[(self.id, m.sentence.start, m.trigger.start, m.event)] = spec["label"]
            pos += len(t) + 1
        return ProcessedDocument(doc, tuple(sents), tuple(ments))


def _actor(key: str, sentence: str, offset: int, alias: str | None = None) -> Actor:
    country, role, name = PEOPLE[key]
    surface = alias or key
    i = sentence.find(surface)
    i = max(i, 0)
    suffix = "GOV" if role not in ("military",) else "MIL"
    return Actor(country + suffix, country, role, name, Span(surface, offset + i, offset + i + len(surface)))


def _mention(doc_id: str, lang: str, sentence: str, offset: int, spec: dict) -> Mention:
    event, mode = spec["event"], spec.get("mode")
    plover, goldstein, quad, cameo = SCORES[(event, mode)]
    trig = spec["trigger"]
    t = sentence.find(trig)
    assert t >= 0, (trig, sentence)
    return Mention(
        doc_id=doc_id, sentence=Span(sentence, offset, offset + len(sentence)),
        source=_actor(spec["src"], sentence, offset, spec.get("src_alias")),
        target=_actor(spec["tgt"], sentence, offset, spec.get("tgt_alias")),
        event=event, mode=mode, context=None, cameo=spec.get("cameo", cameo), intensity=plover, goldstein=goldstein,
        quad=quad, trigger=Span(trig, offset + t, offset + t + len(trig)), rule=f"{lang}.test", date=spec["date"],
        date_precision=spec.get("prec", "day"), status=spec.get("status", "occurred"), confidence=0.9,
        coder_version="test", lang=lang,
    )  # fmt: skip


def M(label: str, src: str, tgt: str, event: str, trigger: str, d: date, **kw: object) -> dict:
    return {"label": label, "src": src, "tgt": tgt, "event": event, "trigger": trigger, "date": d, **kw}


D = date


def corpus_a() -> list[DocBuilder]:
    """The first batch of documents (English and Turkish)."""
    return [
        DocBuilder("en-1", "en", D(2023, 11, 28), "Reuters", "https://example.org/en-1", "Blinken calls Aliyev")
        .say(
            "U.S. Secretary of State Antony Blinken called Azerbaijani President Ilham Aliyev on Monday.",
            M("H1", "Blinken", "Aliyev", "CONSULT", "called", D(2023, 11, 27), mode="phone"),
        )
        .say(
            "Blinken also called Armenian Prime Minister Nikol Pashinyan on Monday.",
            M("H5", "Blinken", "Pashinyan", "CONSULT", "called", D(2023, 11, 27), mode="phone"),
        )
        .say("In the call with Aliyev, Blinken urged progress toward peace.")
        .say(
            "Blinken's call to Aliyev came after weeks of tension.",
            M("H1", "Blinken", "Aliyev", "CONSULT", "call", D(2023, 11, 27), mode="phone"),
        ),
        DocBuilder("tr-1", "tr", D(2023, 11, 27), "AA", "https://example.org/tr-1", "Aliyev ile Blinken görüştü")
        .say(
            "Azerbaycan Cumhurbaşkanı Aliyev, ABD Dışişleri Bakanı Blinken ile telefonda görüştü.",
            M("H1", "Aliyev", "Blinken", "CONSULT", "telefonda görüştü", D(2023, 11, 27), mode="phone"),
        )
        .say(
            "ABD Dışişleri Bakan Yardımcısı O'Brien, Washington'da Azerbaycan Dışişleri Bakan Yardımcısı "
            "Amirbayov ile bir araya geldi.",
            M("H10", "O'Brien", "Amirbayov", "CONSULT", "bir araya geldi", D(2023, 11, 27)),
        ),
        DocBuilder("en-2", "en", D(2023, 11, 16), "Politico", "https://example.org/en-2", "Baku skips talks").say(
            "Azerbaijan declined to attend the meeting planned in Washington on November 20.",
            M("H2", "Azerbaijan", "US", "REJECT", "declined", D(2023, 11, 16)),
        ),
        DocBuilder(
            "tr-2", "tr", D(2023, 11, 16), "Hürriyet", "https://example.org/tr-2", "Bakü toplantıya katılmıyor"
        ).say(
            "Azerbaycan, ABD'nin ev sahipliği yapacağı Washington toplantısına katılmayacağını açıkladı.",
            M(
                "H2",
                "Azerbaijan",
                "US",
                "REJECT",
                "katılmayacağını açıkladı",
                D(2023, 11, 16),
                src_alias="Azerbaycan",
                tgt_alias="ABD",
            ),
        ),
        DocBuilder(
            "tr-3", "tr", D(2023, 11, 21), "TRT", "https://example.org/tr-3", "Türkiye ve Azerbaycan anlaşma"
        ).say(
            "Erdoğan ve Aliyev dün Ankara'da enerji anlaşması imzaladı.",
            M("H4", "Erdoğan", "Aliyev", "SUPPORT", "imzaladı", D(2023, 11, 20)),
        ),
        DocBuilder("en-3", "en", D(2023, 11, 30), "AP", "https://example.org/en-3", "Accusations fly")
        .say(
            "Azerbaijan's MFA condemned the US statement on Wednesday.",
            M("H8", "MFA", "US", "ACCUSE", "condemned", D(2023, 11, 29)),
        )
        .say(
            "The State Department criticised Azerbaijan on Wednesday for its rhetoric.",
            M("H9", "State Department", "Azerbaijan", "ACCUSE", "criticised", D(2023, 11, 29)),
        ),
    ]


def corpus_b() -> list[DocBuilder]:
    """The second batch (Azerbaijani and more English/Turkish) — arrives after batch A."""
    return [
        DocBuilder("az-1", "az", D(2023, 11, 28), "APA", "https://example.org/az-1", "Prezident Blinkenlə danışdı").say(
            "Prezident İlham Əliyev noyabrın 28-də ABŞ dövlət katibi Blinken ilə telefonla danışıb.",
            M(
                "H1",
                "Aliyev",
                "Blinken",
                "CONSULT",
                "telefonla danışıb",
                D(2023, 11, 28),
                mode="phone",
                src_alias="Əliyev",
            ),
        ),
        DocBuilder("en-4", "en", D(2023, 12, 20), "Carnegie", "https://example.org/en-4", "A month of diplomacy")
        .say(
            "In November, Blinken spoke with Aliyev by phone about the peace process.",
            M("H1", "Blinken", "Aliyev", "CONSULT", "spoke", D(2023, 11, 1), mode="phone", prec="month"),
        )
        .say(
            "In November, Türkiye and Azerbaijan also signed an energy agreement.",
            M("H4", "Türkiye", "Azerbaijan", "AGREE", "signed", D(2023, 11, 1), prec="month"),
        )
        .say(
            "On December 7, James O'Brien visited Baku.",
            M("H6", "O'Brien", "Azerbaijan", "CONSULT", "visited", D(2023, 12, 7), mode="visit", tgt_alias="Baku"),
        ),
        DocBuilder(
            "az-2", "az", D(2023, 11, 17), "Report.az", "https://example.org/az-2", "Bakı görüşdən imtina etdi"
        ).say(
            "Azərbaycan Vaşinqtonda nəzərdə tutulan görüşdə iştirakdan imtina edib.",
            M(
                "H2",
                "Azerbaijan",
                "US",
                "REJECT",
                "imtina edib",
                D(2023, 11, 17),
                prec="approx",
                src_alias="Azərbaycan",
                tgt_alias="Vaşinqton",
            ),
        ),
        DocBuilder("az-3", "az", D(2023, 11, 21), "Trend", "https://example.org/az-3", "Enerji sazişi").say(
            "Azərbaycan və Türkiyə noyabrın 20-də Ankarada enerji sazişi imzalayıb.",
            M(
                "H4",
                "Azerbaijan",
                "Türkiye",
                "AGREE",
                "imzalayıb",
                D(2023, 11, 20),
                src_alias="Azərbaycan",
                tgt_alias="Türkiyə",
            ),
        ),
        DocBuilder("en-5", "en", D(2023, 12, 1), "VOA", "https://example.org/en-5", "O'Brien to visit Baku").say(
            "James O'Brien will visit Baku on December 7 to meet Bayramov.",
            M("P6", "O'Brien", "Bayramov", "CONSULT", "will visit", D(2023, 12, 7), mode="visit", status="planned"),
        ),
        DocBuilder("az-4", "az", D(2023, 12, 7), "Azertac", "https://example.org/az-4", "Bayramov O'Brieni qəbul edib")
        .say(
            "Xarici işlər naziri Ceyhun Bayramov dekabrın 7-də O'Brien ilə görüşüb.",
            M("H6", "Bayramov", "O'Brien", "CONSULT", "görüşüb", D(2023, 12, 7), mode="visit", src_alias="Bayramov"),
        )
        .say(
            "Həmin gün ABŞ Azərbaycana qarşı məhdudiyyətlər tətbiq edib.",
            M(
                "H7",
                "US",
                "Azerbaijan",
                "SANCTION",
                "məhdudiyyətlər tətbiq edib",
                D(2023, 12, 7),
                src_alias="ABŞ",
                tgt_alias="Azərbaycan",
            ),
        ),
        DocBuilder("tr-4", "tr", D(2023, 12, 8), "AA", "https://example.org/tr-4", "ABD yaptırım")
        .say(
            "ABD, 7 Aralık'ta Azerbaycan'a yaptırım uyguladı.",
            M(
                "H7",
                "US",
                "Azerbaijan",
                "SANCTION",
                "yaptırım uyguladı",
                D(2023, 12, 7),
                src_alias="ABD",
                tgt_alias="Azerbaycan",
            ),
        )
        .say(
            "Aynı gün ABD'li diplomat O'Brien Bakü'de Bayramov ile görüştü.",
            M("H6", "O'Brien", "Bayramov", "CONSULT", "görüştü", D(2023, 12, 6), mode="visit"),
        )
        .say(
            "Azerbaycan Dışişleri Bakanlığı 29 Kasım'da ABD'yi kınamıştı.",
            M("H8", "MFA", "US", "ACCUSE", "kınamıştı", D(2023, 11, 29), tgt_alias="ABD"),
        ),
        DocBuilder("en-6", "en", D(2023, 11, 28), "RFE/RL", "https://example.org/en-6", "Washington talks")
        .say(
            "Assistant Secretary O'Brien met Deputy Foreign Minister Amirbayov in Washington on Monday.",
            M("H10", "O'Brien", "Amirbayov", "CONSULT", "met", D(2023, 11, 27)),
        )
        .say(
            "Separately, Blinken held a phone call with Pashinyan.",
            M("H5", "Blinken", "Pashinyan", "CONSULT", "phone call", D(2023, 11, 27), mode="phone"),
        ),
    ]


def build(builders: list[DocBuilder], labels: dict[tuple, str]) -> list[ProcessedDocument]:
    """ProcessedDocuments for ``builders``; fills ``labels`` with (doc, sentence start, trigger start, event)."""
    return [b.build(labels) for b in builders]
