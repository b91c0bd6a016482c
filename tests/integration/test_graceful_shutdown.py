"""SIGTERM to `ahc serve` under load: requests in flight finish, new ones are refused,
the pools are closed and the process exits 0."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import asyncpg
import httpx
import pytest
from bench.harness import start_service

from tests.integration.fake_gemini import running_fake_gemini
from tests.integration.generation_support import insert_course, lesson_answers
from tests.integration.service_support import service_env

ANSWER_SECONDS = 2.0


async def test_sigterm_lets_requests_in_flight_finish_refuses_new_ones_and_exits_0(
    migrated_database: str, db: asyncpg.Connection, admin_headers: dict[str, str], tmp_path: Path
) -> None:
    course = await insert_course(db, {"Basics": ["Loops", "Functions"]})
    with running_fake_gemini() as gemini:
        gemini.respond_with(lesson_answers(delay_seconds=ANSWER_SECONDS))
        service = start_service(
            migrated_database,
            tmp_path,
            **service_env(
                GEMINI_API_KEY="test-gemini-key-0123456789",
                GOOGLE_GEMINI_BASE_URL=gemini.base_url,
                GEMINI_MAX_RETRIES="0",
            ),
        )
        try:
            async with httpx.AsyncClient(base_url=service.base, headers=admin_headers, timeout=30) as client:
                in_flight = asyncio.create_task(
                    client.post(
                        "/api/v1/ai_handler/update_lesson",
                        params={"course_uid": str(course.id), "lesson_id": course.lessons["Loops"]},
                    )
                )
                reads = [asyncio.create_task(client.get(f"/api/v1/lessons/{course.lessons['Functions']}"))]
                deadline = time.monotonic() + 10
                while not gemini.received:
                    assert time.monotonic() < deadline, "the AI call never reached the model"
                    await asyncio.sleep(0.05)
                service.process.send_signal(signal.SIGTERM)
                await asyncio.sleep(0.5)
                with pytest.raises(httpx.TransportError):  # no longer listening
                    await httpx.AsyncClient(timeout=2).get(f"{service.base}/health/live")
                answered = await in_flight
                assert [answer.status_code for answer in await asyncio.gather(*reads)] == [200]
            assert answered.status_code == 200, answered.text
            assert answered.json()["content"].startswith("# Loops")
            assert service.process.wait(15) == 0
        finally:
            service.stop()
    stored = await db.fetchval("SELECT content FROM lessons WHERE id = $1", course.lessons["Loops"])
    assert stored.startswith("# Loops")
    log = service.log_path.read_text()
    assert "Application shutdown complete" in log
    assert '"level":"ERROR"' not in log
