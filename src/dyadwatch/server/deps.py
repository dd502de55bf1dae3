"""Shared route dependencies: the service object, read/write authorisation, common query parameters."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from dyadwatch.server.models import ErrorOut
from dyadwatch.server.security import AuthError, check_token
from dyadwatch.server.service import ServerService

_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,15}$")


def service(request: Request) -> ServerService:
    return request.app.state.service


def require_read(request: Request) -> None:
    """Reads are open when ``read_public``; otherwise they need the token like writes."""
    settings = request.app.state.settings
    if settings.read_public:
        return
    if not settings.token:
        raise AuthError(403, "forbidden", "reads are not public and no server token is configured")
    check_token(settings.token, request.headers, write=False)


def require_write(request: Request) -> None:
    """Writes (upload, re-code, delete) always need the token."""
    check_token(request.app.state.settings.token, request.headers, write=True)


def country(value: str | None, name: str) -> str | None:
    """An upper-cased country/organisation code, or a 422 for anything else."""
    if value is None or value == "":
        return None
    code = value.strip().upper()
    if not _CODE.match(code):
        raise HTTPException(422, f"{name} must be a country or organisation code like USA or NATO")
    return code


def split_list(values: list[str] | None) -> tuple[str, ...]:
    """Repeated and comma-separated query values, e.g. ``type=CONSULT,AGREE&type=AID``."""
    out: list[str] = []
    for v in values or []:
        out += [x.strip() for x in v.split(",") if x.strip()]
    return tuple(dict.fromkeys(out))


Service = Annotated[ServerService, Depends(service)]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]

ERRORS = {
    s: {"model": ErrorOut, "description": d}
    for s, d in ((400, "Bad request"), (401, "Token missing"), (403, "Wrong token or not allowed"),
                 (404, "Not found"), (422, "Invalid parameters"))
}  # fmt: skip
WRITE_ERRORS = {**ERRORS, 409: {"model": ErrorOut, "description": "Conflict"},
                413: {"model": ErrorOut, "description": "Upload too large"},
                415: {"model": ErrorOut, "description": "File type not accepted"}}  # fmt: skip
