"""CLI for interoperability: ``dyadwatch import gdelt|icews|polecat FILE…`` and ``dyadwatch export``.

Registered on the main app by ``dyadwatch.cli`` with ``register(app)``; the work is in ``dyadwatch.interop.service``.
"""

from __future__ import annotations

import logging
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

log = logging.getLogger(__name__)
out = Console()
err = Console(stderr=True)

DbOpt = Annotated[str | None, typer.Option("--db", help="SQLite path or database URL.")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML config file (default ./dyadwatch.toml).")]
SHOW_PROBLEMS = 20


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)


def _settings(db: str | None, config: Path | None):
    from dyadwatch.settings import SettingsError, load_settings

    try:
        return load_settings(config, db=db)
    except SettingsError as exc:
        raise _fail(str(exc), 2) from exc


def _date(value: str | None, name: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise _fail(f"{name} must be a date YYYY-MM-DD, not {value!r}", 2) from exc


def import_(
    dataset: Annotated[str, typer.Argument(metavar="gdelt|icews|polecat", help="Which dataset the files are.")],
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="Files (.gz or one-file .zip too). GDELT: events exports "
            "and/or mentions tables, told apart by their columns.",
        ),
    ],
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Import another dataset's events into the store (external_events) with file and line as provenance.

    Importing again stores nothing twice (one row per dataset and event id); bad rows are reported, never fatal.
    GDELT mentions tables attach their articles to events imported before.
    """
    from dyadwatch.interop.service import import_files
    from dyadwatch.store import StoreError

    if dataset not in ("gdelt", "icews", "polecat"):
        raise _fail(f"unknown dataset {dataset!r}: use gdelt, icews or polecat", 2)
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise _fail(f"no such file: {', '.join(missing)}", 2)
    settings = _settings(db, config)
    try:
        if err.is_terminal:  # a progress line only on a terminal
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            cols = [SpinnerColumn(), TextColumn("importing {task.completed:,} rows"), TimeElapsedColumn()]
            with Progress(*cols, console=err, transient=True) as bar:
                task = bar.add_task("import", total=None)
                summary = import_files(dataset, [str(f) for f in files], settings, lambda n: bar.advance(task, n))
        else:
            summary = import_files(dataset, [str(f) for f in files], settings)
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    table = Table(title=f"run {summary.run_id}: import {dataset}", show_header=False)
    table.add_row("database", settings.db_url)
    table.add_row("rows read", str(summary.rows))
    table.add_row("events stored", str(summary.inserted))
    table.add_row("already stored (skipped)", str(summary.skipped))
    if dataset == "gdelt":
        table.add_row("mentions attached", str(summary.mentions))
        table.add_row("mentions of events not imported", str(summary.unmatched))
    table.add_row("bad rows", str(len(summary.problems)))
    out.print(table)
    for where, reason in summary.problems[:SHOW_PROBLEMS]:
        out.print(f"[yellow]bad row[/yellow] {escape(where)}: {escape(reason)}", soft_wrap=True)
    if len(summary.problems) > SHOW_PROBLEMS:
        out.print(f"… and {len(summary.problems) - SHOW_PROBLEMS} more bad rows")


def export(
    a: Annotated[str | None, typer.Argument(help="Country code (ISO3), optional.")] = None,
    b: Annotated[str | None, typer.Argument(help="Second country code, optional.")] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="gdelt (TSV), plover (JSONL), csv, parquet or jsonl.")
    ] = "gdelt",
    output: Annotated[str, typer.Option("--output", "-o", help="File to write; - for stdout (not parquet).")] = "-",
    events: Annotated[bool, typer.Option("--events", help="Deduplicated events instead of every mention.")] = False,
    date_from: Annotated[str | None, typer.Option("--from", help="First date, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last date, YYYY-MM-DD.")] = None,
    db: DbOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Export our stored event mentions (or --events) as GDELT 2.0 TSV, PLOVER JSONL, CSV, Parquet or JSONL."""
    from dyadwatch.interop import write_events
    from dyadwatch.interop.service import stored_events
    from dyadwatch.store import Store, StoreError

    if fmt not in ("gdelt", "plover", "csv", "parquet", "jsonl"):
        raise _fail("--format must be gdelt, plover, csv, parquet or jsonl", 2)
    if fmt == "parquet" and output == "-":
        raise _fail("parquet needs --output FILE", 2)
    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    settings = _settings(db, config)
    tmp = None if output == "-" else Path(output).with_name(f".{Path(output).name}.tmp")
    try:
        with Store(settings.db_url) as store:
            rows = stored_events(store, a, b, start, end, "events" if events else "mentions")
            if tmp is None:
                n = write_events(rows, fmt, sys.stdout)
            else:
                tmp.parent.mkdir(parents=True, exist_ok=True)
                n = write_events(rows, fmt, tmp)
                tmp.replace(output)
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror or exc}") from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    err.print(f"{n} {'events' if events else 'event mentions'} written as {fmt}"
              f"{'' if output == '-' else ' to ' + output}", soft_wrap=True)  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add ``import`` and ``export`` to ``app``."""
    app.command(name="import")(import_)
    app.command(name="export")(export)
