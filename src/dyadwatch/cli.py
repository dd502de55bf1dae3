"""Command-line interface: a thin layer over ``dyadwatch.service``. Only this module configures output."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from dyadwatch import __version__
from dyadwatch.settings import Settings, SettingsError, load_settings

app = typer.Typer(
    name="dyadwatch",
    help="Code events between countries from EN/TR/AZ documents, with evidence, into a database.",
    no_args_is_help=True,
    add_completion=False,
)
err = Console(stderr=True)
out = Console()

ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML config file (default ./dyadwatch.toml).")]
DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="SQLite path or database URL (default from settings: dyadwatch.sqlite)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (one object per line for lists) instead of a table.")]


def _settings(config: Path | None, **overrides: Any) -> Settings:
    try:
        return load_settings(config, **overrides)
    except SettingsError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


@contextmanager
def _progress(label: str, total: int | None) -> Iterator[Any]:
    """A rich progress bar on stderr when it is a terminal; a no-op callback otherwise."""
    if not err.is_terminal:
        yield None
        return
    columns = [SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)


def _print_version(value: bool) -> None:
    if value:
        print(f"dyadwatch {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv for debug).")] = 0,
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(message)s", handlers=[RichHandler(console=err, show_path=False)])


@app.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH", help="Files, folders (recursive) or - for standard input.")
    ],
    db: DbOpt = None,
    config: ConfigOpt = None,
    stdin_format: Annotated[
        str, typer.Option(help="Format of standard input: text, markdown, html or jsonl.")
    ] = "text",
    max_file_mb: Annotated[float | None, typer.Option(help="Record larger files as failed.")] = None,
    published: Annotated[
        str | None,
        typer.Option(
            metavar="YYYY-MM-DD",
            help="Publication date for inputs that carry none (plain text, PDF); dates like '27 Kasım' resolve"
            " against it.",
        ),
    ] = None,
) -> None:
    """Read documents, code their events and store everything; bad inputs are recorded as failed, never fatal."""
    from dyadwatch.service import ingest as run_ingest
    from dyadwatch.store import StoreError

    settings = _settings(config, db=db, max_file_mb=max_file_mb)
    try:
        pub = date.fromisoformat(published) if published else None
    except ValueError as exc:
        raise _fail(f"--published is not a YYYY-MM-DD date: {published!r}", 2) from exc
    try:
        with _progress("ingesting", None) as progress:
            summary = run_ingest(paths, settings, progress=progress, stdin_format=stdin_format, published=pub)
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    table = Table(title=f"run {summary.run_id}: {summary.status}", show_header=False)
    table.add_row("database", settings.db_url)
    table.add_row("documents stored", str(summary.documents))
    table.add_row("already stored (skipped)", str(summary.skipped))
    table.add_row("failed", str(len(summary.failures)))
    table.add_row("sentences", str(summary.sentences))
    table.add_row("event mentions", str(summary.mentions))
    table.add_row("new events (deduplicated)", str(summary.events))
    table.add_row("languages", ", ".join(f"{k}: {v}" for k, v in sorted(summary.languages.items())) or "-")
    table.add_row(
        "damaged documents",
        f"{summary.damaged} (damage >= {settings.damage_threshold:g}), {summary.repaired} repaired;"
        f" mean damage {summary.mean_damage:.3f}",
    )
    out.print(table)
    for path, reason in summary.failures:
        out.print(f"[yellow]failed[/yellow] {escape(path)}: {escape(reason)}", soft_wrap=True)


@app.command()
def status(db: DbOpt = None, config: ConfigOpt = None, as_json: JsonOpt = False) -> None:
    """Counts of stored documents (by status and language), sentences, mentions and the last runs."""
    from dyadwatch.store import Store, StoreError

    settings = _settings(config, db=db)
    try:
        with Store(settings.db_url) as store:
            info = store.status(damage_threshold=settings.damage_threshold)
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    if as_json:
        print(json.dumps(info, default=str, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"dyadwatch store {settings.db_url}", show_header=False)
    for k, v in sorted(info["documents"].items()):
        table.add_row(f"documents {k}", str(v))
    table.add_row("languages", ", ".join(f"{k}: {v}" for k, v in sorted(info["languages"].items(), key=str)) or "-")
    table.add_row("sentences", str(info["sentences"]))
    table.add_row("event mentions", str(info["mentions"]))
    dmg = info["damage"]
    mean = "-" if dmg["mean"] is None else f"{dmg['mean']:.3f}"
    table.add_row("damaged documents", f"{dmg['damaged']} (damage >= {dmg['threshold']:g}), {dmg['repaired']} repaired")
    table.add_row("mean document damage", mean)
    table.add_row("schema revision", info["revision"])
    out.print(table)
    if info["runs"]:
        runs = Table(title="last runs")
        for col in ("id", "command", "status", "started", "coder", "counts"):
            runs.add_column(col)
        for r in info["runs"]:
            runs.add_row(
                str(r["id"]),
                r["command"],
                r["status"],
                str(r["started_at"])[:19],
                r["coder_version"] or "",
                r["counts"],
            )
        out.print(runs)


@app.command()
def documents(
    db: DbOpt = None,
    config: ConfigOpt = None,
    status_filter: Annotated[str | None, typer.Option("--status", help="ok or failed.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many rows.")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """List stored documents (and failed inputs with their reasons)."""
    from dyadwatch.store import Store, StoreError

    if status_filter not in (None, "ok", "failed"):
        raise _fail("--status must be ok or failed", 2)
    settings = _settings(config, db=db)
    try:
        with Store(settings.db_url) as store:
            rows = store.list_documents(status_filter, limit, offset)
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    if as_json:  # one JSON object per line
        for r in rows:
            print(json.dumps(r, default=str, ensure_ascii=False))
        return
    table = Table(caption="--json gives every field in full")
    for col in ("id", "status", "lang", "published", "sentences"):
        table.add_column(col, no_wrap=True)
    for col, width in (("title / reason", 48), ("path", 40)):  # long free text: one line each, cut with an ellipsis
        table.add_column(col, no_wrap=True, overflow="ellipsis", max_width=width)
    for r in rows:
        table.add_row(
            escape(r["id"][:16]), r["status"], r["lang"] or "", str(r["published"] or ""), str(r["n_sentences"]),
            escape((r["title"] if r["status"] == "ok" else r["reason"]) or ""), escape(r["path"] or ""),
        )  # fmt: skip
    # piped output has no terminal width: do not squeeze the table into 80 columns
    (out if out.is_terminal else Console(width=160)).print(table)


def _count_lines(path: Path) -> int | None:
    try:
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError:
        return None


@app.command()
def extract(
    input_path: Annotated[str, typer.Argument(metavar="INPUT.jsonl", help="JSONL documents, or - for stdin.")],
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Where to write events (JSONL); - for stdout.")
    ] = None,
    config: ConfigOpt = None,
    db: Annotated[
        str | None, typer.Option("--db", help="Also store documents, sentences and events here (sharded run).")
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(metavar="SCHEDULER|local", help="Code in Dask workers: a scheduler address, or local."),
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes of --dask local.")] = 2,
    shards: Annotated[
        Path | None, typer.Option(help="Folder of Parquet shards; a rerun resumes (default INPUT.jsonl.shards).")
    ] = None,
    partition_lines: Annotated[int, typer.Option(help="Input lines per partition/shard.")] = 1000,
    overwrite: Annotated[bool, typer.Option(help="Discard shards of another job in --shards.")] = False,
) -> None:
    """Code JSONL documents (id, text, published, lang, …) to one JSON event per line. Needs no database.

    With --shards, --dask or --db the input is cut into partitions coded into Parquet shards (in Dask workers with
    --dask), then events go to --output and/or the store in input order; a killed run resumes from its shards.
    """
    from dyadwatch.service import extract as run_extract
    from dyadwatch.service import open_text_out

    settings = _settings(config, db=db)
    if dask or shards or db:
        from dyadwatch.cli_scale import sharded_extract

        sharded_extract([input_path], settings, output, db is not None, dask, workers, shards, partition_lines,
                        overwrite)  # fmt: skip
        return
    if output is None:
        raise _fail("give --output FILE (or - for stdout), or --db to store the results", 2)
    src = Path(input_path)
    if input_path != "-" and not src.is_file():
        raise _fail(f"no such input file: {input_path}", 2)
    total = None if input_path == "-" else _count_lines(src)
    fh_in = sys.stdin.buffer if input_path == "-" else src.open("rb")
    # a file is written under a temporary name and renamed when complete: never a partial file that looks done
    tmp = None if output == "-" else Path(output).with_name(f".{Path(output).name}.tmp")
    try:
        fh_out = open_text_out(output if tmp is None else str(tmp))
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror or exc}", 2) from exc
    try:
        with _progress("extracting", total) as progress:
            summary = run_extract(fh_in, fh_out, settings, name=input_path, progress=progress)
        if tmp is not None:
            fh_out.close()  # a full disk may only show here, when the last buffer is written
            tmp.replace(output)
    except OSError as exc:  # disk full, output file too large ...
        raise _fail(f"cannot write {output}: {exc.strerror or exc}") from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                fh_out.close()
            tmp.unlink(missing_ok=True)
        if fh_in is not sys.stdin.buffer:
            fh_in.close()
    err.print(
        f"{summary.documents} documents, {summary.sentences} sentences → {summary.events} events"
        f" ({len(summary.failures)} bad input lines; {summary.repaired} documents with repaired damaged text)"
    )
    for where, reason in summary.failures:
        err.print(f"[yellow]skipped[/yellow] {escape(where)}: {escape(reason)}", soft_wrap=True)


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(metavar="GOLD.jsonl", help="Gold events (see docs/ARCHITECTURE.md).")],
    docs: Annotated[Path, typer.Argument(metavar="DOCS.jsonl", help="The documents the gold events are from.")],
    config: ConfigOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Run the coder over DOCS and print precision/recall/F1 per language, strict and lenient."""
    from dyadwatch.eval import evaluate as run_eval
    from dyadwatch.eval import format_report, load_jsonl
    from dyadwatch.ingest import read_jsonl_lines
    from dyadwatch.records import Document
    from dyadwatch.service import extract_documents

    for p in (gold, docs):
        if not p.is_file():
            raise _fail(f"no such file: {p}", 2)
    settings = _settings(config)
    with docs.open("rb") as fh:
        items = list(read_jsonl_lines(fh, str(docs)))
    bad = [i for i in items if not isinstance(i, Document)]
    for b in bad:
        err.print(f"[yellow]skipped[/yellow] {escape(b.path)}: {escape(b.reason)}", soft_wrap=True)
    predicted = list(extract_documents([i for i in items if isinstance(i, Document)], settings))
    report = run_eval(load_jsonl(gold), predicted)
    if as_json:
        out.print_json(json.dumps(report.to_json(), default=str))
    else:
        print(format_report(report))


from dyadwatch.cli_interop import register as register_interop  # noqa: E402
from dyadwatch.cli_relations import register as register_relations  # noqa: E402
from dyadwatch.cli_server import register as register_server  # noqa: E402

register_relations(app)
register_interop(app)
register_server(app)


def main() -> None:
    """Entry point of the ``dyadwatch`` script."""
    app()


if __name__ == "__main__":
    main()
