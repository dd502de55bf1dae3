"""Analyst's brief on one country pair over a date window: Markdown and HTML, with plots.

What happened (in date order, every sentence cited with outlet, date and URL), the trend with its numbers,
leaders in office, change points of the long-run series, and plots (PNG + SVG). Document text is untrusted: the
HTML escapes every piece of it and links only http(s) URLs; the Markdown backslash-escapes markup characters.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dyadwatch.relations.cluster import link_planned
from dyadwatch.relations.periods import ChangePoint, Period, change_points, dyad_periods
from dyadwatch.relations.plots import plot_series
from dyadwatch.relations.series import build_series
from dyadwatch.store.events_repo import Citation, StoredEvent

log = logging.getLogger(__name__)

QUAD_WORDS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
TREND_THRESHOLD = 0.5  # change of mean Goldstein per event that counts as improving / worsening


@dataclass(frozen=True, slots=True)
class Trend:
    """Mean Goldstein per event in the first and second half of the window (and the window before)."""

    label: str  # improving | worsening | stable | not enough events
    first_mean: float | None
    first_n: int
    second_mean: float | None
    second_n: int
    prior_mean: float | None
    prior_n: int
    text: str


@dataclass(frozen=True, slots=True)
class BriefResult:
    """Where the brief was written and what it found."""

    markdown: Path
    html: Path
    plots: tuple[Path, ...]
    n_events: int
    n_mentions: int
    trend: Trend


def _mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def trend(events: Sequence[StoredEvent], start: date, end: date, prior: Sequence[StoredEvent] = ()) -> Trend:
    """Compare mean Goldstein per occurred event between the halves of ``[start, end]``."""
    mid = start + (end - start) / 2
    scored = [e for e in events if e.status == "occurred" and e.goldstein is not None and e.date]
    first = [e.goldstein for e in scored if e.date < mid]  # type: ignore[operator]
    second = [e.goldstein for e in scored if e.date >= mid]  # type: ignore[operator]
    before = [e.goldstein for e in prior if e.status == "occurred" and e.goldstein is not None]
    f, s, p = _mean(first), _mean(second), _mean(before)  # type: ignore[arg-type]
    if f is None or s is None:
        label = "not enough events"
    elif s - f > TREND_THRESHOLD:
        label = "improving"
    elif f - s > TREND_THRESHOLD:
        label = "worsening"
    else:
        label = "stable"

    def fmt(m: float | None, n: int) -> str:
        return "no scored events" if m is None else f"{m:+.2f} (n={n})"

    text = (f"Mean Goldstein score per event: {fmt(f, len(first))} from {start} to {mid - timedelta(days=1)}, "
            f"{fmt(s, len(second))} from {mid} to {end}")  # fmt: skip
    if label in ("improving", "worsening"):
        text += f" — {label} by {abs(s - f):.2f}"  # type: ignore[operator]
    text += f"; the {(end - start).days + 1} days before: {fmt(p, len(before))}."
    return Trend(label, f, len(first), s, len(second), p, len(before), text)


# ---------------------------------------------------------------------------------------------------- escaping
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")


def md_text(s: str | None) -> str:
    """Untrusted text for Markdown: one line, markup characters backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join((s or "").split()))


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) URL without whitespace, else None."""
    if not url or any(c.isspace() for c in url) or any(c in url for c in "<>\"'`"):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def _who(c: Citation) -> str:
    """Outlet, and the title where there is one: "Outlet: Title", or the title alone."""
    title = (c.title or "").strip()
    if c.outlet and title and c.outlet.strip() != title:
        return f"{c.outlet}: “{title}”"
    if c.outlet and c.outlet.strip() != title:
        return c.outlet
    return f"“{title}”" if title else "unknown outlet"


def _cite_md(c: Citation) -> str:
    parts = [md_text(_who(c)), str(c.published or "undated")]
    url = safe_url(c.url)
    parts.append(f"<{url}>" if url else md_text(c.url or c.doc_id))
    return ", ".join(parts)


def _cite_html(c: Citation) -> str:
    url = safe_url(c.url)
    link = (f'<a href="{html.escape(url, quote=True)}" rel="nofollow noopener">{html.escape(url)}</a>' if url
            else html.escape(c.url or c.doc_id))  # fmt: skip
    return f"{html.escape(_who(c))}, {html.escape(str(c.published or 'undated'))}, {link}"


def _headline(e: StoredEvent) -> str:
    arrow = "–" if e.event in ("CONSULT", "AGREE", "COOPERATE") else "→"
    mode = f" ({e.mode})" if e.mode else ""
    quad = QUAD_WORDS.get(e.quad or 0, "unclassified")
    score = f"Goldstein {e.goldstein:+.1f}" if e.goldstein is not None else "Goldstein n/a"
    plover = f"PLOVER {e.plover:+.1f}" if e.plover is not None else "PLOVER n/a"
    when = e.date.isoformat() if e.date else "undated"
    if e.date and e.date_precision in ("month", "year"):
        when = e.date.isoformat()[: 7 if e.date_precision == "month" else 4]
    return (f"{when} — {e.source} {arrow} {e.target}: {e.event}{mode}; {quad}, {score}, {plover}; "
            f"{e.n_mentions} report(s) in {e.n_docs} document(s) ({', '.join(e.languages)})")  # fmt: skip


# ---------------------------------------------------------------------------------------------------- the brief
@dataclass(frozen=True, slots=True)
class _Content:
    a: str
    b: str
    start: date
    end: date
    events: list[StoredEvent]
    planned: list[StoredEvent]
    links: dict[str, str]
    cites: dict[str, list[Citation]]
    trend: Trend
    periods: list[Period]
    changes: list[ChangePoint]
    by_id: dict[str, StoredEvent]
    plots: tuple[Path, ...]


CHANGE_CONTEXT_DAYS = 365
PLOT_CONTEXT_DAYS = 3 * 365
"""Change points of the monthly series are listed when they fall within this many days of the window."""


def _unique_citations(cites: list[Citation]) -> list[Citation]:
    """One citation per (document, sentence): two mentions coded from one sentence are cited once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for c in cites:
        key = (c.doc_id, c.sentence)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def make_brief(
    store: Any, a: str, b: str, start: date, end: date, out_dir: Path, lexicon: Any | None = None,
    period: str | None = None,
) -> BriefResult:  # fmt: skip
    """Write ``brief_A_B_start_end.md`` / ``.html`` and the plots into ``out_dir``."""
    from dyadwatch.store import events_repo as repo

    with store.engine.connect() as conn:
        all_events = repo.load_events(conn, a, b)
        cites = repo.citations(conn, [e.id for e in all_events if e.date and start <= e.date <= end])
    cites = {k: _unique_citations(v) for k, v in cites.items()}
    window = [e for e in all_events if e.date and start <= e.date <= end]
    length = end - start + timedelta(days=1)
    prior = [e for e in all_events if e.date and start - length <= e.date < start]
    links = link_planned(all_events)  # type: ignore[arg-type]
    tr = trend(window, start, end, prior)
    dated = [e.date for e in all_events if e.date]
    long_start, long_end = min([*dated, start]), max([*dated, end])
    periods = dyad_periods(a, b, long_start, long_end, lexicon)
    monthly = build_series(all_events, "month", (a, b), False, long_start, long_end)
    # the monthly plot shows the years around the window, not the whole history
    plot_lo = max(long_start, start - timedelta(days=PLOT_CONTEXT_DAYS))
    plot_hi = min(long_end, end + timedelta(days=CHANGE_CONTEXT_DAYS))
    monthly_near = [p for p in monthly if p.end >= plot_lo and p.start <= plot_hi]
    # change points of the whole history, reported when they fall near the window and some event drives them
    near_lo, near_hi = start - timedelta(days=CHANGE_CONTEXT_DAYS), end + timedelta(days=CHANGE_CONTEXT_DAYS)
    changes = [c for c in change_points(monthly, all_events) if c.drivers and near_lo <= c.start <= near_hi]
    days = (end - start).days + 1
    period = period or ("day" if days <= 45 else "week" if days <= 200 else "month")
    window_points = build_series(window, period, (a, b), False, start, end)
    stem = f"brief_{a}_{b}_{start}_{end}"
    out_dir.mkdir(parents=True, exist_ok=True)
    p1 = plot_series(window_points, out_dir / f"{stem}_window", f"{a}–{b}: events per {period}, {start} to {end}",
                     [p for p in periods if p.end is None or p.end >= start], [])  # fmt: skip
    p2 = plot_series(monthly_near, out_dir / f"{stem}_monthly",
                     f"{a}–{b}: events per month around the window, with leaders and change points",
                     periods, changes, highlight=(start, end))  # fmt: skip
    content = _Content(
        a, b, start, end, [e for e in window if e.status == "occurred"], [e for e in window if e.status != "occurred"],
        links, cites, tr, [p for p in periods if (p.end is None or p.end >= start) and p.start <= end], changes,
        {e.id: e for e in all_events}, (*p1, *p2),
    )  # fmt: skip
    md_path, html_path = out_dir / f"{stem}.md", out_dir / f"{stem}.html"
    md_path.write_text(_markdown(content), encoding="utf-8")
    html_path.write_text(_html(content), encoding="utf-8")
    n_mentions = sum(e.n_mentions for e in window)
    log.info("brief %s–%s %s..%s: %d events, %d mentions → %s", a, b, start, end, len(window), n_mentions, md_path)
    return BriefResult(md_path, html_path, (*p1, *p2), len(window), n_mentions, tr)


def _summary_line(c: _Content) -> str:
    n_m = sum(e.n_mentions for e in c.events)
    docs = {x.doc_id for e in c.events for x in c.cites.get(e.id, [])}
    quads = [sum(1 for e in c.events if e.quad == q) for q in (1, 2, 3, 4)]
    return (f"{len(c.events)} events from {n_m} reports in {len(docs)} documents; "
            + ", ".join(f"{QUAD_WORDS[q]} {quads[q - 1]}" for q in (1, 2, 3, 4)) + ".")  # fmt: skip


def _markdown(c: _Content) -> str:
    out = [f"# {c.a}–{c.b} relations, {c.start} to {c.end}", "", _summary_line(c), "", "## Trend", "",
           f"**{c.trend.label}.** {c.trend.text}", "", "## What happened", ""]  # fmt: skip
    if not c.events:
        out.append("No events were recorded in this window.")
    for e in c.events:
        out.append(f"- **{md_text(_headline(e))}**")
        for cite in c.cites.get(e.id, []):
            out.append(f"  - “{md_text(cite.sentence)}” — {_cite_md(cite)} [{cite.lang}]")
        if e.n_mentions > 1:
            out.append(f"  - *merged:* {md_text(e.why)}")
    if c.planned:
        out += ["", "## Announced or proposed", ""]
        for e in c.planned:
            done = c.by_id.get(c.links.get(e.id, ""))
            tail = f" — happened: {done.date} ({md_text(done.id)})" if done else ""
            out.append(f"- **{md_text(_headline(e))}** ({md_text(e.status)}){tail}")
            for cite in c.cites.get(e.id, []):
                out.append(f"  - “{md_text(cite.sentence)}” — {_cite_md(cite)} [{cite.lang}]")
    out += ["", "## Periods", ""]
    for p in c.periods:
        out.append(f"- {p.start} to {p.end or 'now'}: {md_text(p.label)}")
    if c.changes:
        out += ["", f"## Change points (monthly series, within {CHANGE_CONTEXT_DAYS} days of the window)", ""]
        for cp in c.changes:
            drivers = "; ".join(md_text(_headline(c.by_id[i])) for i in cp.drivers if i in c.by_id) or "none dated"
            out.append(f"- {cp.period}: {cp.direction} ({md_text(cp.why)}). Driven by: {drivers}")
    out += ["", "## Plots", ""]
    out += [f"![{p.stem}]({p.name})" for p in c.plots if p.suffix == ".png"]
    out += ["", "*SVG versions: " + ", ".join(p.name for p in c.plots if p.suffix == ".svg") + ".*", ""]
    return "\n".join(out)


def _html(c: _Content) -> str:
    e_ = html.escape
    out = ["<!doctype html>", '<html><head><meta charset="utf-8">',
           f"<title>{e_(f'{c.a}–{c.b} relations, {c.start} to {c.end}')}</title>",
           "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}li{margin:.3em 0}"
           ".cite{color:#555}.why{color:#777;font-size:.9em}</style></head><body>",
           f"<h1>{e_(c.a)}–{e_(c.b)} relations, {c.start} to {c.end}</h1>", f"<p>{e_(_summary_line(c))}</p>",
           "<h2>Trend</h2>", f"<p><strong>{e_(c.trend.label)}.</strong> {e_(c.trend.text)}</p>",
           "<h2>What happened</h2>", "<ol>"]  # fmt: skip
    for ev in [*c.events, *c.planned]:
        status = "" if ev.status == "occurred" else f" ({ev.status})"
        done = c.by_id.get(c.links.get(ev.id, ""))
        status += f" — happened: {done.date}" if done else ""
        out.append(f"<li><strong>{e_(_headline(ev) + status)}</strong><ul>")
        for cite in c.cites.get(ev.id, []):
            out.append(
                f'<li>“{e_(cite.sentence)}” <span class="cite">— {_cite_html(cite)} [{e_(cite.lang)}]</span></li>'
            )
        if ev.n_mentions > 1:
            out.append(f'<li class="why">merged: {e_(ev.why)}</li>')
        out.append("</ul></li>")
    out.append("</ol><h2>Periods</h2><ul>")
    out += [f"<li>{p.start} to {e_(str(p.end or 'now'))}: {e_(p.label)}</li>" for p in c.periods]
    out.append("</ul>")
    if c.changes:
        out.append(f"<h2>Change points (monthly series, within {CHANGE_CONTEXT_DAYS} days of the window)</h2><ul>")
        for cp in c.changes:
            drivers = "; ".join(_headline(c.by_id[i]) for i in cp.drivers if i in c.by_id) or "none dated"
            out.append(f"<li>{e_(cp.period)}: {e_(cp.direction)} ({e_(cp.why)}). Driven by: {e_(drivers)}</li>")
        out.append("</ul>")
    out.append("<h2>Plots</h2>")
    out += [f'<p><img src="{e_(p.name, quote=True)}" alt="{e_(p.stem, quote=True)}"></p>' for p in c.plots
            if p.suffix == ".svg"]  # fmt: skip
    out.append("</body></html>\n")
    return "\n".join(out)
