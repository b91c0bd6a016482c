"""A small stand-in for Cloudinary's upload API, for driving the real SDK in tests.

It serves `POST /v1_1/<cloud>/<resource_type>/upload` (whole files, and chunks of
`upload_large` reassembled by `X-Unique-Upload-Id` and `Content-Range`) and
`POST /v1_1/<cloud>/<resource_type>/destroy`, checks every request's signature, records
what it received, and can be told to answer with an error, garbage or slowly.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from domain.media import sniff_media_kind

API_KEY = "fake-api-key"
API_SECRET = "fake-api-secret-never-on-the-wire"
CLOUD = "demo"
# What the fake says about every image and video it keeps.
IMAGE_SIZE = (640, 480)
VIDEO_DURATION = 12.5

_PATH = re.compile(r"^/v1_1/(?P<cloud>[^/]+)/(?P<resource_type>image|video|raw)/(?P<action>upload|destroy)$")
_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
# Left out of the signature, as Cloudinary does.
_UNSIGNED = frozenset({"signature", "api_key", "resource_type", "cloud_name", "file"})


@dataclass
class Received:
    """One request as the fake saw it."""

    action: str
    resource_type: str
    headers: dict[str, str]
    fields: dict[str, str]
    raw: bytes
    file_bytes: int = 0


@dataclass
class Scripted:
    """The next answer to an action, instead of the normal one."""

    status: int = 200
    body: bytes = b""
    delay: float = 0.0


@dataclass
class Asset:
    resource_type: str
    format: str
    data: bytes
    version: int


@dataclass
class FakeCloudinary:
    port: int = 0
    assets: dict[str, Asset] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    scripts: dict[str, list[Scripted]] = field(default_factory=dict)
    _chunks: dict[str, dict[int, bytes]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"cloudinary://{API_KEY}:{API_SECRET}@{CLOUD}?upload_prefix=http://127.0.0.1:{self.port}"

    def script(self, action: str, *answers: Scripted) -> None:
        with self._lock:
            self.scripts.setdefault(action, []).extend(answers)

    def reset(self) -> None:
        with self._lock:
            self.assets.clear()
            self.received.clear()
            self.scripts.clear()
            self._chunks.clear()

    def requests(self, action: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.action == action]

    # The handler's work, under the lock.

    def _next_script(self, action: str) -> Scripted | None:
        with self._lock:
            queue = self.scripts.get(action)
            return queue.pop(0) if queue else None

    def _record(self, received: Received) -> None:
        with self._lock:
            self.received.append(received)

    def handle(self, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, bytes]:
        match = _PATH.match(path)
        if match is None or match["cloud"] != CLOUD:
            return 404, _error("No such route")
        action, resource_type = match["action"], match["resource_type"]
        fields, file = _parse_form(headers.get("content-type", ""), raw)
        self._record(Received(action, resource_type, headers, fields, raw, len(file or b"")))
        scripted = self._next_script(action)
        if scripted is not None:
            time.sleep(scripted.delay)
            if scripted.status != 200 or scripted.body:
                return scripted.status, scripted.body
        if fields.get("api_key") != API_KEY or fields.get("signature") != _signature(fields):
            return 401, _error("Invalid Signature")
        if action == "destroy":
            with self._lock:
                gone = self.assets.pop(fields["public_id"], None)
            return 200, json.dumps({"result": "ok" if gone else "not found"}).encode()
        return self._upload(resource_type, headers, fields, file or b"")

    def _upload(
        self, resource_type: str, headers: dict[str, str], fields: dict[str, str], data: bytes
    ) -> tuple[int, bytes]:
        public_id = fields.get("public_id") or "generated"
        upload_id = headers.get("x-unique-upload-id")
        if upload_id is not None:
            byte_range = _RANGE.match(headers.get("content-range", ""))
            if byte_range is None:
                return 400, _error("Bad Content-Range")
            start, end, total = (int(g) for g in byte_range.groups())
            with self._lock:
                parts = self._chunks.setdefault(upload_id, {})
                parts[start] = data
                received = sum(len(p) for p in parts.values())
            if end - start + 1 != len(data):
                return 400, _error("Chunk length does not match its Content-Range")
            if received < total:
                return 200, json.dumps({"done": False, "public_id": public_id}).encode()
            with self._lock:
                data = b"".join(part for _, part in sorted(self._chunks.pop(upload_id).items()))
        kind = sniff_media_kind(data[:64])
        if kind is None or kind.resource_type.value != resource_type:
            return 400, _error("Invalid file")
        version = int(time.time())
        with self._lock:
            self.assets[public_id] = Asset(resource_type, kind.format, data, version)
        answer: dict[str, Any] = {
            "public_id": public_id,
            "version": version,
            "format": kind.format,
            "resource_type": resource_type,
            "bytes": len(data),
            "secure_url": f"https://res.cloudinary.com/{CLOUD}/{resource_type}/upload/v{version}/{public_id}.{kind.format}",
            "url": f"http://res.cloudinary.com/{CLOUD}/{resource_type}/upload/v{version}/{public_id}.{kind.format}",
        }
        if resource_type == "image":
            answer["width"], answer["height"] = IMAGE_SIZE
        else:
            answer["duration"] = VIDEO_DURATION
        return 200, json.dumps(answer).encode()


def _error(message: str) -> bytes:
    return json.dumps({"error": {"message": message}}).encode()


def _signature(fields: dict[str, str]) -> str:
    signed = "&".join(f"{k}={v}" for k, v in sorted(fields.items()) if k not in _UNSIGNED and v)
    return hashlib.sha1((signed + API_SECRET).encode()).hexdigest()


def _parse_form(content_type: str, raw: bytes) -> tuple[dict[str, str], bytes | None]:
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
    )
    fields: dict[str, str] = {}
    file: bytes | None = None
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            continue
        if name == "file":
            file = payload
        else:
            fields[name.removesuffix("[]")] = payload.decode()
    return fields, file


def _handler_for(fake: FakeCloudinary) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("content-length") or 0))
            headers = {name.lower(): value for name, value in self.headers.items()}
            status, body = fake.handle(self.path, headers, raw)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def running_fake_cloudinary() -> Iterator[FakeCloudinary]:
    fake = FakeCloudinary()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(fake))
    server.daemon_threads = True
    fake.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name="fake-cloudinary", daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
