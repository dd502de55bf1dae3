"""Security of the HTTP server: the API token, response headers (a strict Content-Security-Policy), and a hard
limit on request bodies enforced while they stream in.

Document text and titles are untrusted. The dashboard only ever puts them into the page with ``textContent``;
the CSP allows scripts from this server's own files only (no inline scripts, no ``eval``), so even a mistake
there cannot execute injected markup.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

log = logging.getLogger(__name__)

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
TOKEN_HEADER = "x-dyadwatch-token"


class AuthError(Exception):
    """Missing (401) or wrong (403) token, or writes disabled (403)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def presented_token(headers: Any) -> str | None:
    """The token from ``Authorization: Bearer …`` or the ``X-Dyadwatch-Token`` header."""
    auth = headers.get("authorization") or ""
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return headers.get(TOKEN_HEADER)


def check_token(expected: str, headers: Any, write: bool) -> None:
    """Raise ``AuthError`` unless the request carries ``expected``; with no token configured writes are off."""
    if not expected:
        if write:
            raise AuthError(403, "writes_disabled", "write endpoints are disabled: set the server token "
                                                    "(DYADWATCH_TOKEN or --token)")  # fmt: skip
        return
    got = presented_token(headers)
    if not got:
        raise AuthError(401, "unauthorized", "this endpoint needs the API token (Authorization: Bearer …)")
    if not hmac.compare_digest(got.encode("utf-8"), expected.encode("utf-8")):
        raise AuthError(403, "forbidden", "wrong API token")


Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class SecurityMiddleware:
    """Pure ASGI middleware: security headers on every response; request bodies capped at ``max_body`` bytes
    (declared ``Content-Length`` refused up front, streamed bodies counted as they arrive)."""

    def __init__(self, app: Any, max_body: int, error_body: Callable[[int, str, str], bytes]) -> None:
        self.app, self.max_body, self.error_body = app, max_body, error_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = rejected = False

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            nonlocal started
            if rejected:
                return  # the 413 has been sent; whatever the app answers after the cut-off is dropped
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            await self._reject(send_with_headers)
            return
        seen = 0

        async def counting_receive() -> MutableMapping[str, Any]:
            nonlocal seen, rejected
            if rejected:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body and not started:
                    await self._reject(send_with_headers)
                    rejected = True
                    return {"type": "http.disconnect"}
            return message

        await self.app(scope, counting_receive, send_with_headers)

    async def _reject(self, send: Send) -> None:
        body = self.error_body(413, "too_large", f"request body larger than the limit of {self.max_body} bytes")
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})


__all__ = ["CSP", "SECURITY_HEADERS", "AuthError", "SecurityMiddleware", "check_token"]
