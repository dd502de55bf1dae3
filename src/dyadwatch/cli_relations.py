"""CLI commands for events and relationships: cluster, events, series, periods, brief.

Registered on the main app by ``dyadwatch.cli`` with ``register(app)``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

log = logging.getLogger(__name__)
out = Console()
err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite path or database URL.")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML config file (default ./dyadwatch.toml).")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, csv or json.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write CSV/JSON here instead of stdout.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="First date, YYYY-MM-DD.")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last date, YYYY-MM-DD.")]


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise _fail(f"{name} must be a date YYYY-MM-DD, not {value!r}") from exc


@contextmanager
def _store(db: str | None, config: Path | None) -> Iterator[Any]:
    from dyadwatch.settings import SettingsError, load_settings
    from dyadwatch.store import Store, StoreError

    try:
        settings = load_settings(config, db=db)
    except SettingsError as exc:
        raise _fail(str(exc)) from exc
    try:
        store = Store(settings.db_url)
    except StoreError as exc:
        raise _fail(str(exc), 1) from exc
    try:
        yield store
    finally:
        store.close()


def _emit(rows: Sequence[dict[str, Any]], fmt: str, output: Path | None, columns: Sequence[str] | None = None) -> None:
    """Rows as a rich table, CSV or JSON (one array) to stdout or ``output``."""
    if fmt not in ("table", "csv", "json"):
        raise _fail("--format must be table, csv or json")
    cols = list(columns or (rows[0].keys() if rows else []))
    if fmt == "table" and output is None:
        table = Table()
        for c in cols:
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*("" if r.get(c) is None else str(r.get(c)) for c in cols))
        out.print(table)
        return
    if fmt == "json" or fmt == "table":
        text = json.dumps(list(rows), ensure_ascii=False, indent=1, default=str) + "\n"
    else:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list | tuple) else v)
                             for k, v in r.items()})  # fmt: skip
        text = buf.getvalue()
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {len(rows)} rows to {output}")


def cluster(
    db: DbOpt = None,
    config: ConfigOpt = None,
    rebuild: Annotated[bool, typer.Option(help="Delete all events and cluster every mention again.")] = False,
) -> None:
    """Merge new event mentions into events (also run at the end of ingest)."""
    from dyadwatch.relations import cluster_new_mentions, rebuild_events

    with _store(db, config) as store:
        summary = rebuild_events(store) if rebuild else cluster_new_mentions(store)
    _emit([dataclasses.asdict(summary)], "table", None)


EVENT_COLUMNS = ("id", "date", "date_precision", "source", "target", "event", "mode", "status", "quad", "goldstein",
                 "plover", "n_mentions", "n_docs", "languages", "fulfilled_by", "why")  # fmt: skip


def events(
    a: Annotated[str | None, typer.Argument(metavar="A", help="Country code (ISO3), optional.")] = None,
    b: Annotated[str | None, typer.Argument(metavar="B", help="Second country code, optional.")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    status: Annotated[str | None, typer.Option(help="occurred, planned or proposed.")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    citations: Annotated[bool, typer.Option(help="Include each mention's sentence and source (json).")] = False,
) -> None:
    """List events (deduplicated), optionally of one country or pair and a date range."""
    from dyadwatch.relations.cluster import link_planned
    from dyadwatch.store import events_repo as repo

    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    with _store(db, config) as store, store.engine.connect() as conn:
        evs = repo.load_events(conn, a, b, start, end, status)
        cites = repo.citations(conn, [e.id for e in evs]) if citations else {}
        links = link_planned(repo.load_events(conn, a, b)) if evs else {}  # type: ignore[arg-type]
    rows = []
    for e in evs:
        row = {k: getattr(e, k, None) for k in EVENT_COLUMNS}
        row["languages"] = list(e.languages)
        row["fulfilled_by"] = links.get(e.id)
        row["date"] = e.date.isoformat() if e.date else None
        if citations:
            row["mentions"] = [dataclasses.asdict(c) for c in cites.get(e.id, [])]
        rows.append(row)
    cols = [*EVENT_COLUMNS] if fmt != "table" else ["date", "source", "target", "event", "mode", "status",
                                                     "goldstein", "n_mentions", "languages", "id"]  # fmt: skip
    if citations and fmt == "json":
        cols.append("mentions")
    _emit(rows, fmt, output, cols)


def series(
    a: Annotated[str, typer.Argument(metavar="A", help="Country code (ISO3).")],
    b: Annotated[str, typer.Argument(metavar="B", help="Second country code.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
    period: Annotated[str, typer.Option(help="day, week, month, quarter or year.")] = "month",
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    directed: Annotated[bool, typer.Option(help="Split A→B and B→A.")] = False,
    all_statuses: Annotated[bool, typer.Option(help="Count planned/proposed events too.")] = False,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    external: Annotated[
        list[str] | None,
        typer.Option("--external", help="Imported dataset to show beside ours (gdelt, icews, polecat); repeatable."),
    ] = None,
) -> None:
    """Dyad series: events and mentions per period by quad class, PLOVER and Goldstein sums and means."""
    from dyadwatch.relations.series import PERIODS, SERIES_COLUMNS, dyad_series, series_row

    if period not in PERIODS:
        raise _fail(f"--period must be one of {', '.join(PERIODS)}")
    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    statuses = None if all_statuses else ("occurred",)
    cols = SERIES_COLUMNS if fmt != "table" else ("source", "target", "period", "n_events", "n_mentions",
                                                  "verbal_coop", "material_coop", "verbal_conflict",
                                                  "material_conflict", "goldstein_sum", "plover_sum")  # fmt: skip
    if external:
        from dyadwatch.relations.external_series import EXTERNAL_FIELDS, dyad_series_with_external

        with _store(db, config) as store:
            rows = dyad_series_with_external(store, a, b, external, period, start, end, directed, statuses)
        shown = EXTERNAL_FIELDS if fmt != "table" else ("n_events", "goldstein_sum")
        _emit(rows, fmt, output, (*cols, *(f"{d}_{f}" for d in external for f in shown)))
        return
    with _store(db, config) as store:
        points = dyad_series(store, a, b, period, start, end, directed, statuses)
    rows = [series_row(p) for p in points]
    _emit(rows, fmt, output, cols)


def periods(
    a: Annotated[str, typer.Argument(metavar="A", help="Country code (ISO3).")],
    b: Annotated[str, typer.Argument(metavar="B", help="Second country code.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    metric: Annotated[str, typer.Option(help="Series field for change points.")] = "goldstein_sum",
    period: Annotated[str, typer.Option(help="Granularity of the series for change points.")] = "month",
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
) -> None:
    """Leaders' tenures (from the actor lexicon) and change points of the dyad series with their events."""
    from dyadwatch.relations.periods import change_points, dyad_periods, load_default_lexicon
    from dyadwatch.relations.series import build_series
    from dyadwatch.store import events_repo as repo

    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    with _store(db, config) as store, store.engine.connect() as conn:
        evs = repo.load_events(conn, a, b, start, end)
    dated = [e.date for e in evs if e.date]
    first, last = start or min(dated, default=date.today()), end or max(dated, default=date.today())
    rows: list[dict[str, Any]] = [
        {"kind": p.kind, "start": p.start.isoformat(), "end": p.end.isoformat() if p.end else None,
         "label": p.label, "direction": None, "events": []}
        for p in dyad_periods(a, b, first, last, load_default_lexicon())
    ]  # fmt: skip
    points = build_series(evs, period, (a, b), False, first, last)
    try:
        changes = change_points(points, evs, metric=metric)
    except AttributeError as exc:
        raise _fail(f"unknown --metric {metric!r}") from exc
    rows += [{"kind": "change", "start": c.start.isoformat(), "end": None, "label": c.why, "direction": c.direction,
              "events": list(c.drivers)} for c in changes]  # fmt: skip
    rows.sort(key=lambda r: (r["start"], r["kind"]))
    _emit(rows, fmt, output, ("kind", "start", "end", "direction", "label", "events"))


def brief(
    a: Annotated[str, typer.Argument(metavar="A", help="Country code (ISO3).")],
    b: Annotated[str, typer.Argument(metavar="B", help="Second country code.")],
    date_from: Annotated[str, typer.Option("--from", help="First date, YYYY-MM-DD.")],
    date_to: Annotated[str, typer.Option("--to", help="Last date, YYYY-MM-DD.")],
    db: DbOpt = None,
    config: ConfigOpt = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the Markdown, HTML and plots.")] = Path("briefs"),
    period: Annotated[str | None, typer.Option(help="Granularity of the window plot (default by length).")] = None,
) -> None:
    """Write an analyst's brief (Markdown + HTML + PNG/SVG plots) on a pair over a date window."""
    from dyadwatch.relations.brief import make_brief
    from dyadwatch.relations.periods import load_default_lexicon

    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    assert start is not None and end is not None
    if end < start:
        raise _fail("--to is before --from")
    with _store(db, config) as store:
        res = make_brief(store, a, b, start, end, out_dir, load_default_lexicon(), period)
    out.print(f"{res.n_events} events, {res.n_mentions} mentions; trend: {res.trend.label}")
    for p in (res.markdown, res.html, *res.plots):
        out.print(str(p))


def register(app: typer.Typer) -> None:
    """Add the relations commands (cluster, events, series, periods, brief) to ``app``."""
    for fn in (cluster, events, series, periods, brief):
        app.command(name=fn.__name__)(fn)
