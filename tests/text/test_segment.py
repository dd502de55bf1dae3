"""Tests for dyadwatch.text.segment: exact offsets, no lost text, data validation."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyadwatch.text.segment import SegmentDataError, load_rules, normalise_lang, rules_for, segment

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def sents(text: str, lang: str | None) -> list[str]:
    return [text[s:e] for s, e in segment(text, lang)]


# -- exact offsets --------------------------------------------------------------------------------------------


def test_english_abbreviations_exact_offsets() -> None:
    text = (
        "Dr. Smith met Mr. Jones in Washington, D.C. on Jan. 5. "
        "The U.S. Secretary of State said relations with the U.S.S.R. were tense. "
        "He left at 3.5 p.m. today."
    )
    assert segment(text, "en") == [(0, 54), (55, 127), (128, 154)]
    assert text[128:154] == "He left at 3.5 p.m. today."


def test_english_ambiguous_abbreviation_before_sentence_starter() -> None:
    text = (
        "Relations with the U.S. The talks resumed. H. Aliyev met A.Mutallibov's successor. World War I. The war ended."
    )
    assert segment(text, "en") == [(0, 23), (24, 42), (43, 82), (83, 95), (96, 110)]
    assert sents(text, "en")[2] == "H. Aliyev met A.Mutallibov's successor."


def test_urls_emails_decimals_never_split() -> None:
    text = "See https://example.com/a.b?c=1. Then e-mail info@avim.org.tr. Done."
    assert segment(text, "en") == [(0, 32), (33, 62), (63, 68)]


def test_footnotes_quotes_and_brackets_stay_with_sentence() -> None:
    text = (
        'He said "we will come." [1] Next sentence. It ended.[2] Then (this is it.) Next! Really?! U.S.\'s role grew.'
    )
    assert sents(text, "en") == [
        'He said "we will come." [1]',
        "Next sentence.",
        "It ended.[2]",
        "Then (this is it.)",
        "Next!",
        "Really?!",
        "U.S.'s role grew.",
    ]
    assert segment(text, "en")[0] == (0, 27)


def test_lowercase_after_terminator_continues() -> None:
    assert sents("Wait... and then it came. Fine.", "en") == ["Wait... and then it came.", "Fine."]
    assert sents("See p. 45 and pp. 12-14 for details. No. 7 was cited.", "en") == [
        "See p. 45 and pp. 12-14 for details.",
        "No. 7 was cited.",
    ]


def test_lines_paragraphs_and_headings() -> None:
    text = (
        "Summary\nBilateral relations began in 1991. They grew.\n\n"
        "Title line\nnext line lower wraps\n\n"
        "The minister said that the\nUnited States would help.\nIntroduction\nText here."
    )
    assert segment(text, "en") == [(0, 7), (8, 42), (43, 53), (55, 87), (89, 141), (142, 154), (155, 165)]
    assert sents(text, "en")[4] == "The minister said that the\nUnited States would help."
    # a blank line always ends a sentence, even mid-sentence (PDF page breaks are not guessed at)
    assert sents("after our country\n\ngained independence.", "en") == ["after our country", "gained independence."]


def test_turkish_ordinals_suffixes_abbreviations() -> None:
    text = (
        "18. yüzyılda Osmanlı ile ilişkiler gelişti. ABD'li yetkililer 27 Kasım'da Bakü'ye geldi. "
        "Prof. Dr. Ahmet Yılmaz, II. Dünya Savaşı'ndan söz etti. Toplam 3.5 milyar dolar vb. Bu rakam arttı."
    )
    assert segment(text, "tr") == [(0, 43), (44, 88), (89, 144), (145, 172), (173, 188)]
    assert sents(text, "tr")[2] == "Prof. Dr. Ahmet Yılmaz, II. Dünya Savaşı'ndan söz etti."
    text2 = "Sn. Bakan ve Av. Mehmet Kaya görüştü. Yorum No. 51 yayımlandı. Petrol, gaz vb. kaynaklar önemlidir."
    assert sents(text2, "tr-TR") == [
        "Sn. Bakan ve Av. Mehmet Kaya görüştü.",
        "Yorum No. 51 yayımlandı.",
        "Petrol, gaz vb. kaynaklar önemlidir.",
    ]


def test_azerbaijani_dates_initials_abbreviations() -> None:
    text = (
        "Azərbaycan 1991-ci il 18 oktyabrda müstəqilliyini bərpa etdi. "
        "H. Əliyev və A.Mutallibov dövründə ABŞ-la əlaqələr inkişaf etdi. "
        "Neft, qaz və s. Bu sahələr inkişaf etdi. "
        "Bu barədə prof. Həsənov yazırdı (Həsənov, 1998: s. 144). "
        "Şəhər e.ə. 300-cü ildə salındı. "
        "18 oktyabr 1991-ci il tarixində Konstitusiya Aktı qəbul edildi. "
        "V.Vilson XIX. əsrin sonunda doğulub."
    )
    assert sents(text, "az") == [
        "Azərbaycan 1991-ci il 18 oktyabrda müstəqilliyini bərpa etdi.",
        "H. Əliyev və A.Mutallibov dövründə ABŞ-la əlaqələr inkişaf etdi.",
        "Neft, qaz və s.",
        "Bu sahələr inkişaf etdi.",
        "Bu barədə prof. Həsənov yazırdı (Həsənov, 1998: s. 144).",
        "Şəhər e.ə. 300-cü ildə salındı.",
        "18 oktyabr 1991-ci il tarixində Konstitusiya Aktı qəbul edildi.",
        "V.Vilson XIX. əsrin sonunda doğulub.",
    ]
    assert segment(text, "az")[:3] == [(0, 61), (62, 126), (127, 142)]


def test_empty_and_whitespace() -> None:
    assert segment("") == []
    assert segment(" \n\n\t ") == []
    assert segment("  Hello there  ") == [(2, 13)]


# -- never lose text ------------------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [*"aAbBzZəƏşıİçöüğ019 .!?…'\"”»)([]\n\t\r\u2029\u00a0", "Dr.", "U.S.", "[1]", "və s.", "\n\n", "http://x.y/z."]
)


@settings(max_examples=400, deadline=None)
@given(text=st.lists(_ALPHABET, max_size=80).map("".join), lang=st.sampled_from([None, "en", "tr", "az", "xx"]))
def test_property_every_non_space_char_in_exactly_one_stripped_span(text: str, lang: str | None) -> None:
    spans = segment(text, lang)
    covered = [0] * len(text)
    prev_end = 0
    for start, end in spans:
        assert prev_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        for i in range(start, end):
            covered[i] += 1
        prev_end = end
    assert max(covered, default=0) <= 1
    assert all(covered[i] == 1 for i, ch in enumerate(text) if not ch.isspace())


# -- data files and validation ------------------------------------------------------------------------------


def test_shipped_data_files_validate() -> None:
    lang_dir = resources.files("dyadwatch") / "data" / "lang"
    files = [d / "segment.yaml" for d in lang_dir.iterdir() if (d / "segment.yaml").is_file()]
    assert {f.parent.name for f in files} >= {"_default", "en", "tr", "az"}
    for f in files:
        rules = load_rules(Path(str(f)))
        assert rules.language == f.parent.name


def test_invalid_yaml_names_file(tmp_path: Path) -> None:
    bad = tmp_path / "segment.yaml"
    bad.write_text("language: en\nabbreviations: Dr.\n", encoding="utf-8")
    with pytest.raises(SegmentDataError) as err:
        load_rules(bad)
    assert str(bad) in str(err.value) and "abbreviations" in str(err.value)


def test_invalid_regex_and_unknown_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad_regex.yaml"
    bad.write_text("language: xx\nno_break:\n  - {id: broken, token: '(unclosed'}\n", encoding="utf-8")
    with pytest.raises(SegmentDataError, match=r"bad_regex\.yaml"):
        load_rules(bad)
    extra = tmp_path / "extra.yaml"
    extra.write_text("language: xx\nabbrevs: [Dr.]\n", encoding="utf-8")
    with pytest.raises(SegmentDataError, match=r"extra\.yaml"):
        load_rules(extra)
    broken = tmp_path / "broken.yaml"
    broken.write_text("language: [unclosed\n", encoding="utf-8")
    with pytest.raises(SegmentDataError, match=r"broken\.yaml"):
        load_rules(broken)


def test_custom_rules_file_is_merged_over_default(tmp_path: Path) -> None:
    custom = tmp_path / "segment.yaml"
    custom.write_text("language: xx\nabbreviations: [Zz.]\n", encoding="utf-8")
    rules = load_rules(custom)
    text = "Zz. Foo went home. H. Bar stayed."
    assert sents(text, "en") == ["Zz.", "Foo went home.", "H. Bar stayed."]
    assert [text[s:e] for s, e in segment(text, rules=rules)] == ["Zz. Foo went home.", "H. Bar stayed."]


def test_language_fallback_and_cache() -> None:
    assert normalise_lang("tr-TR") == "tr"
    assert normalise_lang(None) == normalise_lang("und") == "_default"
    assert rules_for("xx").language == "_default"
    assert rules_for("az") is rules_for("az")
    assert sents("Hello there. Next one.", "xx") == ["Hello there.", "Next one."]


# -- real documents -----------------------------------------------------------------------------------------


def _seed(name: str) -> str:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed {path} not available")
    return path.read_text(encoding="utf-8")


def test_seed_000_mixed_document() -> None:
    text = _seed("000_a105f8a203e2d5d2.txt")
    got = sents(text, "az")
    assert got[1] == "Summary"
    assert "If we evaluate the bilateral relations over 4 periods" in got[6]
    assert "A.Mutallibov's pro-Russian policy, A.Elchibey's excessive" in got[6]
    assert any(s.startswith("-  tl rd n biri olan  Az -\nci il 18 oktyabr tarixind") for s in got)
    assert "".join(text.split()) == "".join("".join(got).split())


def test_seed_002_turkish_document() -> None:
    text = _seed("002_fbde54b755dce6f1.txt")
    got = sents(text, "tr")
    assert "ABD ile Azerbaycan arasındaki gerilimi artırmıştı.[1]" in got[5]
    assert got[6].startswith("ABD'li yetkililerin Azerbaycan'la üst düzey")
    assert "**E-Posta:** info@avim.org.tr" in got
    assert "".join(text.split()) == "".join("".join(got).split())
