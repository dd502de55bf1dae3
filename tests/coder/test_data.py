"""Data files: schema validation (errors name the file), ontology tables, trigger compilation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dyadwatch.coder import TABLES_VERSION, Coder, CoderDataError
from dyadwatch.coder.ontology import Ontology, default_ontology
from dyadwatch.coder.resources import DATA_ROOT, available_languages, load_language
from dyadwatch.coder.text import lower, tokenize
from dyadwatch.coder.triggers import TriggerSet, compile_sequence


def test_languages_complete() -> None:
    assert {"en", "tr", "az"} <= set(available_languages())
    for lang in ("en", "tr", "az"):
        data = load_language(lang)
        assert data["triggers"]["patterns"]


def test_schema_error_names_file(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA_ROOT / "schema", root / "schema")
    shutil.copytree(DATA_ROOT / "ontology", root / "ontology")
    shutil.copytree(DATA_ROOT / "lang" / "tr", root / "lang" / "tr")
    bad = root / "lang" / "tr" / "triggers.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("event: CONSULT", "event: CONSULTX", 1), encoding="utf-8")
    with pytest.raises(CoderDataError, match=r"triggers\.yaml"):
        Coder(lexicon=None, data_root=root)


def test_ontology_tables() -> None:
    o = default_ontology()
    assert o.version == TABLES_VERSION
    # documented decision: the manual's ACCUSE base score +3 is read as -3
    assert o.score("ACCUSE", None, "111").intensity == -3.0
    s = o.score("CONSULT", "phone", "041")
    assert (s.intensity, s.goldstein, s.quad) == (1.5, 1.0, 1)
    s = o.score("SANCTION", "discontinue", "1622")
    assert (s.intensity, s.goldstein, s.quad) == (-6.0, -5.6, 4)
    assert o.cameo("163").event == "SANCTION"
    assert o.actor_code("USA", "foreign_minister") == "USAGOV"
    for event in (
        "CONSULT",
        "AGREE",
        "SUPPORT",
        "COOPERATE",
        "AID",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
        "RETREAT",
    ):
        assert o.quad(event) in (1, 2, 3, 4)


def test_ontology_version_mismatch(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA_ROOT / "ontology", root / "ontology")
    p = root / "ontology" / "roles.tsv"
    p.write_text(p.read_text(encoding="utf-8").replace(TABLES_VERSION, "0.0"), encoding="utf-8")
    with pytest.raises(CoderDataError, match="versions differ"):
        Ontology(root)


def test_every_cameo_code_of_patterns_is_known() -> None:
    o = default_ontology()
    for lang in available_languages():
        for p in load_language(lang)["triggers"]["patterns"]:
            assert o.cameo(p["cameo"]) is not None, (lang, p["id"], p["cameo"])


def test_pattern_syntax() -> None:
    seq = compile_sequence("telefon* ~1 görüş*|!görüşl*", "t")
    assert len(seq) == 2 and seq[1].gap == 1
    assert seq[1].match("görüştü") == len("görüş")
    assert seq[1].match("görüşleri") == -1
    with pytest.raises(CoderDataError):
        compile_sequence("~1 x", "t")


def test_trigger_index_and_gap() -> None:
    data = {
        "lang": "tr",
        "patterns": [
            {
                "id": "tr.x",
                "match": ["telefon* ~1 görüş*"],
                "event": "CONSULT",
                "cameo": "041",
                "examples": [{"text": "x"}],
            }
        ],
    }
    ts = TriggerSet(data, "t", lower)
    toks = tokenize(lower("Aliyev ile telefonda uzun görüştü", "tr"))
    hits, _ = ts.find(toks)
    assert [h.tokens for h in hits] == [(2, 4)]
    toks = tokenize(lower("Aliyev ile telefonda çok uzun görüştü", "tr"))
    assert ts.find(toks)[0] == []
