"""Property-based fuzzing (hypothesis) of everything that reads outside input: readers, decoders, segmentation,
language identification, the external-dataset readers and the date resolver. None may raise on any input; each
returns its records or reports a problem, and keeps its invariants (offsets inside the text, dates real)."""

from __future__ import annotations

import contextlib
import json
import os
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyadwatch.ingest import DecodeError, ReadError, decode, read_jsonl_lines
from dyadwatch.ingest.formats import markdown_to_text, read_text
from dyadwatch.interop.columns import GDELT_EVENT_COLUMNS, GDELT_MENTION_COLUMNS, ICEWS_COLUMNS, POLECAT_COLUMNS
from dyadwatch.interop.external import (
    ExternalEvent,
    ExternalMention,
    ImportProblem,
    read_gdelt,
    read_icews,
    read_polecat,
)
from dyadwatch.records import Document, IngestFailure

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))  # more for a longer fuzzing session
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# text with the characters that matter here: Turkic letters, tabs, newlines, quotes, digits, odd Unicode
ALPHABET = st.sampled_from([*"aAəƏıIİişŞğĞçÇöÖüÜqx \t\n\r.,:;'’\"-–0123456789{}[]@#*_/\\", "\u2029", "\x00", "😀"])
TEXT = st.one_of(st.text(), st.text(alphabet=ALPHABET))
ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=()))  # lone surrogates too
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)


@FUZZ
@given(st.lists(st.binary(max_size=200), max_size=8))
def test_jsonl_reader_never_raises_on_bytes(lines: list[bytes]) -> None:
    for item in read_jsonl_lines([line + b"\n" for line in lines], "f.jsonl"):
        assert isinstance(item, Document | IngestFailure)


@FUZZ
@given(st.dictionaries(st.sampled_from(["id", "text", "published", "lang", "title", "url", "source", "author"]),
                       JSON_VALUE | TEXT | ANY_TEXT, max_size=8))  # fmt: skip
def test_jsonl_reader_gives_well_typed_documents(obj: dict) -> None:
    for item in read_jsonl_lines([json.dumps(obj).encode()], "f.jsonl"):
        if isinstance(item, IngestFailure):
            assert item.path == "f.jsonl:1" and item.reason
            continue
        assert isinstance(item.text, str) and item.text.strip()
        assert isinstance(item.id, str) and item.id
        item.text.encode("utf-8")  # valid Unicode: storable and writable
        item.id.encode("utf-8")
        for name in ("title", "lang", "url", "source", "author"):
            value = getattr(item, name)
            assert value is None or isinstance(value, str), (name, value)
        assert item.published is None or isinstance(item.published, date)


@FUZZ
@given(st.binary(max_size=2000))
def test_decode_and_read_text_only_raise_their_errors(data: bytes) -> None:
    with contextlib.suppress(DecodeError):
        assert isinstance(decode(data).text, str)
    try:
        ex = read_text(data)
        assert ex.text.strip()
    except ReadError:
        pass


@FUZZ
@given(TEXT)
def test_markdown_to_text_keeps_every_letter_count_bounded(text: str) -> None:
    out = markdown_to_text(text)
    assert isinstance(out, str) and len(out) <= len(text) * 2 + 10


@FUZZ
@given(TEXT, st.sampled_from([None, "en", "tr", "az", "ru", "xx-YY"]))
def test_segment_spans_cover_every_character_once(text: str, lang: str | None) -> None:
    from dyadwatch.text.segment import segment

    spans = segment(text, lang)
    covered = []
    last = 0
    for s, e in spans:
        assert last <= s < e <= len(text)
        piece = text[s:e]
        assert piece == piece.strip() and piece
        covered.append(piece)
        last = e
    assert "".join("".join(p.split()) for p in covered) == "".join(text.split())


@FUZZ
@given(st.lists(TEXT, max_size=5), st.sampled_from([None, "en", "tr", "az"]))
def test_language_identification_never_raises(texts: list[str], hint: str | None) -> None:
    from dyadwatch.text.langid import LanguageIdentifier

    ident = LanguageIdentifier(("en", "tr", "az"))
    labels = ident.detect_many(texts, hint=hint)
    assert len(labels) == len(texts) and set(labels) <= {"en", "tr", "az", "und"}
    for t in texts:
        assert ident.detect_document(t) in {"en", "tr", "az", "und"}


CELLS = ["", "042", "2023-11-27", "20231127", "USA", "-3.5", "1e309", "NaN", "4"]


def _tsv_rows(columns: tuple[str, ...], header: bool) -> st.SearchStrategy[list[str]]:
    cell = st.one_of(st.text(alphabet=ALPHABET, max_size=12), st.sampled_from(CELLS))
    row = st.lists(cell, min_size=len(columns) - 1, max_size=len(columns) + 1).map("\t".join)
    rows = st.lists(row | st.text(alphabet=ALPHABET, max_size=40), max_size=6)
    return rows.map(lambda rs: (["\t".join(columns)] if header else []) + rs)


@FUZZ
@given(st.one_of(_tsv_rows(GDELT_EVENT_COLUMNS, False), _tsv_rows(GDELT_MENTION_COLUMNS, False)))
def test_gdelt_reader_never_raises(lines: list[str]) -> None:
    for item in read_gdelt(lines, "g.tsv"):
        assert isinstance(item, ExternalEvent | ExternalMention | ImportProblem)
        if isinstance(item, ExternalEvent):
            assert item.ext_id and item.where.startswith("g.tsv:")


@FUZZ
@given(_tsv_rows(ICEWS_COLUMNS, True), _tsv_rows(POLECAT_COLUMNS, True))
def test_icews_and_polecat_readers_never_raise(icews: list[str], polecat: list[str]) -> None:
    lookup = {"United States": "USA"}.get
    for item in [*read_icews(icews, "i.tab", country=lookup), *read_polecat(polecat, "p.tsv")]:
        assert isinstance(item, ExternalEvent | ImportProblem)


ONE_LINE = st.characters(blacklist_categories=["Cc", "Cs", "Zl", "Zp"])
SOURCE = st.fixed_dictionaries(
    {
        "code": st.none() | st.sampled_from(["USAGOV", "AZE"]),
        "country": st.sampled_from(["USA", "AZE", "TUR", "NATO"]),
        "role": st.sampled_from([None, "head_of_state", "legislature"]),
        "name": st.none() | st.text(alphabet=ONE_LINE, min_size=1, max_size=15),
        "text": st.just("x"),
    }
)
TARGET = st.fixed_dictionaries(
    {
        "code": st.none(),
        "country": st.sampled_from(["ARM", "GEO", "RUS"]),
        "role": st.none(),
        "name": st.none(),
        "text": st.just("y"),
    }
)
EVENT = st.fixed_dictionaries(
    {
        "doc_id": st.text(alphabet=ONE_LINE, min_size=1, max_size=20).filter(lambda s: "\t" not in s),
        "date": st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(date.isoformat) | st.none(),
        "cameo": st.sampled_from(["040", "042", "057", "163", "1246", "0234", "190"]),
        "goldstein": st.sampled_from([None, -10.0, -2.5, 0.0, 1.0, 3.4, 10.0]),
        "quad": st.sampled_from([None, 1, 2, 3, 4]),
        "source": SOURCE,
        "target": TARGET,
        "plover": st.fixed_dictionaries({"event": st.sampled_from(["CONSULT", "AGREE"]), "mode": st.none()}),
        "trigger": st.fixed_dictionaries({"start": st.integers(0, 10**6), "text": st.just("t")}),
    }
)


@FUZZ
@given(st.lists(EVENT, min_size=1, max_size=5))
def test_gdelt_export_then_import_gives_the_same_fields(events: list[dict]) -> None:
    from dyadwatch.interop.export import event_id, gdelt_row

    lines = ["\t".join(gdelt_row(ev)) for ev in events]
    back = list(read_gdelt(lines, "x"))
    assert all(isinstance(b, ExternalEvent) for b in back), back
    for ev, b in zip(events, back, strict=True):
        assert b.ext_id == str(event_id(ev))
        assert b.date == (date.fromisoformat(ev["date"]) if ev["date"] else None)
        assert (b.source_country, b.target_country) == (ev["source"]["country"], ev["target"]["country"])
        assert b.cameo == ev["cameo"]
        assert (b.goldstein, b.quad) == (ev["goldstein"], ev["quad"])
        name = ev["source"]["name"] or ev["source"]["text"]
        assert b.source_name == (name.upper().strip() or None)


@pytest.fixture(scope="module")
def resolvers():
    from dyadwatch.coder.dates import DateResolver
    from dyadwatch.coder.resources import load_language

    return {lang: DateResolver(load_language(lang)["dates"]) for lang in ("en", "tr", "az")}


DATE_WORDS = [
    "27",
    "1991",
    "99999",
    "0",
    "31",
    "2-də",
    "1991-ci",
    "'da",
    "march",
    "mart",
    "noyabrın",
    "kasım",
    "dün",
    "yesterday",
    "monday",
    "pazartesi",
    "ago",
    "önce",
    "əvvəl",
    "three",
    "gün",
    "days",
    "weeks",
    "last",
    "next",
    "ötən",
    "geçen",
    "week",
    "year",
    "il",
    "yıl",
    "of",
    "on",
]
SENTENCE = st.lists(
    st.one_of(st.sampled_from(DATE_WORDS), st.text(alphabet=ALPHABET, max_size=6), st.integers(0, 10**12).map(str)),
    max_size=10,
).map(" ".join)
EDGES = [date.min, date.max, date(1, 1, 31), date(9999, 12, 1)]
EXTREME_DATES = st.one_of(st.none(), st.dates(), st.sampled_from(EDGES))


@settings(max_examples=EXAMPLES * 3, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.sampled_from(["en", "tr", "az"]), SENTENCE, EXTREME_DATES, EXTREME_DATES)
def test_date_resolver_never_raises_and_gives_real_dates(resolvers, lang, sentence, published, context) -> None:
    low = sentence.lower()
    found = resolvers[lang].find(low, published, context)
    last = -1
    for expr in found:
        assert isinstance(expr.date, date) and expr.precision in ("day", "month", "year", "approx")
        assert 0 <= expr.start < expr.end <= len(low) and expr.start >= last
        last = expr.end


@pytest.fixture(scope="module")
def pipeline():
    from dyadwatch.pipeline import Pipeline

    return Pipeline()


@settings(max_examples=max(30, EXAMPLES // 3), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])  # fmt: skip
@given(st.lists(st.one_of(TEXT, st.sampled_from([
    "On 27 November the US Secretary of State called President Aliyev.", "27 Kasım'da Blinken Aliyev ile görüştü.",
    "Prezident İlham Əliyev noyabrın 27-də Blinkeni qəbul edib.", "\n\n", "Az rbaycan il  ikit r fli laq l r"])),
    min_size=1, max_size=6).map(" ".join),
    st.sampled_from([None, "en", "tr", "az", "xx", "EN", "tr-TR", "und"]), EXTREME_DATES)  # fmt: skip
def test_pipeline_never_raises(pipeline, text: str, lang: str | None, published: date | None) -> None:
    from dyadwatch.records import content_id

    doc = Document("d", text, content_id(text), lang=lang, published=published)
    result = pipeline.process(doc)
    for m in result.mentions:
        source = result.repair.text if result.repair else text
        assert source[m.sentence.start : m.sentence.end] == m.sentence.text
