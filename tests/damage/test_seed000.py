"""Seed 000 (an Azerbaijani paper whose body lost every ə ş ç ğ ı ö ü, and often whole spans around them):
repair by hand-checked words, and events before and after repair."""

from __future__ import annotations

import pytest

from dyadwatch.damage import repair
from dyadwatch.records import Document, content_id
from dyadwatch.settings import Settings
from tests.damage.conftest import seed_file

# Words of the body whose truth is certain from the visible letters and the context, checked by hand
# (docs/DAMAGE.md lists the whole check: 58 of 61 such words right; the misses are "il" read as "ilə" twice and
# the fragment "yan" of "bəyan" read as "yaşın").
HAND_CHECKED = [
    "Parisdə", "Azərbaycan", "qəbul", "rəsmi", "heyətinin", "tələbləri", "və", "tərəfindən", "edilmədi", "təbii",
    "əhəmiyyət", "kəsb", "bilərik", "ikitərəfli", "tarixində", "bəyan", "Həm", "sahəsində", "ən", "məsələlərdən",
    "digər", "əsas", "etibariylə", "gələcəkdə", "etdirmək", "həyati", "əhəmiyyətli", "Digər", "tərəfdə",
    "bərabər", "Cənubi", "amillərin", "təsir", "parametrlərinin", "vəhdət", "Beləliklə", "səfirliyi", "təhlil",
    "hakimiyyəti", "illərində", "siyasət",
]  # fmt: skip
PHRASES = [
    "Lakin Azəndə heyətinin tələbləri V.Vilson \nvə",
    "tərəfindən qəbul edilmədi",
    "əhəmiyyət kəsb edirdi",
    "ən vacib məsələlərdən biri də",
    "Digər tərəfdə",
    "bərabər Cənubi Qafqaz kimi geosiyasi, geoiqtisadi və geostratejik amillərin təsir parametrlərinin",
    "həyati əhəmiyyətli məsələlər hesab olunurdu",
]
# Events the body states that a repair could make codable (tests/golden/seeds/README_000.md, A.1 and A.2).
RECOVERABLE = {("REQUEST", "AZE", "USA"), ("REJECT", "USA", "AZE")}


@pytest.fixture(scope="module")
def seed000() -> Document:
    text = seed_file("000").read_text(encoding="utf-8")
    return Document(id="seed000", text=text, sha256=content_id(text))


def test_hand_checked_words_are_restored(seed000: Document) -> None:
    body = seed000.text[seed000.text.index("Tarixi 19-cu") :]
    fixed = repair(body, "az").text
    words = set(fixed.replace("\n", " ").replace(",", " ").replace(".", " ").split())
    restored = [w for w in HAND_CHECKED if w in words]
    assert len(restored) >= 0.9 * len(HAND_CHECKED), sorted(set(HAND_CHECKED) - words)
    for phrase in PHRASES:
        assert phrase in fixed


def test_seed000_events_before_and_after_repair(seed000: Document) -> None:
    """Without repair the damaged body gives nothing; with repair, whatever it gives is one of the events the body
    really states (README_000 A.1/A.2) - no garbage.  The English abstract is coded the same either way."""
    from dyadwatch.pipeline import Pipeline

    body = seed000.text.index("Tarixi 19-cu")
    before = Pipeline(Settings(repair_damaged=False)).process(seed000)
    after = Pipeline(Settings(repair_damaged=True)).process(seed000)
    assert after.repair is not None and len(after.repair.sentences) >= 50
    assert after.damage == before.damage >= 0.9
    assert [m for m in before.mentions if m.sentence.start >= body] == []
    body_after = [m for m in after.mentions if after.repair.to_original(m.sentence.start) >= body]
    assert {(m.event, m.source.country, m.target.country) for m in body_after} <= RECOVERABLE
    head = [(m.event, m.trigger.start) for m in before.mentions if m.sentence.start < body]
    assert [(m.event, m.trigger.start) for m in after.mentions if m.sentence.start < body] == head
