"""Schema validation and load-time checks of actor data files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyadwatch.actors import LexiconError, load_lexicon, role_codes
from dyadwatch.actors.loader import load_entries, schema

GOOD = """\
- id: AAA
  kind: country
  forms: {en: [Aland], tr: [Alandiya], az: [Alandiya]}
- id: BBB
  kind: country
  forms: {en: [Bland]}
- id: someone
  kind: person
  country: AAA
  forms: {all: [Some One, One]}
  tenures:
    - {country: AAA, role: head_of_state, start: 2001-02-03, end: null}
"""


def _write(folder: Path, text: str, name: str = "a.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(folder: Path) -> str:
    with pytest.raises(LexiconError) as exc:
        load_entries(folder, use_cache=False)
    return str(exc.value)


def test_good_file_loads(tmp_path: Path) -> None:
    _write(tmp_path, GOOD)
    lex = load_lexicon(tmp_path)
    assert len(lex) == 3
    assert lex.get("someone").tenures[0].start.isoformat() == "2001-02-03"


def test_bad_role_names_file_and_entry(tmp_path: Path) -> None:
    _write(tmp_path, GOOD.replace("role: head_of_state", "role: emperor"), "people.yaml")
    msg = _error(tmp_path)
    assert "people.yaml" in msg
    assert "'someone'" in msg
    assert "emperor" in msg


def test_missing_forms_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path, "- id: CCC\n  kind: country\n", "c.yaml")
    msg = _error(tmp_path)
    assert "c.yaml" in msg and "'CCC'" in msg and "forms" in msg


def test_country_needs_an_english_form(tmp_path: Path) -> None:
    _write(tmp_path, "- id: CCC\n  kind: country\n  forms: {tr: [Ceceland]}\n")
    assert "'en' is a required property" in _error(tmp_path)


def test_person_needs_tenures(tmp_path: Path) -> None:
    _write(tmp_path, GOOD + "- id: nobody\n  kind: person\n  country: AAA\n  forms: {all: [No Body]}\n")
    msg = _error(tmp_path)
    assert "'nobody'" in msg and "tenures" in msg


def test_bad_date_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path, GOOD.replace("2001-02-03", "2001-02-30"))
    msg = _error(tmp_path)
    assert "'someone'" in msg and "2001-02-30" in msg


def test_end_before_start_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path, GOOD.replace("end: null", "end: 2000-01-01"))
    assert "before it starts" in _error(tmp_path)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "a.yaml")
    _write(tmp_path, "- id: AAA\n  kind: country\n  forms: {en: [Again]}\n", "b.yaml")
    msg = _error(tmp_path)
    assert "duplicate id 'AAA'" in msg and "a.yaml" in msg and "b.yaml" in msg


def test_unknown_country_code_in_tenure(tmp_path: Path) -> None:
    _write(tmp_path, GOOD.replace("{country: AAA, role", "{country: ZZZ, role"))
    msg = _error(tmp_path)
    assert "ZZZ" in msg and "'someone'" in msg


def test_role_noun_listed_under_two_roles(tmp_path: Path) -> None:
    roles = (
        "- id: r1\n  kind: role\n  role: envoy\n  forms: {en: [envoy]}\n"
        "- id: r2\n  kind: role\n  role: ambassador\n  forms: {en: [Envoy]}\n"
    )
    _write(tmp_path, GOOD + roles)
    assert "role noun 'Envoy'" in _error(tmp_path)


def test_yaml_syntax_error_names_the_file(tmp_path: Path) -> None:
    _write(tmp_path, "- id: [unclosed\n", "broken.yaml")
    assert "broken.yaml" in _error(tmp_path)


def test_empty_folder(tmp_path: Path) -> None:
    assert "no actor data files" in _error(tmp_path)


def test_schema_documents_every_role_code() -> None:
    role = schema()["$defs"]["role"]
    assert set(role["x-role-codes"]) == set(role["enum"]) == set(role_codes())


def test_schema_file_is_valid_json_schema() -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(schema())
    path = Path(__file__).resolve().parents[2] / "src" / "dyadwatch" / "data" / "schema" / "actors.schema.json"
    assert json.loads(path.read_text(encoding="utf-8")) == schema()


def test_disk_cache_gives_the_same_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DYADWATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DYADWATCH_NO_CACHE", raising=False)
    data = tmp_path / "data"
    _write(data, GOOD)
    first, _ = load_entries(data)
    assert list((tmp_path / "cache").glob("actors-*.json"))
    second, _ = load_entries(data)
    assert [(e.id, e.forms, e.tenures) for e in first] == [(e.id, e.forms, e.tenures) for e in second]
    # a change to the data misses the cache and is validated again
    _write(data, GOOD.replace("role: head_of_state", "role: emperor"))
    with pytest.raises(LexiconError):
        load_entries(data)


def test_a_damaged_cache_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DYADWATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DYADWATCH_NO_CACHE", raising=False)
    data = tmp_path / "data"
    _write(data, GOOD)
    first, _ = load_entries(data)
    (cache_file,) = (tmp_path / "cache").glob("actors-*.json")
    cache_file.write_text(json.dumps({"files": [["a.yaml", [{"id": "AAA"}]]]}), encoding="utf-8")
    second, _ = load_entries(data)
    assert [e.id for e in second] == [e.id for e in first]
