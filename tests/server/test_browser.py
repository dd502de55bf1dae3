"""Browser tests: Debian's headless chromium (driven by Playwright, nothing downloaded) against
``dyadwatch serve`` started by the test on a free loopback port over a store filled by ingesting documents.

Screenshots go to ``$DYADWATCH_TEST_ARTIFACTS`` or ``tests/artifacts/``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.conftest import SEED_002

from .conftest import SCRIPT_DOC, TOKEN, chromium, copy_db

CHROMIUM = chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(filled_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real CLI: ``python -m dyadwatch serve`` in a subprocess; yields the base URL."""
    db = copy_db(filled_db, tmp_path_factory.mktemp("browser") / "served.sqlite")
    port = _free_port()
    log = tmp_path_factory.mktemp("browser-log") / "serve.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dyadwatch", "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
            env={**os.environ, "DYADWATCH_TOKEN": TOKEN}, stdout=fh, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            assert proc.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.problems = problems
    yield page
    context.close()


def _event_with_mention_from(base: str, suffix: str) -> tuple[dict, dict]:
    """A USA–AZE event with a report from the document whose path ends with ``suffix``, and that report."""
    events = httpx.get(f"{base}/api/events", params={"a": "USA", "b": "AZE", "limit": 500}).json()["items"]
    for e in events:
        detail = httpx.get(f"{base}/api/events/{e['id']}").json()
        for m in detail["mentions"]:
            doc = httpx.get(f"{base}/api/documents/{m['document']['id']}").json()
            if (doc["path"] or "").endswith(suffix):
                return detail, m
    raise AssertionError(f"no USA–AZE event reported in {suffix}")


def _open_dashboard(page, base: str) -> None:
    page.goto(f"{base}/")
    page.wait_for_selector("body[data-ready=true]")
    page.select_option("#pair", "AZE-USA")
    page.wait_for_selector("body[data-loading=false]")
    expect(page.locator("#chart svg rect[class^='bar-q']")).not_to_have_count(0)  # polls without eval (CSP)


def _click_event(page, event_id: str) -> None:
    row = page.locator(f"#events tr[data-event-id='{event_id}']")
    for _ in range(20):  # page through the table until the row shows
        if row.count():
            break
        page.click("#next")
        page.wait_for_timeout(200)
    row.click()
    page.wait_for_selector(f"#evidence .event-head[data-event-id='{event_id}']")


def test_dashboard_pair_chart_and_seed_evidence(page, server: str, artifacts_dir: Path) -> None:
    suffix = SEED_002.name if SEED_002.is_file() else SCRIPT_DOC.name
    event, mention = _event_with_mention_from(server, suffix)
    _open_dashboard(page, server)
    assert page.locator("#pair").input_value() == "AZE-USA"
    assert page.locator("#chart svg rect[class^='bar-q']").count() > 0
    assert "AZE–USA" in page.locator("#chart-title").text_content()
    assert page.locator("#timeline svg circle").count() > 0
    _click_event(page, event["id"])
    box = page.locator(f"#evidence .mention[data-mention-id='{mention['id']}']")
    sentence = box.locator(".sentence")
    assert " ".join(sentence.text_content().split()) == " ".join(mention["sentence"]["text"].split())
    assert box.locator(".m-trigger").first.text_content() == mention["trigger"]["text"]
    assert box.locator(".m-source").count() >= 1 and box.locator(".m-target").count() >= 1
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(artifacts_dir / "dashboard-usa-aze.png"), full_page=True)
    assert not page.problems, page.problems


def test_script_in_a_document_shows_as_text(page, server: str, artifacts_dir: Path) -> None:
    event, mention = _event_with_mention_from(server, SCRIPT_DOC.name)
    _open_dashboard(page, server)
    _click_event(page, event["id"])
    link = page.locator(f"#evidence button[data-doc-id='{mention['document']['id']}']")
    title = "<script>window.__pwned = 1</script> Blinken calls Aliyev"
    assert link.text_content() == title
    link.click()
    page.wait_for_selector("#doc-view:not([hidden])")
    assert page.locator("#doc-title").text_content() == title
    body = page.locator("#doc-text").text_content()
    assert "<script>window.__pwned = 4</script>" in body and 'onerror="window.__pwned = 5"' in body
    assert page.locator("#doc-text .m-trigger").first.text_content() == mention["trigger"]["text"]
    assert page.evaluate("typeof window.__pwned") == "undefined"  # nothing from the document ran
    assert page.locator("#doc-view script, #doc-view img, #evidence script, #evidence img").count() == 0
    assert page.locator("script").count() == 1  # only the dashboard's own module
    page.screenshot(path=str(artifacts_dir / "document-with-script.png"), full_page=False)
    page.keyboard.press("Escape")
    assert page.locator("#doc-view").is_hidden()
    assert not page.problems, page.problems


def test_csp_blocks_inline_script_even_if_injected(page, server: str) -> None:
    """Defence in depth: were markup ever inserted, the CSP would still refuse to run inline script."""
    page.goto(f"{server}/")
    page.wait_for_selector("body[data-ready=true]")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__pwned = 7';
                             document.body.appendChild(s); }""")  # fmt: skip
    page.wait_for_timeout(100)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert any("Content Security Policy" in p for p in page.problems)


def test_upload_from_the_dashboard(page, server: str, tmp_path: Path) -> None:
    """The token field and upload form: without the token the server refuses; with it the file is stored."""
    note = tmp_path / "dashboard-upload.txt"
    note.write_text("On 3 March 2024 Azerbaijan's foreign minister Jeyhun Bayramov met U.S. Secretary of State "
                    "Antony Blinken in Washington.\n", encoding="utf-8")  # fmt: skip
    page.goto(f"{server}/")
    page.wait_for_selector("body[data-ready=true]")
    page.click("#access summary")
    page.set_input_files("#upload-file", str(note))
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#upload-result")).to_contain_text("token")
    page.fill("#token", TOKEN)
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#upload-result")).to_contain_text("dashboard-upload.txt: 1 stored")
    assert page.evaluate("sessionStorage.getItem('dyadwatch-token')") == TOKEN
    docs = httpx.get(f"{server}/api/documents", params={"limit": 500}).json()["items"]
    assert any(d["path"] == "upload:dashboard-upload.txt" for d in docs)
    assert not [p for p in page.problems if "401" not in p], page.problems
