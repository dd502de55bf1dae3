"""The damage module's language data: schema validation and the test-set split."""

from __future__ import annotations

import copy

import pytest
import yaml

from dyadwatch.damage.langdata import DamageDataError, has_lang, load_lang, parse
from dyadwatch.damage.model import load_model
from tests.damage.conftest import DATA, ROOT, sentences


@pytest.mark.parametrize("lang", ["az", "tr", "en"])
def test_yaml_validates(lang: str) -> None:
    data = load_lang(lang)
    assert data.lang == lang
    assert set(data.lost_letters) <= data.alphabet
    assert 0 < data.detect.threshold < 1


def _raw(lang: str) -> dict:
    path = ROOT / "src" / "dyadwatch" / "data" / "lang" / lang / "damage.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda r: r.pop("alphabet"),
        lambda r: r["detect"].update(threshold=2),
        lambda r: r["repair"].update(beam=0),
        lambda r: r.update(space_letter="ş"),  # not ə, but still a lost letter: allowed
        lambda r: r.update(space_letter="w"),  # not a lost letter: rejected
        lambda r: r.update(impossible=["("]),
        lambda r: r.update(unknown_key=1),
    ],
)
def test_schema_rejects_bad_data(mutate) -> None:
    raw = copy.deepcopy(_raw("az"))
    mutate(raw)
    if raw.get("space_letter") == "ş":
        assert parse(raw).space_letter == "ş"
        return
    with pytest.raises(DamageDataError):
        parse(raw)


def test_unknown_language() -> None:
    assert not has_lang("xx")
    assert not has_lang("../az")
    with pytest.raises(DamageDataError):
        load_lang("zz")


@pytest.mark.parametrize("lang", ["az", "tr"])
def test_models_load(lang: str) -> None:
    model = load_model(lang)
    assert model.usable
    assert len(model.words) > 1000
    assert model.known("ilə" if lang == "az" else "ile")


@pytest.mark.parametrize("lang", ["az", "tr"])
def test_split_is_honest(lang: str) -> None:
    """At least 200 sentences per language, and no held-out sentence is also a training sentence."""
    train, held = sentences(f"{lang}_train"), sentences(f"{lang}_heldout")
    assert len(train) + len(held) >= 200
    assert len(held) >= 100
    assert not set(train) & set(held)
    assert (DATA / f"{lang}_heldout.txt").is_file()
