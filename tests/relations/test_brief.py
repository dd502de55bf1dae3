from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from dyadwatch.relations import cluster_new_mentions
from dyadwatch.relations.brief import make_brief, md_text, safe_url

from .corpus import D, DocBuilder, M, build
from .test_periods import LEXICON, H

BIDEN = H("Joe Biden", "USA", date(2021, 1, 20), date(2025, 1, 20))
HOSTILE = (
    DocBuilder("en-x", "en", D(2023, 12, 11), "<b>Evil</b> Outlet", "javascript:alert(1)", "x")
    .say("The <script>alert('x')</script> US urged Azerbaijan on December 10 to [click](javascript:alert(2)).",
         M("HX", "US", "Azerbaijan", "REQUEST", "urged", D(2023, 12, 10)))
)  # fmt: skip


def _brief(make_store, labelled, tmp_path: Path):
    a, b, labels = labelled
    store = make_store()
    store.write_batch(a + b + build([HOSTILE], labels), None)
    cluster_new_mentions(store)
    return make_brief(store, "USA", "AZE", date(2023, 11, 13), date(2023, 12, 13), tmp_path / "out",
                      lexicon=[*LEXICON, BIDEN])  # fmt: skip


def test_brief_lists_dated_items_in_order_with_citations(make_store, labelled, tmp_path: Path) -> None:
    res = _brief(make_store, labelled, tmp_path)
    md = res.markdown.read_text(encoding="utf-8")
    assert res.n_events == 9  # H1 H2 H6 H7 H8 H9 H10 HX + planned P6 (H4, H5 are other dyads)
    items = re.findall(r"^- \*\*(\d{4}-\d{2}-\d{2}) — (\w+) [–→] (\w+): (\w+)", md, flags=re.M)
    dates = [d for d, *_ in items]
    happened = md.split("## Announced or proposed")[0]
    occurred_dates = re.findall(r"^- \*\*(\d{4}-\d{2}-\d{2})", happened, flags=re.M)
    assert occurred_dates == sorted(occurred_dates) and len(occurred_dates) == 8
    assert occurred_dates[0] == "2023-11-16" and occurred_dates[-1] == "2023-12-10"
    assert len(dates) == 9  # plus the planned visit
    # every event has each of its sentences cited with outlet, date and URL
    assert "“U.S. Secretary of State Antony Blinken called Azerbaijani President Ilham Aliyev on Monday.” — " \
           "Reuters: “Blinken calls Aliyev”, 2023-11-28, <https://example.org/en-1> [en]" in md  # fmt: skip
    assert re.search(r"APA(: “[^”]+”)?, 2023-11-28, <https://example.org/az-1> \[az\]", md)
    assert md.count(" — ") >= 25
    assert "happened: 2023-12-07" in md  # the planned visit is linked to the visit
    # trend with numbers: halves of the window (first half H2 −4, H1 +1, H10 +1; second H8 −2, H9 −2, H6 +1.9,
    # H7 −4, HX −0.1)
    assert res.trend.label == "worsening"
    assert (res.trend.first_n, res.trend.second_n) == (3, 5)
    assert abs(res.trend.first_mean - (-2 / 3)) < 1e-9 and abs(res.trend.second_mean - (-6.2 / 5)) < 1e-9
    assert "**worsening.** Mean Goldstein score per event: -0.67 (n=3)" in md
    assert "AZE: Ilham Aliyev; USA: Joe Biden" in md
    # hostile text is escaped in Markdown too
    assert "<script>" not in md and "<javascript" not in md
    assert not re.search(r"(?<!\\)\]\(javascript", md) and r"\[click\](javascript" in md


def test_brief_html_escapes_untrusted_text(make_store, labelled, tmp_path: Path) -> None:
    res = _brief(make_store, labelled, tmp_path)
    page = res.html.read_text(encoding="utf-8")
    assert "<script" not in page
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript", page, flags=re.I)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Evil&lt;/b&gt; Outlet" in page
    assert 'href="javascript' not in page
    assert '<a href="https://example.org/en-1" rel="nofollow noopener">' in page


def test_brief_plots_are_valid_png_and_svg(make_store, labelled, tmp_path: Path) -> None:
    res = _brief(make_store, labelled, tmp_path)
    pngs = [p for p in res.plots if p.suffix == ".png"]
    svgs = [p for p in res.plots if p.suffix == ".svg"]
    assert len(pngs) == len(svgs) == 2
    for p in pngs:
        data = p.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" and len(data) > 2000
    for s in svgs:
        root = ET.parse(s).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert len(list(root.iter())) > 50
    md = res.markdown.read_text(encoding="utf-8")
    assert all(f"({p.name})" in md for p in pngs)


def test_escaping_helpers() -> None:
    assert safe_url("javascript:alert(1)") is None and safe_url("https://a.b/c?d=1") == "https://a.b/c?d=1"
    assert safe_url('https://a.b/"onmouseover=x') is None and safe_url(None) is None
    assert md_text("[x](javascript:y) <b>\n*") == r"\[x\](javascript:y) \<b\> \*"
