"""The outermost layer of every HTTP request: its id, the start-up gate and the access log.

One plain ASGI function rather than three, since it runs on every request.
"""

from __future__ import annotations

import itertools
import os
import re
import time
from typing import Final

from litestar.enums import ScopeType
from litestar.types import (
    ASGIApp,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    Message,
    Receive,
    Scope,
    Send,
)

from adapters.logging import AccessLog, request_id_var
from entrypoints.http.startup_gate import StartupGate

REQUEST_ID_HEADER: Final = b"x-request-id"
# A client may pass its own id for tracing; anything odd is replaced rather than logged.
_SAFE_REQUEST_ID: Final = re.compile(rb"^[A-Za-z0-9._-]{1,64}$")


class _RequestIds:
    """Ids unique across processes and restarts: a random prefix per process, then a counter."""

    def __init__(self) -> None:
        self._prefix = os.urandom(6).hex()
        self._counter = itertools.count(1)

    def next(self) -> str:
        return f"{self._prefix}{next(self._counter):08x}"


def _incoming_request_id(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER:
            return value.decode() if _SAFE_REQUEST_ID.match(value) else None
    return None


async def _answer_starting(send: Send, request_id: bytes) -> None:
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": 503,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(StartupGate.STARTING_BODY)).encode()),
            (b"retry-after", b"2"),
            (REQUEST_ID_HEADER, request_id),
        ],
    }
    body: HTTPResponseBodyEvent = {
        "type": "http.response.body",
        "body": StartupGate.STARTING_BODY,
        "more_body": False,
    }
    await send(start)
    await send(body)


def request_context_middleware(app: ASGIApp, gate: StartupGate, access_log: AccessLog) -> ASGIApp:
    ids = _RequestIds()

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope) or ids.next()
        encoded_id = request_id.encode()
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (REQUEST_ID_HEADER, encoded_id)]
            await send(message)

        try:
            if gate.admits(scope["path"]):
                await app(scope, receive, send_with_id)
            else:
                status = 503
                await _answer_starting(send, encoded_id)
        finally:
            if access_log.enabled:
                access_log.record(
                    request_id, scope["method"], scope["path"], status, (time.perf_counter() - started) * 1000
                )
            request_id_var.reset(token)

    return middleware
