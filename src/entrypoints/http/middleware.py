"""Raw ASGI middleware: a request id on every response and log line, and one access log line."""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Final

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from adapters.logging import request_id_var

access_logger = logging.getLogger("access")

REQUEST_ID_HEADER: Final = b"x-request-id"
# A client may pass its own id for tracing; anything odd is replaced rather than logged.
_SAFE_REQUEST_ID: Final = re.compile(rb"^[A-Za-z0-9._-]{1,64}$")


def _incoming_request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER and _SAFE_REQUEST_ID.match(value):
            return value.decode()
    return uuid.uuid4().hex


def request_id_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        request_id = _incoming_request_id(scope)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (REQUEST_ID_HEADER, request_id.encode())]
            await send(message)

        try:
            await app(scope, receive, send_with_id)
        finally:
            access_logger.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            request_id_var.reset(token)

    return middleware
