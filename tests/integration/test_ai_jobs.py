"""/api/v1/ai/jobs with jobs run inside the app (no REDIS_URL), against a fake Gemini server."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import httpx
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from adapters.settings import Settings
from entrypoints.http.app import create_app
from tests.integration.fake_gemini import FakeGemini, running_fake_gemini
from tests.integration.generation_support import (
    OLD_CONTENT,
    Course,
    asked_title,
    insert_course,
    lesson_answers,
)
from tests.unit.ai.fakes import lesson_markdown

Client = AsyncTestClient[Litestar]
JOBS = "/api/v1/ai/jobs"
OUTLINE = {
    "Getting Started": ["Installing Python", "Variables", "Types"],
    "Control Flow": ["Loops", "Functions"],
}
TITLES = [title for titles in OUTLINE.values() for title in titles]


@pytest.fixture(scope="module")
def fake_gemini() -> Iterator[FakeGemini]:
    with running_fake_gemini() as fake:
        yield fake


def _configured(settings: Settings, fake: FakeGemini) -> Settings:
    return msgspec.structs.replace(
        settings,
        gemini_api_key="test-gemini-key-0123456789",
        gemini_model="gemini-test-model",
        google_gemini_base_url=fake.base_url,
        gemini_timeout_seconds=5.0,
        gemini_max_retries=0,
        generation_concurrency=2,
        worker_concurrency=2,
    )


@pytest.fixture(scope="module")
async def jobs_client(settings: Settings, fake_gemini: FakeGemini) -> AsyncIterator[Client]:
    async with AsyncTestClient(create_app(_configured(settings, fake_gemini))) as client:
        yield client


@pytest.fixture(autouse=True)
async def _jobs_finish(db: asyncpg.Connection, fake_gemini: FakeGemini) -> AsyncIterator[None]:
    """Answers well by default; no job outlives its test (the tables are emptied after it)."""
    fake_gemini.respond_with(lesson_answers())
    yield
    await db.execute("UPDATE generation_jobs SET cancel_requested = true")
    deadline = time.monotonic() + 15
    while await db.fetchval("SELECT count(*) FROM generation_jobs WHERE status IN ('queued', 'running')"):
        assert time.monotonic() < deadline, "a generation job did not stop"
        await asyncio.sleep(0.05)


@pytest.fixture
async def course(db: asyncpg.Connection) -> Course:
    return await insert_course(db, OUTLINE)


async def _start(client: Client, headers: dict[str, str], course_id: UUID, **body: Any) -> httpx.Response:
    return await client.post(JOBS, json={"course_id": str(course_id), **body}, headers=headers)


async def _wait(
    client: Client, job_id: str, headers: dict[str, str], until: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    deadline = time.monotonic() + 15
    while True:
        response = await client.get(f"{JOBS}/{job_id}", headers=headers)
        assert response.status_code == 200
        body: dict[str, Any] = response.json()
        if until(body):
            return body
        assert time.monotonic() < deadline, f"the job never got there: {body}"
        await asyncio.sleep(0.05)


def _finished(body: dict[str, Any]) -> bool:
    return body["status"] in {"done", "failed", "cancelled"}


async def _contents(db: asyncpg.Connection) -> dict[int, str]:
    return {row["id"]: row["content"] for row in await db.fetch("SELECT id, content FROM lessons")}


async def test_a_job_writes_every_lesson_and_reports_its_progress(
    jobs_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
) -> None:
    response = await _start(jobs_client, admin_headers, course.id)

    assert response.status_code == 202
    started = response.json()
    assert started["status"] in {"queued", "running"}
    assert {k: started[k] for k in ("course_id", "only_empty", "total", "failures")} == {
        "course_id": str(course.id),
        "only_empty": False,
        "total": 5,
        "failures": [],
    }
    assert set(started) == {
        "id", "course_id", "only_empty", "status", "total", "done", "failed", "tokens",
        "cancel_requested", "created_at", "updated_at", "finished_at", "failures",
    }  # fmt: skip
    done = await _wait(jobs_client, started["id"], admin_headers, _finished)
    assert {k: done[k] for k in ("status", "total", "done", "failed", "tokens", "failures")} == {
        "status": "done",
        "total": 5,
        "done": 5,
        "failed": 0,
        "tokens": 5 * 1100,
        "failures": [],
    }
    assert done["finished_at"] is not None
    assert sorted(asked_title(r) for r in fake_gemini.received) == sorted(TITLES)
    contents = await _contents(db)
    assert all(contents[course.lessons[t]] == lesson_markdown(t) for t in TITLES)
    row = await db.fetchrow(
        "SELECT status, done, runner FROM generation_jobs WHERE id = $1", UUID(done["id"])
    )
    assert row is not None
    assert (row["status"], row["done"]) == ("done", 5)
    assert row["runner"]
    outcomes = await db.fetch(
        "SELECT status, tokens FROM generation_job_lessons WHERE job_id = $1", UUID(done["id"])
    )
    assert [(o["status"], o["tokens"]) for o in outcomes] == [("written", 1100)] * 5


async def test_a_failed_lesson_is_listed_with_its_reason_and_the_job_goes_on(
    jobs_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
) -> None:
    fake_gemini.respond_with(lesson_answers(failing=frozenset({"Variables"})))

    started = (await _start(jobs_client, admin_headers, course.id)).json()
    done = await _wait(jobs_client, started["id"], admin_headers, _finished)

    assert (done["status"], done["done"], done["failed"]) == ("done", 4, 1)
    [failure] = done["failures"]
    assert failure["lesson_id"] == course.lessons["Variables"]
    assert "Gemini" in failure["reason"]
    contents = await _contents(db)
    assert contents[course.lessons["Variables"]] == OLD_CONTENT
    assert contents[course.lessons["Loops"]] == lesson_markdown("Loops")


async def test_only_empty_lessons_are_written_when_asked(
    jobs_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
) -> None:
    await db.execute(
        "UPDATE lessons SET content = '' WHERE id = ANY($1::int[])",
        [course.lessons["Types"], course.lessons["Loops"]],
    )

    response = await _start(jobs_client, admin_headers, course.id, only_empty=True)
    assert (response.status_code, response.json()["total"], response.json()["only_empty"]) == (202, 2, True)
    await _wait(jobs_client, response.json()["id"], admin_headers, _finished)

    assert sorted(asked_title(r) for r in fake_gemini.received) == ["Loops", "Types"]
    contents = await _contents(db)
    assert contents[course.lessons["Types"]] == lesson_markdown("Types")
    assert contents[course.lessons["Variables"]] == OLD_CONTENT


async def test_a_second_start_for_the_course_is_409_naming_the_job_in_progress(
    jobs_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
) -> None:
    fake_gemini.respond_with(lesson_answers(delay_seconds=0.3))
    first = (await _start(jobs_client, admin_headers, course.id)).json()

    second = await _start(jobs_client, admin_headers, course.id, only_empty=True)

    assert second.status_code == 409
    assert first["id"] in second.json()["detail"]
    assert await db.fetchval("SELECT count(*) FROM generation_jobs") == 1
    await _wait(jobs_client, first["id"], admin_headers, _finished)
    # Once it is finished, the course may have another.
    assert (await _start(jobs_client, admin_headers, course.id)).status_code == 202


async def test_cancel_stops_a_running_job_between_lessons(
    jobs_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
) -> None:
    fake_gemini.respond_with(lesson_answers(delay_seconds=0.2))
    started = (await _start(jobs_client, admin_headers, course.id)).json()
    await _wait(jobs_client, started["id"], admin_headers, lambda b: b["done"] >= 1)

    response = await jobs_client.post(f"{JOBS}/{started['id']}/cancel", headers=admin_headers)

    assert response.status_code == 202
    assert response.json()["cancel_requested"] is True
    ended = await _wait(jobs_client, started["id"], admin_headers, _finished)
    assert ended["status"] == "cancelled"
    assert ended["done"] < 5
    # The lessons being written when the cancel came were finished, and no other was asked for.
    assert len(fake_gemini.received) == ended["done"] + ended["failed"]
    pending = await db.fetchval(
        "SELECT count(*) FROM generation_job_lessons WHERE job_id = $1 AND status = 'pending'",
        UUID(started["id"]),
    )
    assert pending == 5 - ended["done"]
    again = await jobs_client.post(f"{JOBS}/{started['id']}/cancel", headers=admin_headers)
    assert again.status_code == 409
    assert "already finished" in again.json()["detail"]


async def test_jobs_are_listed_newest_first_by_course_with_a_total_count(
    jobs_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
) -> None:
    other = await insert_course(db, {"Only": ["Hello"]}, title="Other")
    ids = []
    for course_id in (course.id, other.id, course.id):
        started = (await _start(jobs_client, admin_headers, course_id, only_empty=True)).json()
        await _wait(jobs_client, started["id"], admin_headers, _finished)
        ids.append(started["id"])

    everything = await jobs_client.get(JOBS, headers=admin_headers)
    of_course = await jobs_client.get(
        JOBS, params={"course_id": str(course.id), "limit": 1}, headers=admin_headers
    )
    second_page = await jobs_client.get(
        JOBS, params={"course_id": str(course.id), "skip": 1, "limit": 1}, headers=admin_headers
    )

    assert everything.status_code == 200
    assert [j["id"] for j in everything.json()] == list(reversed(ids))
    assert everything.headers["X-Total-Count"] == "3"
    assert [j["id"] for j in of_course.json()] == [ids[2]]
    assert of_course.headers["X-Total-Count"] == "2"
    assert [j["id"] for j in second_page.json()] == [ids[0]]


async def test_unknown_courses_and_jobs_are_404(jobs_client: Client, admin_headers: dict[str, str]) -> None:
    unknown = str(uuid4())
    assert (await _start(jobs_client, admin_headers, UUID(unknown))).status_code == 404
    assert (await jobs_client.get(f"{JOBS}/{unknown}", headers=admin_headers)).status_code == 404
    cancel = await jobs_client.post(f"{JOBS}/{unknown}/cancel", headers=admin_headers)
    assert (cancel.status_code, cancel.json()["detail"]) == (404, "Generation job not found")


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", f"{JOBS}/not-a-uuid", None),
        ("POST", f"{JOBS}/not-a-uuid/cancel", None),
        ("GET", f"{JOBS}?course_id=nope", None),
        ("POST", JOBS, {"course_id": "nope"}),
        ("POST", JOBS, {"course_id": str(uuid4()), "only_empty": "yes"}),
        ("POST", JOBS, {"course_id": str(uuid4()), "surprise": 1}),
        ("POST", JOBS, {}),
    ],
)
async def test_bad_input_is_422(
    jobs_client: Client, admin_headers: dict[str, str], method: str, path: str, body: Any
) -> None:
    response = await jobs_client.request(method, path, json=body, headers=admin_headers)
    assert response.status_code == 422
    assert response.json()["status_code"] == 422


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", JOBS),
        ("POST", JOBS),
        ("GET", f"{JOBS}/not-a-uuid"),
        ("POST", f"{JOBS}/{uuid4()}/cancel"),
    ],
)
async def test_only_admins_may_use_jobs(
    jobs_client: Client, user_headers: dict[str, str], method: str, path: str
) -> None:
    assert (await jobs_client.request(method, path, json={"course_id": "x"})).status_code == 401
    assert (
        await jobs_client.request(method, path, json={"course_id": "x"}, headers=user_headers)
    ).status_code == 403


async def test_unfinished_jobs_are_resumed_when_the_app_starts(
    settings: Settings,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
) -> None:
    # A job left running by a process that stopped: two lessons recorded, three pending.
    job_id: UUID = await db.fetchval(
        "INSERT INTO generation_jobs (course_id, only_empty, status, total, done, tokens, runner)"
        " VALUES ($1, false, 'running', 5, 2, 2200, 'gone:1') RETURNING id",
        course.id,
    )
    for position, title in enumerate(TITLES):
        await db.execute(
            "INSERT INTO generation_job_lessons (job_id, lesson_id, position, status, tokens)"
            " VALUES ($1, $2, $3, $4, $5)",
            job_id,
            course.lessons[title],
            position,
            "written" if position < 2 else "pending",
            1100 if position < 2 else 0,
        )

    async with AsyncTestClient(create_app(_configured(settings, fake_gemini))):
        deadline = time.monotonic() + 15
        while await db.fetchval("SELECT status FROM generation_jobs WHERE id = $1", job_id) != "done":
            assert time.monotonic() < deadline
            await asyncio.sleep(0.05)

    assert sorted(asked_title(r) for r in fake_gemini.received) == sorted(TITLES[2:])
    row = await db.fetchrow("SELECT done, failed, tokens FROM generation_jobs WHERE id = $1", job_id)
    assert row is not None
    assert (row["done"], row["failed"], row["tokens"]) == (5, 0, 5 * 1100)
