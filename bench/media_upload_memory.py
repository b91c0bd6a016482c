"""Peak memory of the API process while it receives one large streamed media upload.

Starts the service in its own process (uvicorn, local media storage under a scratch
folder), streams a video of SIZE MiB (generated on the fly, never held whole by this
script either) to POST /api/v1/media, and reports how much the server's peak resident
memory (VmHWM, reset before the upload through /proc/<pid>/clear_refs) rose above its
resident memory just before the upload. Fails when the rise passes LIMIT MiB.

    make bench-media                      # 300 MiB to local storage, limit 16 MiB
    uv run python -m bench.media_upload_memory --size-mib 1024
    uv run python -m bench.media_upload_memory --storage cloudinary --limit-mib 64

With `--storage cloudinary` the server sends the file on to the fake Cloudinary of the
test suite (started in this process), through the real SDK: chunked above 100 MiB.

The database is BENCH_DATABASE_URL, TEST_DATABASE_URL or DATABASE_URL, else the embedded
server under ./.data (as for `make serve`). Linux only (/proc).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import asyncpg
import httpx

from adapters.clock import SystemClock
from adapters.persistence.database import asyncpg_dsn
from adapters.persistence.migrations import upgrade_to_head
from adapters.security.jwt_tokens import JwtTokenIssuer
from adapters.settings import Settings
from domain.users import Role
from entrypoints.bootstrap import embedded_database_url
from tests.integration.fake_cloudinary import running_fake_cloudinary

MIB = 1024 * 1024
BOUNDARY = "benchmedia" + secrets.token_hex(8)
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} missing from /proc/{pid}/status")


def _multipart(size: int) -> tuple[int, Iterator[bytes]]:
    """The length of the whole body and its bytes, made chunk by chunk."""
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nMemory benchmark\r\n'
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\n'
        "Content-Type: video/mp4\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    block = os.urandom(MIB)

    def chunks() -> Iterator[bytes]:
        yield head
        yield MP4_HEAD
        remaining = size - len(MP4_HEAD)
        while remaining > 0:
            piece = block[: min(MIB, remaining)]
            remaining -= len(piece)
            yield piece
        yield tail

    return len(head) + size + len(tail), chunks()


async def _admin_token(database_url: str, secret_key: str) -> str:
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        admin_id = await connection.fetchval("SELECT id FROM users WHERE role = 'ADMIN' LIMIT 1")
    finally:
        await connection.close()
    defaults = Settings()
    issuer = JwtTokenIssuer(
        secret_key=secret_key,
        algorithm=defaults.jwt_algorithm,
        issuer=defaults.jwt_issuer,
        audience=defaults.jwt_audience,
        lifetime=timedelta(minutes=30),
        clock=SystemClock(),
    )
    return issuer.issue_access(admin_id, Role.ADMIN).token


def _database_url() -> str:
    for name in ("BENCH_DATABASE_URL", "TEST_DATABASE_URL", "DATABASE_URL"):
        if os.environ.get(name):
            return os.environ[name]
    return embedded_database_url(Path(".data"))


def _start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", "entrypoints.http.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"]
    return subprocess.Popen(command, env=env)


def _wait_until_live(client: httpx.Client, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if client.get("/health/live").status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            raise RuntimeError("the server did not start")
        time.sleep(0.2)


def _upload(client: httpx.Client, headers: dict[str, str], size: int) -> dict[str, object]:
    length, body = _multipart(size)
    response = client.post(
        "/api/v1/media",
        content=body,
        headers={
            **headers,
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            "Content-Length": str(length),
        },
    )
    response.raise_for_status()
    created: dict[str, object] = response.json()
    return created


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mib", type=int, default=300)
    parser.add_argument("--limit-mib", type=float, default=16.0)
    parser.add_argument("--storage", choices=["local", "cloudinary"], default="local")
    args = parser.parse_args()
    size = args.size_mib * MIB

    database_url = _database_url()
    upgrade_to_head(database_url)
    Path(".data").mkdir(exist_ok=True)
    # On disk under .data rather than in /tmp, which may be memory-backed.
    scratch = Path(tempfile.mkdtemp(prefix="bench-media-", dir=".data"))
    secret_key = secrets.token_urlsafe(48)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret_key,
        "DATA_DIR": str(scratch / "data"),
        "MEDIA_LOCAL_DIR": str(scratch / "files"),
        "MEDIA_MAX_VIDEO_BYTES": str(size + MIB),
        "FIRST_SUPERUSER": "benchadmin",
        "FIRST_SUPERUSER_EMAIL": "benchadmin@example.com",
        "FIRST_SUPERUSER_PASSWORD": secrets.token_urlsafe(16),
        "LOG_LEVEL": "WARNING",
    }
    env.pop("CLOUDINARY_URL", None)
    stack = contextlib.ExitStack()
    fake = stack.enter_context(running_fake_cloudinary()) if args.storage == "cloudinary" else None
    if fake is not None:
        env["CLOUDINARY_URL"] = fake.url
    server = _start_server(env, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
            _wait_until_live(client, server)
            headers = {"Authorization": f"Bearer {asyncio.run(_admin_token(database_url, secret_key))}"}
            # Warm up: the first upload loads everything a request needs.
            warm = _upload(client, headers, MIB)
            client.delete(f"/api/v1/media/{warm['id']}", headers=headers).raise_for_status()

            Path(f"/proc/{server.pid}/clear_refs").write_text("5")  # resets VmHWM to VmRSS
            baseline = _status_kib(server.pid, "VmRSS")
            started = time.perf_counter()
            created = _upload(client, headers, size)
            elapsed = time.perf_counter() - started
            peak = _status_kib(server.pid, "VmHWM")
            public_id = str(created["public_id"])
            if fake is not None:
                kept = len(fake.assets[public_id].data)
            else:
                kept = (scratch / "files" / f"{public_id}.mp4").stat().st_size
            assert created["bytes"] == size == kept, "stored size differs from the upload"
            client.delete(f"/api/v1/media/{created['id']}", headers=headers).raise_for_status()
    finally:
        server.terminate()
        server.wait(timeout=30)
        stack.close()
        shutil.rmtree(scratch, ignore_errors=True)

    growth_mib = (peak - baseline) / 1024
    print(
        f"{args.storage} storage: upload of {args.size_mib} MiB in {elapsed:.1f} s "
        f"({args.size_mib / elapsed:.0f} MiB/s): "
        f"server RSS before {baseline / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB, "
        f"growth {growth_mib:.2f} MiB (limit {args.limit_mib} MiB)"
    )
    return 0 if growth_mib <= args.limit_mib else 1


if __name__ == "__main__":
    sys.exit(main())
