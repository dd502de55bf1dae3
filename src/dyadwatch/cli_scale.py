"""CLI for sharded and distributed extraction: ``dyadwatch extract INPUT --shards/--dask/--db``.

``dyadwatch.cli.extract`` hands over to ``sharded_extract`` when one of those options is given; the work is done
by ``dyadwatch.scale.runner``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from dyadwatch.settings import Settings

log = logging.getLogger(__name__)
err = Console(stderr=True)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)


def _count_lines(paths: Sequence[str]) -> int | None:
    try:
        total = 0
        for p in paths:
            with open(p, "rb") as fh:
                total += sum(1 for line in fh if line.strip())
        return total
    except OSError:
        return None


def sharded_extract(
    inputs: Sequence[str],
    settings: Settings,
    output: str | None,
    to_store: bool,
    dask: str | None,
    workers: int,
    shards: Path | None,
    partition_lines: int,
    overwrite: bool,
) -> None:
    """Run ``dyadwatch.scale.runner.run_sharded`` with a progress bar (on a terminal) and print a summary."""
    from dyadwatch.scale.runner import run_sharded
    from dyadwatch.scale.shards import ShardError
    from dyadwatch.store import StoreError

    for p in inputs:
        if p == "-" or not Path(p).is_file():
            raise _fail(f"sharded extraction needs JSONL files, not {p!r}", 2)
    if workers < 1 or partition_lines < 1:
        raise _fail("--workers and --partition-lines must be at least 1", 2)
    folder = shards or Path(inputs[0]).with_name(Path(inputs[0]).name + ".shards")
    try:
        if err.is_terminal:
            cols = [SpinnerColumn(), TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
            with Progress(*cols, console=err, transient=True) as bar:
                task = bar.add_task("extracting", total=_count_lines(inputs))
                summary = run_sharded(inputs, settings, folder, output, to_store, dask, workers, partition_lines,
                                      overwrite, lambda n: bar.advance(task, n))  # fmt: skip
        else:
            summary = run_sharded(inputs, settings, folder, output, to_store, dask, workers, partition_lines, overwrite)
    except (ShardError, StoreError) as exc:
        raise _fail(str(exc)) from exc
    except OSError as exc:
        raise _fail(f"{exc.strerror or exc}{f': {exc.filename}' if exc.filename else ''}") from exc
    where = f"dask {dask}" if dask else "this process"
    err.print(
        f"{summary.documents} documents, {summary.sentences} sentences → {summary.mentions} events"
        f" ({len(summary.failures)} bad input lines); {summary.partitions} shards in {folder}"
        f" ({summary.reused} reused), coded in {where} by {len(summary.workers)} worker(s)",
        soft_wrap=True,
    )
    if output is not None:
        err.print(f"{summary.events_written} events written to {output}", soft_wrap=True)
    if to_store:
        err.print(
            f"run {summary.run_id}: {summary.stored} documents stored, {summary.skipped} already stored,"
            f" {summary.events} new events (deduplicated) in {settings.db_url}",
            soft_wrap=True,
        )
    for where_, reason in summary.failures:
        err.print(f"[yellow]skipped[/yellow] {escape(where_)}: {escape(reason)}", soft_wrap=True)
