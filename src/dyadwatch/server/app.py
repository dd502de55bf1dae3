"""The FastAPI application: JSON API under ``/api``, the dashboard at ``/``, one error shape, security headers.

``create_app(settings)`` opens (and migrates) the store named by ``settings.db``; ``dyadwatch serve`` runs it
with uvicorn. The OpenAPI schema is published at ``/api/openapi.json`` (no CDN-hosted docs pages).
"""

from __future__ import annotations

import json
import logging
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from dyadwatch import __version__
from dyadwatch.relations.series_db import SeriesTooLong
from dyadwatch.server.security import AuthError, SecurityMiddleware
from dyadwatch.server.service import Conflict, NotFound, ServerService
from dyadwatch.server.uploads import UploadRejected
from dyadwatch.settings import Settings

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid", 500: "internal",
}  # fmt: skip
BODY_OVERHEAD = 1024 * 1024  # multipart framing and form fields allowed on top of the upload limit


def error_body(status: int, code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    """The one JSON shape of every error: ``{"error": {"status", "code", "message", "details"}}``."""
    return {"error": {"status": status, "code": code, "message": message, "details": details}}


def error_response(status: int, code: str, message: str, details: list[Any] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message, details), status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        return error_response(exc.status_code, code, message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()
        ]
        where = ", ".join(".".join(str(x) for x in d["loc"]) for d in details)
        return error_response(422, "invalid", f"invalid request: {where}", jsonable_encoder(details))

    @app.exception_handler(AuthError)
    async def _auth(_: Request, exc: AuthError) -> JSONResponse:
        resp = error_response(exc.status, exc.code, exc.message)
        if exc.status == 401:
            resp.headers["www-authenticate"] = "Bearer"
        return resp

    @app.exception_handler(NotFound)
    async def _missing(_: Request, exc: NotFound) -> JSONResponse:
        return error_response(404, "not_found", str(exc))

    @app.exception_handler(Conflict)
    async def _conflict(_: Request, exc: Conflict) -> JSONResponse:
        return error_response(409, "conflict", str(exc))

    @app.exception_handler(UploadRejected)
    async def _rejected(_: Request, exc: UploadRejected) -> JSONResponse:
        return error_response(415, "unsupported_media_type", str(exc))

    @app.exception_handler(SeriesTooLong)
    async def _too_long(_: Request, exc: SeriesTooLong) -> JSONResponse:
        return error_response(400, "bad_request", str(exc))

    @app.exception_handler(Exception)
    async def _internal(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error: %s", exc)
        return error_response(500, "internal", "internal server error")


def create_app(settings: Settings | None = None, service: ServerService | None = None) -> Any:
    """The ASGI application (FastAPI wrapped in the security middleware); ``app.state.service`` holds the store."""
    from dyadwatch.server import routes_data, routes_docs

    settings = settings or Settings()
    service = service or ServerService(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        yield
        service.close()

    app = FastAPI(
        title="dyadwatch",
        version=__version__,
        description="Coded events between countries with their evidence: documents, events, mentions, dyad series, "
        'periods, briefs and runs. Errors always have the shape {"error": {status, code, message, details}}.',
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.settings = settings
    _install_error_handlers(app)
    app.include_router(routes_docs.router, prefix="/api")
    app.include_router(routes_data.router, prefix="/api")
    static = resources.files("dyadwatch.server") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(str(static / "index.html"), media_type="text/html; charset=utf-8",
                            headers={"cache-control": "no-cache"})  # fmt: skip

    limit = int(settings.max_upload_mb * 1024 * 1024) + BODY_OVERHEAD

    def body(status: int, code: str, message: str) -> bytes:
        return json.dumps(error_body(status, code, message)).encode()

    wrapped = SecurityMiddleware(app, limit, body)
    wrapped.state = app.state  # type: ignore[attr-defined]
    wrapped.fastapi = app  # type: ignore[attr-defined]
    return wrapped


__all__ = ["create_app", "error_body"]
