"""Security of the API: tokens for writes (and private reads), upload limits and type checks, file names that
cannot reach a path, untrusted markup kept as data; and the write endpoints themselves (upload, re-code, delete)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dyadwatch.server.uploads import UploadRejected, check_upload, safe_filename
from dyadwatch.store import Store
from dyadwatch.store import events_repo as repo

from .conftest import TOKEN
from .test_api import assert_error

AUTH = {"Authorization": f"Bearer {TOKEN}"}
TEXT = (b"On 27 November 2023 U.S. Secretary of State Antony Blinken spoke by phone with President Ilham Aliyev "
        b"of Azerbaijan. A note said <script>alert('x')</script> in the text.\n")  # fmt: skip


def upload(client, name: str = "note.txt", data: bytes = TEXT, ctype: str = "text/plain", **kw):
    return client.post("/api/documents", files={"file": (name, data, ctype)}, **kw)


def test_writes_need_the_token(db_copy: Path, make_client) -> None:
    client = make_client(db_copy)
    err = assert_error(upload(client), 401, "unauthorized")
    assert "token" in err["message"]
    assert_error(upload(client, headers={"Authorization": "Bearer wrong"}), 403, "forbidden")
    assert_error(upload(client, headers={"X-Dyadwatch-Token": "wrong"}), 403, "forbidden")
    doc = client.get("/api/documents").json()["items"][0]["id"]
    assert_error(client.delete(f"/api/documents/{doc}"), 401, "unauthorized")
    assert_error(client.post(f"/api/documents/{doc}/recode"), 401, "unauthorized")
    assert client.get(f"/api/documents/{doc}").status_code == 200  # reads are public by default
    assert upload(client, headers={"X-Dyadwatch-Token": TOKEN}).status_code == 201


def test_no_token_configured_means_no_writes(db_copy: Path, make_client) -> None:
    client = make_client(db_copy, token="")
    assert_error(upload(client, headers=AUTH), 403, "writes_disabled")
    assert client.get("/api/health").json()["writes_enabled"] is False


def test_private_reads(db_copy: Path, make_client) -> None:
    client = make_client(db_copy, read_public=False)
    for path in ("/api/events", "/api/documents", "/api/series?a=USA&b=AZE", "/api/facets", "/api/runs"):
        assert_error(client.get(path), 401, "unauthorized")
        assert client.get(path, headers=AUTH).status_code == 200, path
    assert client.get("/api/health").status_code == 200 and client.get("/").status_code == 200
    closed = make_client(db_copy, read_public=False, token="")
    assert_error(closed.get("/api/events"), 403, "forbidden")


def test_upload_size_limit(db_copy: Path, make_client) -> None:
    client = make_client(db_copy, max_upload_mb=0.01)  # 10 KiB
    assert_error(upload(client, data=b"a" * 11_000, headers=AUTH), 413, "too_large")
    body = b"x" * (3 * 1024 * 1024)  # over limit + multipart allowance: refused before it is read
    resp = client.post("/api/documents", content=body, headers={**AUTH, "content-type": "application/octet-stream"})
    assert_error(resp, 413, "too_large")
    assert "content-security-policy" in resp.headers
    assert upload(client, headers=AUTH).status_code == 201


@pytest.mark.parametrize(
    ("name", "ctype", "data"),
    [
        ("tool.exe", "application/octet-stream", b"MZ\x90\x00"),
        ("picture.png", "image/png", b"\x89PNG\r\n"),
        ("note.txt", "image/png", TEXT),
        ("fake.pdf", "application/pdf", b"just text"),
        ("paper.txt", "text/plain", b"%PDF-1.7 ..."),
        ("blob.txt", "text/plain", b"abc\x00\x01\x02def"),
        ("noext", "text/plain", TEXT),
    ],
)
def test_bad_types_are_415(db_copy: Path, make_client, name: str, ctype: str, data: bytes) -> None:
    client = make_client(db_copy)
    assert_error(upload(client, name, data, ctype, headers=AUTH), 415, "unsupported_media_type")


def test_file_names_cannot_reach_a_path(db_copy: Path, make_client, tmp_path: Path) -> None:
    client = make_client(db_copy)
    before = {p: p.stat().st_mtime_ns for p in (Path("/etc/passwd"),) if p.exists()}
    cwd_before = sorted(os.listdir())
    res = upload(client, "../../etc/passwd.txt", headers=AUTH)
    assert res.status_code == 201, res.text
    out = res.json()
    assert out["filename"] == "passwd.txt" and len(out["documents"]) == 1
    doc = client.get(f"/api/documents/{out['documents'][0]}").json()
    assert doc["path"] == "upload:passwd.txt"
    assert {p: p.stat().st_mtime_ns for p in before} == before and sorted(os.listdir()) == cwd_before
    assert "<script>alert('x')</script>" in doc["text"]  # returned as data
    for raw, safe in (("..\\..\\windows\\win.ini", "win.ini"), ("/abs/path/x.md", "x.md"), ("..", "upload"),
                      (".hidden.txt", "hidden.txt"), ("a\x00b\n.txt", "ab.txt"), ("<b>x</b>.html", "b_.html"),
                      ("", "upload"), ("x" * 300 + ".txt", "x" * 116 + ".txt")):  # fmt: skip
        assert safe_filename(raw) == safe, raw
    with pytest.raises(UploadRejected):
        check_upload("../x.sh", "text/plain", b"echo")


def test_upload_recode_delete_keep_events_consistent(db_copy: Path, make_client) -> None:
    client = make_client(db_copy)
    res = upload(client, "blinken.txt", headers=AUTH, data=TEXT, ctype="text/plain")
    out = res.json()
    assert res.status_code == 201 and out["status"] == "completed" and out["mentions"] >= 1, out
    doc_id = out["documents"][0]
    again = upload(client, "blinken-again.txt", headers=AUTH).json()
    assert again["skipped"] == 1 and again["documents"] == []  # idempotent
    runs = client.get("/api/runs").json()["items"]
    assert runs[0]["command"] == "upload" and runs[0]["args"] == ["blinken-again.txt"]

    def snapshot() -> dict[str, tuple]:
        with Store(f"sqlite:///{db_copy}") as store, store.engine.connect() as conn:
            return {e.id: (e.n_mentions, e.date, e.event) for e in repo.load_events(conn)}

    before = snapshot()
    rec = client.post(f"/api/documents/{doc_id}/recode", headers=AUTH).json()
    assert rec["mentions_added"] == rec["mentions_removed"] == out["mentions"]
    assert snapshot() == before  # re-coding with the same coder changes nothing
    mentions_before = sum(n for n, _, _ in before.values())
    gone = client.delete(f"/api/documents/{doc_id}", headers=AUTH).json()
    assert gone["mentions_removed"] == out["mentions"] and gone["events_detached"] >= 1
    after = snapshot()
    assert sum(n for n, _, _ in after.values()) == mentions_before - out["mentions"]
    assert_error(client.get(f"/api/documents/{doc_id}"), 404, "not_found")
    assert_error(client.delete(f"/api/documents/{doc_id}", headers=AUTH), 404, "not_found")
    # aggregates on the events rows still match their mentions after the re-clustering
    page = client.get("/api/events", params={"limit": 500}).json()["items"]
    with Store(f"sqlite:///{db_copy}") as store, store.engine.connect() as conn:
        ref = {e.id: e for e in repo.load_events(conn)}
    assert {e["id"] for e in page} == set(ref)
    assert all(e["n_mentions"] == ref[e["id"]].n_mentions and e["n_docs"] == ref[e["id"]].n_docs for e in page)


def test_recode_of_a_failed_input_is_a_conflict(db_copy: Path, make_client) -> None:
    client = make_client(db_copy)
    res = client.post("/api/documents", headers=AUTH,
                      files={"file": ("empty.txt", b"   \n", "text/plain")}).json()  # fmt: skip
    assert res["failed"] == 1 and res["failures"]
    failed = client.get("/api/documents", params={"status": "failed"}).json()["items"]
    assert failed and failed[0]["reason"]
    assert_error(client.post(f"/api/documents/{failed[0]['id']}/recode", headers=AUTH), 409, "conflict")


def test_repaired_documents_show_the_text_the_coder_read(db_copy: Path, make_client) -> None:
    """Evidence offsets of a repaired document are into its repaired text: sentences and highlights use it."""
    import json

    from dyadwatch.damage import damage
    from tests.eval.gold_run import documents
    from tests.server.conftest import ROOT

    gold = documents(ROOT / "tests" / "golden" / "tr" / "docs.jsonl")[5]
    line = {"id": "damaged-tr", "text": damage(gold.text, "tr", 5), "lang": "tr", "published": str(gold.published)}
    client = make_client(db_copy)
    upload_file = {"file": ("damaged.jsonl", json.dumps(line).encode(), "application/jsonl")}
    res = client.post("/api/documents", headers=AUTH, files=upload_file).json()
    assert res["documents"] == ["damaged-tr"] and res["mentions"] >= 1, res
    doc = client.get("/api/documents/damaged-tr").json()
    assert doc["repaired_text"] and doc["repaired_text"] != doc["text"] == line["text"]
    assert "".join(s["text"] for s in doc["segments"]) == doc["repaired_text"]
    for m in doc["mentions"]:
        start, end = m["sentence"]["start"], m["sentence"]["end"]
        assert m["sentence"]["text"] == doc["repaired_text"][start:end]
        assert "".join(s["text"] for s in m["segments"] if "trigger" in s["marks"]) == m["trigger"]["text"]
    rec = client.post("/api/documents/damaged-tr/recode", headers=AUTH).json()
    assert rec["mentions_added"] == len(doc["mentions"])
    assert client.get("/api/documents/damaged-tr").json()["repaired_text"] == doc["repaired_text"]
