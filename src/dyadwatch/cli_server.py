"""CLI command ``dyadwatch serve``: the HTTP API and dashboard (registered by ``dyadwatch.cli`` with ``register``)."""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

log = logging.getLogger(__name__)
err = Console(stderr=True)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: Annotated[str | None, typer.Option("--db", help="SQLite path or database URL (postgresql://…).")] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="TOML config file (default ./dyadwatch.toml).")
    ] = None,
    host: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    token: Annotated[
        str | None,
        typer.Option(help="API token for write endpoints; prefer DYADWATCH_TOKEN, flags show in process lists."),
    ] = None,
    read_public: Annotated[
        bool | None, typer.Option("--read-public/--read-private", help="Reads without the token (default yes).")
    ] = None,
    max_upload_mb: Annotated[float | None, typer.Option(help="Largest upload accepted (default 10).")] = None,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = False,
) -> None:
    """Serve the HTTP API (/api, OpenAPI at /api/openapi.json) and the dashboard (/) over one database."""
    from dyadwatch.settings import SettingsError, load_settings
    from dyadwatch.store import StoreError

    try:
        settings = load_settings(config, db=db, host=host, port=port, token=token, read_public=read_public,
                                 max_upload_mb=max_upload_mb)  # fmt: skip
    except SettingsError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    try:
        import uvicorn

        from dyadwatch.server import create_app
    except (ImportError, RuntimeError) as exc:
        err.print("[red]error:[/red] the server needs its extra: pip install 'dyadwatch[server]'")
        raise typer.Exit(1) from exc
    try:
        app = create_app(settings)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from exc
    if not settings.token:
        err.print("write endpoints are disabled (no token); set DYADWATCH_TOKEN to enable uploads")
    if not _loopback(settings.host) and settings.read_public:
        err.print(f"[yellow]warning:[/yellow] listening on {settings.host} with public reads")
    err.print(f"dyadwatch: http://{settings.host}:{settings.port}/  (API: /api, schema: /api/openapi.json)")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info" if access_log else "warning",
                access_log=access_log)  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add ``serve`` to ``app``."""
    app.command(name="serve")(serve)
