"""Hostile requests against a served instance: oversized, deeply nested, malformed, and
crafted to forge log lines. Each gets a clear 4xx in the contract's shape, quickly; the
log stays one JSON object per line and holds no secret.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from bench.harness import Service, login, start_service

from tests.integration.conftest import ADMIN_PASSWORD, TEST_SECRET_KEY
from tests.integration.service_support import service_env

BODY_LIMIT = 64 * 1024
FORGED = '{"level":"CRITICAL","message":"forged"}'


@pytest.fixture(scope="module")
def served(migrated_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    service = start_service(
        migrated_database,
        tmp_path_factory.mktemp("abuse"),
        REQUEST_MAX_BODY_BYTES=str(BODY_LIMIT),
        **service_env(),
    )
    yield service
    service.stop()


@pytest.fixture(scope="module")
def admin_token(served: Service) -> str:
    return login(served.base, "admin", ADMIN_PASSWORD)


def _error_shape(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text[:500]
    body: dict[str, Any] = response.json()
    assert body["status_code"] == status
    assert set(body) <= {"status_code", "detail", "errors"}
    return body


def _raw_exchange(service: Service, head: str, body: bytes = b"", wait: float = 5.0) -> tuple[int, bytes]:
    """Send `head` (and `body`) over a bare socket; return the answer's status and bytes."""
    with socket.create_connection(("127.0.0.1", service.port), timeout=wait) as sock:
        sock.sendall(head.encode("latin-1") + body)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    return int(received.split(b" ", 2)[1]), received


def test_a_declared_length_over_the_limit_is_413_before_the_body_arrives(
    served: Service, admin_token: str
) -> None:
    head = (
        "POST /api/v1/courses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {admin_token}\r\nContent-Length: {100 * BODY_LIMIT}\r\n\r\n"
    )
    started = time.monotonic()
    status, _ = _raw_exchange(served, head)  # the body never comes
    assert status == 413
    assert time.monotonic() - started < 3


def test_a_streamed_body_past_the_limit_is_413(served: Service, admin_token: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"title": "'
        for _ in range(4 * BODY_LIMIT // 4096):
            yield b"x" * 4096
        yield b'"}'

    response = httpx.post(
        f"{served.base}/api/v1/courses",
        content=chunks(),
        headers={"Authorization": f"Bearer {admin_token}", "Content-Type": "application/json"},
    )
    _error_shape(response, 413)


def test_deeply_nested_and_huge_json_is_refused_quickly(served: Service, admin_token: str) -> None:
    headers = {"Authorization": f"Bearer {admin_token}", "Content-Type": "application/json"}
    depth = BODY_LIMIT // 2 - 10
    for body in (
        "[" * depth + "]" * depth,
        '{"title": ' + "[" * 5000 + "]" * 5000 + "}",
        json.dumps({"title": "t" * (BODY_LIMIT - 100)}),
        json.dumps([{"title": "t", "is_published": True}] * 3000)[: BODY_LIMIT - 1],
    ):
        started = time.monotonic()
        response = httpx.post(f"{served.base}/api/v1/courses", content=body, headers=headers)
        assert time.monotonic() - started < 2
        _error_shape(response, 422)
    bulk = httpx.post(
        f"{served.base}/api/v1/courses/bulk", content="[" * depth + "]" * depth, headers=headers
    )
    _error_shape(bulk, 422)


def test_a_multipart_upload_with_too_many_parts_is_422(served: Service, admin_token: str) -> None:
    parts = {f"field{i}": f"value{i}" for i in range(200)}
    response = httpx.post(
        f"{served.base}/api/v1/media",
        data=parts,
        files={"file": ("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")},
        headers={"Authorization": f"Bearer {admin_token}"},
    )
    body = _error_shape(response, 422)
    assert "parts" in body["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/lessons/abc",
        "/api/v1/lessons/99999999999999999999999999",
        "/api/v1/lessons/-5",
        "/api/v1/courses/" + "a" * 10_000,
        "/api/v1/courses?limit=1000000",
        "/api/v1/courses?limit=0",
        "/api/v1/courses?skip=-1",
        "/api/v1/courses?skip=" + "9" * 40,
        "/api/v1/courses?include_unpublished=maybe",
        "/api/v1/lessons?section_id=" + "9" * 40,
        "/api/v1/sections?course_id=" + "x" * 10_000,
        "/api/v1/projects?limit=1e9",
    ],
)
def test_parameters_of_the_wrong_type_or_absurd_size_are_422(served: Service, path: str) -> None:
    _error_shape(httpx.get(served.base + path), 422)


def test_a_long_search_is_answered_not_crashed(served: Service) -> None:
    response = httpx.get(f"{served.base}/api/v1/courses", params={"search": "%_\\" * 3_000})
    assert response.status_code in (200, 422), response.text[:300]


def test_log_lines_cannot_be_forged_and_hold_no_secret(served: Service, admin_token: str) -> None:
    injected = f"x\r\n{FORGED}\n"
    httpx.post(
        f"{served.base}/api/v1/auth/login",
        data={"username": f"admin{injected}", "password": "wrong-password-1"},
    )
    httpx.post(
        f"{served.base}/api/v1/auth/login", data={"username": "admin", "password": "wrong\r\npassword"}
    )
    httpx.get(f"{served.base}/api/v1/courses/%0d%0a{FORGED}")
    httpx.get(f"{served.base}/api/v1/nothing%0a{FORGED}", headers={"X-Request-ID": "id%0a" + "x" * 200})
    status, _ = _raw_exchange(served, "GET /api/v1/courses HTTP/1.1\r\nHost: x\r\nX-Request-ID: a\rb\r\n\r\n")
    assert status in (400, 200)
    httpx.patch(
        f"{served.base}/api/v1/auth/reset-password",
        data={"username": "admin", "password": "new-password-123", "current_password": ADMIN_PASSWORD + "x"},
        headers={"Authorization": f"Bearer {admin_token}"},
    )
    time.sleep(0.8)  # access lines are written in batches
    lines = served.log_path.read_text().splitlines()
    assert len(lines) > 5
    for line in lines:
        entry = json.loads(line)  # each line is one whole JSON object
        assert isinstance(entry, dict)
        assert entry.get("message") != "forged", line
    text = "\n".join(lines)
    for secret in (TEST_SECRET_KEY, ADMIN_PASSWORD, "wrong-password-1", "new-password-123"):
        assert secret not in text
