import io
from datetime import date, datetime
from pathlib import Path

from dyadwatch.interop.export import gdelt_row, write_events
from dyadwatch.interop.external import ExternalEvent, ImportProblem, read_gdelt_events, read_icews, read_polecat

DATA = Path(__file__).parent / "data"


def event(doc: str, day: str, src: str, tgt: str, plover: str, mode: str | None, cameo: str, gs: float, quad: int):
    return {
        "doc_id": doc, "sentence": {"start": 0, "end": 40}, "date": day, "date_precision": "day",
        "status": "occurred",
        "source": {"code": None, "country": src, "role": "foreign_minister", "name": "Someone", "text": "X",
                   "start": 0, "end": 1},
        "target": {"code": None, "country": tgt, "role": "head_of_state", "name": None, "text": "Y",
                   "start": 5, "end": 6},
        "plover": {"event": plover, "mode": mode, "context": None}, "cameo": cameo, "intensity": 1.5,
        "goldstein": gs, "quad": quad, "trigger": {"text": "called", "start": 2, "end": 4}, "rule": "r",
        "confidence": 0.9, "coder_version": "t", "lang": "en",
    }  # fmt: skip


EVENTS = [
    event("d1", "2023-11-27", "USA", "AZE", "CONSULT", None, "040", 1.0, 1),
    event("d2", "2023-11-16", "USA", "AZE", "SANCTION", None, "163", -8.0, 4),
    event("d3", "2023-12-05", "ARM", "USA", "CONSULT", "visit", "042", 1.9, 1),
]


def test_gdelt_round_trip_gives_the_same_events() -> None:
    buf = io.StringIO()
    assert write_events(EVENTS, "gdelt", buf) == 3
    lines = buf.getvalue().splitlines()
    assert all(len(line.split("\t")) == 61 for line in lines)
    back = list(read_gdelt_events(lines))
    assert all(isinstance(b, ExternalEvent) for b in back)
    for ev, b in zip(EVENTS, back, strict=True):
        assert b.date == date.fromisoformat(ev["date"])
        assert (b.source_country, b.target_country) == (ev["source"]["country"], ev["target"]["country"])
        assert b.cameo == ev["cameo"] and b.goldstein == ev["goldstein"] and b.quad == ev["quad"]
        assert b.event == ev["plover"]["event"]
        assert b.source_name == "SOMEONE" and b.source_code == ev["source"]["country"] + "GOV"
    assert len({b.ext_id for b in back}) == 3


def test_gdelt_codes_stay_strings_and_bad_rows_are_reported() -> None:
    row = gdelt_row(EVENTS[2], added=datetime(2024, 1, 1))
    assert row[26:29] == ["042", "042", "04"] and row[59] == "20240101000000"
    bad = ["1\t2\t3", "\t".join(["x"] * 61)]
    items = list(read_gdelt_events(bad, "f.tsv"))
    assert [type(i) for i in items] == [ImportProblem, ImportProblem]
    assert "61" in items[0].reason and items[1].where == "f.tsv:2"


def test_icews_names_map_to_codes_and_bad_rows_are_kept_as_problems() -> None:
    lookup = {"United States": "USA", "Azerbaijan": "AZE", "Armenia": "ARM", "Georgia": "GEO"}.get
    with (DATA / "icews_sample.tab").open(encoding="utf-8") as fh:
        items = list(read_icews(fh, "icews_sample.tab", country=lookup))
    events = [i for i in items if isinstance(i, ExternalEvent)]
    problems = [i for i in items if isinstance(i, ImportProblem)]
    assert [(e.source_country, e.target_country, e.cameo) for e in events] == [
        ("USA", "AZE", "040"), ("USA", "AZE", "1632"), ("AZE", "USA", "1246"),
    ]  # fmt: skip
    assert events[1].event == "SANCTION" and events[2].event == "REJECT" and events[0].event == "CONSULT"
    assert [p.where for p in problems] == ["icews_sample.tab:5", "icews_sample.tab:6"]


def test_polecat_rows() -> None:
    with (DATA / "polecat_sample.tsv").open(encoding="utf-8") as fh:
        items = list(read_polecat(fh, "p.tsv"))
    ok = [i for i in items if isinstance(i, ExternalEvent)]
    assert [(e.event, e.mode, e.quad, e.source_country, e.target_country) for e in ok] == [
        ("CONSULT", "visit", 1, "USA", "AZE"), ("CONSULT", None, 1, "ARM", "USA"),
    ]  # fmt: skip
    assert isinstance(items[2], ImportProblem) and "bad value" in items[2].reason


def test_csv_and_plover_exports(tmp_path: Path) -> None:
    assert write_events(EVENTS, "csv", tmp_path / "e.csv") == 3
    header, *rows = (tmp_path / "e.csv").read_text(encoding="utf-8").splitlines()
    assert header.startswith("doc_id,date") and len(rows) == 3
    buf = io.StringIO()
    write_events(EVENTS, "plover", buf)
    import json

    recs = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert recs[2]["event"] == "CONSULT" and recs[2]["mode"] == "visit" and recs[2]["source"][0]["code"] == "ARM"
