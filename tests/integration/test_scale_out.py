"""Two web processes and two workers on one database and Redis; a worker dies mid-job."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Iterator
from pathlib import Path
from typing import Any, cast
from uuid import UUID

import asyncpg
import httpx
import pytest
from redis.asyncio import Redis

from adapters.queue.saq_queue import saq_queue
from tests.integration.conftest import TEST_SECRET_KEY
from tests.integration.fake_gemini import FakeGemini, running_fake_gemini
from tests.integration.generation_support import asked_title, insert_course, lesson_answers
from tests.unit.ai.fakes import lesson_markdown

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
AHC = str(Path(sys.executable).with_name("ahc"))
LESSONS_PER_SECTION = 5
LESSON_CONCURRENCY = 2
ANSWER_SECONDS = 0.4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _redis_or_skip() -> Redis:
    redis: Redis = Redis.from_url(REDIS_URL)
    try:
        await cast("Awaitable[bool]", redis.ping())
    except OSError as exc:
        await redis.aclose()
        pytest.skip(f"no Redis at {REDIS_URL}: {exc}")
    return redis


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = await _redis_or_skip()
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


@pytest.fixture
def fake_gemini() -> Iterator[FakeGemini]:
    with running_fake_gemini() as fake:
        # Slow enough that a worker killed mid-job has lessons in flight and lessons to go.
        fake.respond_with(lesson_answers(delay_seconds=ANSWER_SECONDS))
        yield fake


class Processes:
    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env = env
        self.cwd = cwd
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, *args: str, name: str) -> subprocess.Popen[bytes]:
        log = (self.cwd / f"{name}.log").open("wb")
        process = subprocess.Popen(
            [AHC, *args], env=self.env, cwd=self.cwd, stdout=log, stderr=subprocess.STDOUT
        )
        self.running.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                process.terminate()
        for process in self.running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in sorted(self.cwd.glob("*.log")))


@pytest.fixture
def processes(
    migrated_database: str, fake_gemini: FakeGemini, redis: Redis, tmp_path: Path
) -> Iterator[Processes]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DATABASE_URL": migrated_database,
        "SECRET_KEY": TEST_SECRET_KEY,
        "REDIS_URL": REDIS_URL,
        "GEMINI_API_KEY": "test-gemini-key-0123456789",
        "GEMINI_MODEL": "gemini-test-model",
        "GOOGLE_GEMINI_BASE_URL": fake_gemini.base_url,
        "GEMINI_MAX_RETRIES": "0",
        "GEMINI_REQUESTS_PER_MINUTE": "600",
        "GENERATION_CONCURRENCY": str(LESSON_CONCURRENCY),
        "WORKER_CONCURRENCY": "2",
        "JOB_HEARTBEAT_SECONDS": "2",
        "DATABASE_POOL_SIZE": "3",
        "DATA_DIR": str(tmp_path / "data"),
        "LOG_LEVEL": "INFO",
    }
    running = Processes(env, tmp_path)
    try:
        yield running
    finally:
        running.stop_all()


async def _until(what: str, check: Any, seconds: float, logs: Processes) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        result = await check()
        if result:
            return result
        assert time.monotonic() < deadline, f"timed out waiting until {what}\n{logs.logs()}"
        await asyncio.sleep(0.1)


async def test_a_job_survives_a_worker_killed_mid_job_and_writes_every_lesson_once(
    processes: Processes,
    fake_gemini: FakeGemini,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
) -> None:
    ports = [_free_port(), _free_port()]
    for index, port in enumerate(ports):
        processes.start("serve", "--no-migrate", "--port", str(port), name=f"web{index}")
    workers = {processes.start("worker", name=f"worker{index}").pid: index for index in range(2)}
    outline = {
        f"Part {part}": [f"Topic {part}.{n}" for n in range(1, LESSONS_PER_SECTION + 1)] for part in (1, 2)
    }
    course = await insert_course(db, outline)
    titles = [title for lessons in outline.values() for title in lessons]
    webs = [httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", headers=admin_headers) for port in ports]
    queue = saq_queue(REDIS_URL)
    await queue.connect()
    try:

        async def everyone_ready() -> bool:
            try:
                answers = [await web.get("/health/ready") for web in webs]
            except httpx.TransportError:
                return False
            return all(a.status_code == 200 for a in answers) and len((await queue.info())["workers"]) == 2

        await _until("both web processes and both workers are up", everyone_ready, 60, processes)
        check = await asyncio.create_subprocess_exec(
            AHC, "worker", "--check", env=processes.env, cwd=processes.cwd
        )
        assert await check.wait() == 0

        started = await webs[0].post("/api/v1/ai/jobs", json={"course_id": str(course.id)})
        assert started.status_code == 202, started.text
        job_id = started.json()["id"]

        async def some_written_by_one_worker() -> str | None:
            job = (await webs[1].get(f"/api/v1/ai/jobs/{job_id}")).json()
            runner: str | None = await db.fetchval(
                "SELECT runner FROM generation_jobs WHERE id = $1", UUID(job_id)
            )
            return runner if job["done"] >= 3 else None

        runner = await _until("a worker has written a few lessons", some_written_by_one_worker, 30, processes)
        victim = int(runner.rsplit(":", 1)[1])
        assert victim in workers, f"the job runs in {runner}, not in one of the workers"
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()

        async def finished() -> dict[str, Any] | None:
            job: dict[str, Any] = (await webs[0].get(f"/api/v1/ai/jobs/{job_id}")).json()
            return job if job["status"] not in {"queued", "running"} else None

        job = await _until("the job ends on the other worker", finished, 60, processes)
        recovery_seconds = time.monotonic() - killed_at
    finally:
        await queue.disconnect()
        for web in webs:
            await web.aclose()

    assert {k: job[k] for k in ("status", "total", "done", "failed", "failures")} == {
        "status": "done",
        "total": 10,
        "done": 10,
        "failed": 0,
        "failures": [],
    }, processes.logs()
    final_runner: str = await db.fetchval("SELECT runner FROM generation_jobs WHERE id = $1", UUID(job_id))
    assert int(final_runner.rsplit(":", 1)[1]) in set(workers) - {victim}
    # Every lesson asked for once; only the lessons in flight at the kill were asked again.
    asked = Counter(asked_title(r) for r in fake_gemini.received)
    assert set(asked) == set(titles)
    assert all(count in (1, 2) for count in asked.values()), asked
    assert sum(asked.values()) - len(titles) <= LESSON_CONCURRENCY, asked
    rows = await db.fetch(
        "SELECT l.title, l.content FROM lessons l JOIN sections s ON s.id = l.section_id"
        " WHERE s.course_id = $1",
        course.id,
    )
    assert {r["title"]: r["content"] for r in rows} == {t: lesson_markdown(t) for t in titles}
    statuses = await db.fetch("SELECT status FROM generation_job_lessons WHERE job_id = $1", UUID(job_id))
    assert [s["status"] for s in statuses] == ["written"] * 10
    assert recovery_seconds < 45


def test_the_worker_check_fails_without_a_worker_and_a_worker_needs_redis(
    redis: Redis, migrated_database: str, tmp_path: Path
) -> None:
    env = {"PATH": os.environ.get("PATH", ""), "REDIS_URL": REDIS_URL, "SECRET_KEY": TEST_SECRET_KEY}
    check = subprocess.run([AHC, "worker", "--check"], env=env, cwd=tmp_path, check=False, timeout=60)
    assert check.returncode == 1

    without_redis = {**env, "REDIS_URL": "", "DATABASE_URL": migrated_database}
    worker = subprocess.run(
        [AHC, "worker"],
        env=without_redis,
        cwd=tmp_path,
        check=False,
        timeout=60,
        capture_output=True,
        text=True,
    )
    assert worker.returncode == 2
    assert "ahc worker needs REDIS_URL" in worker.stderr
