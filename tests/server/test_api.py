"""The HTTP API over a real SQLite store filled by ingesting documents: reads agree with the CLI's functions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dyadwatch.relations.series import dyad_series, series_row
from dyadwatch.store import Store
from dyadwatch.store import events_repo as repo
from tests.conftest import SEED_002

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def client(filled_db: Path, make_client):
    return make_client(filled_db)


def assert_error(resp, status: int, code: str) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status and body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def test_health_and_openapi(client) -> None:
    h = client.get("/api/health").json()
    assert h["status"] == "ok" and h["revision"] == "0003" and h["database"] == "sqlite" and h["writes_enabled"]
    schema = client.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    for p in ("/api/documents", "/api/documents/{doc_id}", "/api/documents/{doc_id}/recode", "/api/events",
              "/api/events/{event_id}", "/api/mentions", "/api/mentions/{mention_id}", "/api/series", "/api/periods",
              "/api/briefs", "/api/runs", "/api/facets"):  # fmt: skip
        assert p in paths, p
    assert "ErrorOut" in schema["components"]["schemas"]
    assert "413" in schema["paths"]["/api/documents"]["post"]["responses"]
    assert client.get("/docs").status_code == 404  # no CDN-hosted Swagger page


def test_events_match_the_store_and_paginate(client, filled_db: Path) -> None:
    with Store(f"sqlite:///{filled_db}") as store, store.engine.connect() as conn:
        expected = repo.load_events(conn, "USA", "AZE")
    got = client.get("/api/events", params={"a": "usa", "b": "AZE", "limit": 500}).json()
    assert got["total"] == len(expected) >= 10
    assert {e["id"] for e in got["items"]} == {e.id for e in expected}
    dated = [e["date"] for e in got["items"] if e["date"]]
    assert dated == sorted(dated) and all(e["date"] is None for e in got["items"][len(dated) :])  # undated last
    by_id = {e.id: e for e in expected}
    for e in got["items"]:
        ref = by_id[e["id"]]
        assert (e["n_mentions"], e["n_docs"], tuple(e["languages"]), e["quad"]) == (
            ref.n_mentions, ref.n_docs, ref.languages, ref.quad)  # fmt: skip
        assert e["goldstein"] == pytest.approx(ref.goldstein) and e["plover"] == pytest.approx(ref.plover)
    pages = [client.get("/api/events", params={"a": "USA", "b": "AZE", "limit": 4, "offset": o}).json()
             for o in range(0, got["total"], 4)]  # fmt: skip
    assert [e["id"] for p in pages for e in p["items"]] == [e["id"] for e in got["items"]]
    newest = client.get("/api/events", params={"a": "USA", "b": "AZE", "order": "desc", "limit": 1}).json()
    assert newest["items"][0]["date"] == max(dated)


def test_event_filters(client) -> None:
    q = {"a": "USA", "b": "AZE", "limit": 500}
    everything = client.get("/api/events", params=q).json()["items"]
    for params, keep in (
        ({"type": "CONSULT,REJECT"}, lambda e: e["event"] in ("CONSULT", "REJECT")),
        ({"from": "2023-11-16", "to": "2023-11-30"}, lambda e: e["date"] and "2023-11-16" <= e["date"] <= "2023-11-30"),
        ({"lang": "az"}, lambda e: "az" in e["languages"]),
        ({"status": "planned"}, lambda e: e["status"] == "planned"),
        ({"directed": True}, lambda e: (e["source"], e["target"]) == ("USA", "AZE")),
    ):
        got = client.get("/api/events", params={**q, **params}).json()
        want = [e["id"] for e in everything if keep(e)]
        assert [e["id"] for e in got["items"]] == want and got["total"] == len(want) > 0, params
    one = client.get("/api/events", params={"a": "AZE"}).json()
    assert one["total"] > len(everything) and all("AZE" in (e["source"], e["target"]) for e in one["items"])
    assert_error(client.get("/api/events", params={"from": "2024-01-01", "to": "2023-01-01"}), 400, "bad_request")
    assert_error(client.get("/api/events", params={"a": "US<A>"}), 422, "invalid")
    assert_error(client.get("/api/events", params={"limit": 0}), 422, "invalid")


def test_event_evidence_is_highlighted_in_its_sentence(client) -> None:
    page = client.get("/api/events", params={"a": "USA", "b": "AZE", "type": "CONSULT", "limit": 50}).json()
    ev = client.get(f"/api/events/{page['items'][0]['id']}").json()
    assert ev["mentions"] and len(ev["mentions"]) == ev["n_mentions"]
    for m in ev["mentions"]:
        assert "".join(s["text"] for s in m["segments"]) == m["sentence"]["text"]
        trig = "".join(s["text"] for s in m["segments"] if "trigger" in s["marks"])
        assert trig == m["trigger"]["text"]
        for side in ("source", "target"):
            marked = "".join(s["text"] for s in m["segments"] if side in s["marks"])
            assert m[side]["span"]["text"] in marked
        assert m["document"]["id"] and client.get(f"/api/mentions/{m['id']}").json() == m
    ms = client.get("/api/mentions", params={"event_id": ev["id"]}).json()
    assert ms["total"] == ev["n_mentions"] and [x["id"] for x in ms["items"]] == [x["id"] for x in ev["mentions"]]
    assert_error(client.get("/api/events/ev-nope"), 404, "not_found")
    assert_error(client.get("/api/mentions"), 400, "bad_request")
    assert_error(client.get("/api/mentions/999999"), 404, "not_found")


def test_documents_list_and_show(client) -> None:
    page = client.get("/api/documents", params={"limit": 100}).json()
    assert page["total"] == len(page["items"]) >= 13 + SEED_002.is_file()
    assert all("text" not in d for d in page["items"])
    doc = next(d for d in page["items"] if d["path"].endswith("script-in-title.html"))
    full = client.get(f"/api/documents/{doc['id']}").json()
    assert "".join(s["text"] for s in full["segments"]) == full["text"]
    assert full["sentences"] and full["mentions"]
    evidence = "".join(s["text"] for s in full["segments"] if "evidence" in s["marks"])
    assert full["mentions"][0]["sentence"]["text"] in evidence
    # untrusted markup comes back as data, exactly as stored, in JSON
    assert full["title"].startswith("<script>window.__pwned = 1</script>")
    assert "<script>window.__pwned = 4</script>" in full["text"]
    assert client.get(f"/api/documents/{doc['id']}").headers["content-type"] == "application/json"
    assert client.get("/api/documents", params={"lang": "tr"}).json()["total"] >= 3
    assert_error(client.get("/api/documents/nope"), 404, "not_found")
    assert_error(client.get("/api/documents", params={"status": "weird"}), 422, "invalid")


def test_series_equals_the_cli_series(client, filled_db: Path) -> None:
    with Store(f"sqlite:///{filled_db}") as store:
        for params, kw in (
            ({"period": "month"}, {"period": "month"}),
            ({"period": "week", "from": "2023-11-01", "to": "2024-01-31"},
             {"period": "week", "start": date(2023, 11, 1), "end": date(2024, 1, 31)}),
            ({"period": "year", "directed": True, "status": "occurred,planned"},
             {"period": "year", "directed": True, "statuses": ("occurred", "planned")}),
        ):  # fmt: skip
            got = client.get("/api/series", params={"a": "USA", "b": "AZE", **params}).json()
            want = [series_row(p) for p in dyad_series(store, "USA", "AZE", **kw)]
            assert got["points"] == want and want, params
    typed = client.get("/api/series", params={"a": "USA", "b": "AZE", "type": "CONSULT", "period": "year"}).json()
    assert 0 < sum(p["n_events"] for p in typed["points"]) < sum(p["n_events"] for p in got["points"])
    assert_error(client.get("/api/series", params={"a": "USA"}), 400, "bad_request")
    assert_error(client.get("/api/series", params={"a": "USA", "b": "AZE", "period": "fortnight"}), 422, "invalid")
    too_long = client.get("/api/series", params={"a": "USA", "b": "AZE", "period": "day", "from": "1900-01-01"})
    assert_error(too_long, 400, "bad_request")


def test_periods_briefs_runs_facets(client) -> None:
    per = client.get("/api/periods", params={"a": "USA", "b": "AZE"}).json()
    assert per["tenures"] and all(p["kind"] in ("tenure", "window") for p in per["tenures"])
    for c in per["changes"]:
        assert c["direction"] in ("improving", "worsening") and all(d["id"].startswith("ev-") for d in c["drivers"])
    assert_error(client.get("/api/periods", params={"a": "USA", "b": "AZE", "metric": "nope"}), 422, "invalid")
    brief = client.get("/api/briefs", params={"a": "USA", "b": "AZE", "from": "2023-11-01", "to": "2023-12-31"}).json()
    assert brief["n_events"] > 0 and brief["markdown"].startswith("# USA–AZE relations")
    assert "\\<script\\>" in brief["markdown"]  # the untrusted title/sentence is escaped in Markdown
    runs = client.get("/api/runs").json()
    assert runs["total"] >= 1 and runs["items"][0]["command"] == "ingest" and runs["items"][0]["counts"]["documents"]
    facets = client.get("/api/facets").json()
    assert {"a": "AZE", "b": "USA"} in [{"a": p["a"], "b": p["b"]} for p in facets["pairs"]]
    assert {"en", "tr", "az"} <= set(facets["languages"]) and "CONSULT" in facets["types"]


def test_security_headers_everywhere(client) -> None:
    for path in ("/", "/static/app.js", "/api/health", "/api/events", "/api/nope"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp, path
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["x-frame-options"] == "DENY"
    index = client.get("/").text
    assert '<script type="module" src="/static/app.js"></script>' in index
    assert "http://" not in index and "https://" not in index  # nothing from a CDN
    for name in ("app.js", "dom.js", "chart.js", "views.js"):
        code = "\n".join(line.split("//")[0] for line in client.get(f"/static/{name}").text.splitlines())
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in code, (name, sink)
