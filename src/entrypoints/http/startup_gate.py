"""Holds requests back with a 503 while the service is still preparing its database."""

from __future__ import annotations

from typing import Final

import msgspec
from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPResponseBodyEvent, HTTPResponseStartEvent, Receive, Scope, Send

from entrypoints.http.errors import ErrorBody

# Health checks and the docs answer while the database is being prepared.
_ALWAYS_OPEN: Final = ("/health/", "/openapi.json", "/schema")
_STARTING_BODY: Final = msgspec.json.encode(
    ErrorBody(status_code=503, detail="Service is starting: waiting for the database")
)


class StartupGate:
    """Closed until the database is reachable and migrated; then open for good."""

    def __init__(self, *, is_open: bool) -> None:
        self.is_open = is_open

    def open(self) -> None:
        self.is_open = True

    def wrap(self, app: ASGIApp) -> ASGIApp:
        async def gate(scope: Scope, receive: Receive, send: Send) -> None:
            if self.is_open or scope["type"] != ScopeType.HTTP or scope["path"] == "/":
                await app(scope, receive, send)
                return
            if scope["path"].startswith(_ALWAYS_OPEN):
                await app(scope, receive, send)
                return
            start: HTTPResponseStartEvent = {
                "type": "http.response.start",
                "status": 503,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(_STARTING_BODY)).encode()),
                    (b"retry-after", b"2"),
                ],
            }
            body: HTTPResponseBodyEvent = {
                "type": "http.response.body",
                "body": _STARTING_BODY,
                "more_body": False,
            }
            await send(start)
            await send(body)

        return gate
