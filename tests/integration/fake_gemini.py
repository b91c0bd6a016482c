"""A small stand-in for the Gemini API, for driving the real google-genai SDK in tests.

It serves `POST /v1beta/models/{model}:generateContent` on 127.0.0.1 (a free port) from a
thread, answers with the replies queued by the test (the last one repeats) or, when a
responder is set, with what it makes of each request, and records every request it received.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

_GENERATE = re.compile(r"^/v1beta/models/(?P<model>[^/:]+):generateContent$")


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_seconds: float = 0.0
    raw: bytes | None = None  # sent as is instead of `body` as JSON


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    path: str
    query: str
    headers: dict[str, str]  # lower-case names
    body: Any

    def prompt_text(self) -> str:
        return "\n".join(
            part.get("text", "")
            for content in self.body.get("contents", [])
            for part in content.get("parts", [])
        )


def answer(text: str, input_tokens: int = 120, output_tokens: int = 900, **candidate: Any) -> Reply:
    """A successful generateContent answer carrying `text`."""
    return Reply(
        body={
            "candidates": [
                {
                    "content": {"role": "model", "parts": [{"text": text}]},
                    "finishReason": "STOP",
                    "index": 0,
                    **candidate,
                }
            ],
            "usageMetadata": {
                "promptTokenCount": input_tokens,
                "candidatesTokenCount": output_tokens,
                "totalTokenCount": input_tokens + output_tokens,
            },
            "modelVersion": "gemini-2.5-flash",
        }
    )


def error(status: int, api_status: str, headers: dict[str, str] | None = None, **extra: Any) -> Reply:
    """An error answer in the shape the Gemini API uses."""
    return Reply(
        status=status,
        body={"error": {"code": status, "message": f"fake {api_status}", "status": api_status, **extra}},
        headers=headers or {},
    )


class FakeGemini:
    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.responder: Callable[[ReceivedRequest], Reply] | None = None
        self.received: list[ReceivedRequest] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def reply_with(self, *replies: Reply) -> None:
        with self._lock:
            self.replies = list(replies)
            self.responder = None
            self.received = []

    def respond_with(self, responder: Callable[[ReceivedRequest], Reply]) -> None:
        """Answer each request with `responder(request)` (called on the server's threads)."""
        with self._lock:
            self.responder = responder
            self.received = []

    def _next_reply(self) -> Reply:
        with self._lock:
            if not self.replies:
                return error(500, "INTERNAL")
            return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]

    def _record(self, request: ReceivedRequest) -> None:
        with self._lock:
            self.received.append(request)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the test output is no place for access logs."""

            def do_POST(self) -> None:
                url = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("content-length", "0")))
                received = ReceivedRequest(
                    method="POST",
                    path=url.path,
                    query=url.query,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=json.loads(raw or b"{}"),
                )
                fake._record(received)
                responder = fake.responder
                if not _GENERATE.match(url.path):
                    reply = error(404, "NOT_FOUND")
                elif responder is not None:
                    reply = responder(received)
                else:
                    reply = fake._next_reply()
                if reply.delay_seconds:
                    time.sleep(reply.delay_seconds)
                payload = reply.raw if reply.raw is not None else json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test)

        return Handler

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def running_fake_gemini() -> Iterator[FakeGemini]:
    fake = FakeGemini()
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()
