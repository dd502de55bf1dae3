"""HTTP server: a FastAPI JSON API and a dashboard over one store (``pip install 'dyadwatch[server]'``).

``create_app(settings)`` builds the ASGI app; ``dyadwatch serve`` runs it with uvicorn. See docs/SERVER.md.
"""

from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any) -> Any:
    """The ASGI application; imports FastAPI only when called."""
    try:
        from dyadwatch.server.app import create_app as _create
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the installed extras
        raise RuntimeError(f"the server needs its extra: pip install 'dyadwatch[server]' ({exc.name} missing)") from exc
    return _create(*args, **kwargs)


__all__ = ["create_app"]
