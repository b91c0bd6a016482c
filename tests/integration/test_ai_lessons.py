"""POST /api/v1/ai_handler/update_lesson, with the real google-genai SDK against a fake Gemini."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from uuid import uuid4

import asyncpg
import httpx
import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from adapters.settings import Settings
from entrypoints.http.app import create_app
from tests.integration.fake_gemini import FakeGemini, Reply, answer, error, running_fake_gemini
from tests.integration.generation_support import OLD_CONTENT, Course, insert_course
from tests.unit.ai.fakes import lesson_markdown

Client = AsyncTestClient[Litestar]

API_KEY = "test-gemini-key-0123456789"
MODEL = "gemini-test-model"
MAX_RETRIES = 2
TIMEOUT_SECONDS = 0.5
ROUTE = "/api/v1/ai_handler/update_lesson"


@pytest.fixture(scope="module")
def fake_gemini() -> Iterator[FakeGemini]:
    with running_fake_gemini() as fake:
        yield fake


@pytest.fixture(scope="module")
async def ai_client(settings: Settings, fake_gemini: FakeGemini) -> AsyncIterator[Client]:
    """The app with Gemini configured against the fake, with tiny timeouts and retry delays."""
    configured = msgspec.structs.replace(
        settings,
        gemini_api_key=API_KEY,
        gemini_model=MODEL,
        google_gemini_base_url=fake_gemini.base_url,
        gemini_timeout_seconds=TIMEOUT_SECONDS,
        gemini_max_retries=MAX_RETRIES,
        gemini_retry_initial_delay_seconds=0.01,
    )
    async with AsyncTestClient(create_app(configured)) as test_client:
        yield test_client


@pytest.fixture
def make_course(db: asyncpg.Connection) -> Callable[..., Awaitable[Course]]:
    async def make(title: str, outline: dict[str, list[str]], description: str | None = None) -> Course:
        return await insert_course(db, outline, title=title, description=description)

    return make


@pytest.fixture
async def course(make_course: Callable[..., Awaitable[Course]]) -> Course:
    return await make_course(
        "Python Basics",
        {"Getting Started": ["Installing Python", "Variables"], "Control Flow": ["Loops", "Functions"]},
        description="Learn Python from zero.",
    )


@pytest.fixture(autouse=True)
def _fresh_fake(fake_gemini: FakeGemini) -> None:
    fake_gemini.reply_with()


async def _contents(db: asyncpg.Connection) -> dict[int, str]:
    return {row["id"]: row["content"] for row in await db.fetch("SELECT id, content FROM lessons")}


async def _ask(client: Client, course: Course, lesson: str, headers: dict[str, str]) -> httpx.Response:
    return await client.post(
        ROUTE, params={"course_uid": str(course.id), "lesson_id": course.lessons[lesson]}, headers=headers
    )


async def test_a_written_lesson_replaces_the_content_and_reports_usage(
    ai_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
) -> None:
    written = lesson_markdown("Loops")
    fake_gemini.reply_with(answer("\n" + written + "\n", input_tokens=111, output_tokens=999))
    before = await db.fetchrow("SELECT * FROM lessons WHERE id = $1", course.lessons["Loops"])

    response = await ai_client.post(
        ROUTE,
        params={"course_uid": str(course.id), "lesson_id": course.lessons["Loops"]},
        headers=admin_headers,
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["usage"] == {"input_tokens": 111, "output_tokens": 999}
    assert body["id"] == course.lessons["Loops"]
    assert body["section_id"] == before["section_id"]
    assert body["course_id"] == str(course.id)
    assert (body["title"], body["content"], body["lesson_order"]) == ("Loops", written, 1)
    assert set(body) == {
        "id",
        "section_id",
        "course_id",
        "title",
        "content",
        "lesson_order",
        "created_at",
        "updated_at",
        "usage",
    }
    after = await db.fetchrow("SELECT * FROM lessons WHERE id = $1", course.lessons["Loops"])
    assert after["content"] == written
    assert after["updated_at"] > before["updated_at"]
    assert (after["title"], after["lesson_order"], after["section_id"]) == ("Loops", 1, before["section_id"])
    others = {i: c for i, c in (await _contents(db)).items() if i != course.lessons["Loops"]}
    assert set(others.values()) == {OLD_CONTENT}


async def test_gemini_receives_the_scoped_prompt_and_the_key_only_in_its_header(
    ai_client: Client, fake_gemini: FakeGemini, course: Course, admin_headers: dict[str, str]
) -> None:
    fake_gemini.reply_with(answer(lesson_markdown("Loops")))

    response = await _ask(ai_client, course, "Loops", admin_headers)

    assert response.status_code == 200
    [received] = fake_gemini.received
    assert received.path == f"/v1beta/models/{MODEL}:generateContent"
    assert received.headers["x-goog-api-key"] == API_KEY
    assert API_KEY not in received.path + received.query
    assert "key=" not in received.query
    assert [h for h, v in received.headers.items() if API_KEY in v] == ["x-goog-api-key"]
    prompt = received.prompt_text()
    assert "Course title: Python Basics" in prompt
    assert "Course description: Learn Python from zero." in prompt
    assert "Section 1: Getting Started" in prompt
    assert "Section 2: Control Flow" in prompt
    assert "  1.1 Installing Python (out of scope: do not cover)" in prompt
    assert "  1.2 Variables (out of scope: do not cover)" in prompt
    assert "  2.1 Loops <- WRITE THIS LESSON" in prompt
    assert "  2.2 Functions (out of scope: do not cover)" in prompt
    assert "exactly one H1 heading, exactly: # Loops" in prompt


async def test_a_rate_limit_is_retried_then_503_with_gemini_retry_after(
    ai_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    fake_gemini.reply_with(error(429, "RESOURCE_EXHAUSTED", headers={"Retry-After": "7"}))

    response = await _ask(ai_client, course, "Loops", admin_headers)

    assert response.status_code == 503
    assert response.headers["retry-after"] == "7"
    assert response.json() == {"status_code": 503, "detail": "Gemini rate limit reached"}
    assert len(fake_gemini.received) == MAX_RETRIES + 1
    assert set((await _contents(db)).values()) == {OLD_CONTENT}
    logged = [f"{r.getMessage()} {vars(r)}" for r in caplog.records]
    assert any("gemini" in line.lower() for line in logged)
    assert not [line for line in logged if API_KEY in line]


@pytest.mark.parametrize(
    ("reply", "retry_after"),
    [
        (
            error(
                429,
                "RESOURCE_EXHAUSTED",
                details=[{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "12.5s"}],
            ),
            "13",
        ),
        (error(429, "RESOURCE_EXHAUSTED"), "30"),
        (error(503, "UNAVAILABLE"), "30"),
        (error(503, "UNAVAILABLE", headers={"Retry-After": "4"}), "4"),
    ],
)
async def test_unavailability_is_503_with_a_retry_after_from_gemini_or_a_default(
    ai_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
    reply: Reply,
    retry_after: str,
) -> None:
    fake_gemini.reply_with(reply)

    response = await _ask(ai_client, course, "Loops", admin_headers)

    assert response.status_code == 503
    assert response.headers["retry-after"] == retry_after
    assert "Gemini" in response.json()["detail"]
    assert len(fake_gemini.received) == MAX_RETRIES + 1
    assert set((await _contents(db)).values()) == {OLD_CONTENT}


async def test_a_passing_retry_stores_the_lesson(
    ai_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
) -> None:
    written = lesson_markdown("Loops")
    fake_gemini.reply_with(error(429, "RESOURCE_EXHAUSTED"), error(500, "INTERNAL"), answer(written))

    response = await _ask(ai_client, course, "Loops", admin_headers)

    assert response.status_code == 200
    assert len(fake_gemini.received) == 3
    assert (await _contents(db))[course.lessons["Loops"]] == written


async def test_a_retry_after_date_is_turned_into_seconds(
    ai_client: Client, fake_gemini: FakeGemini, course: Course, admin_headers: dict[str, str]
) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    fake_gemini.reply_with(error(429, "RESOURCE_EXHAUSTED", headers={"Retry-After": when}))

    response = await _ask(ai_client, course, "Loops", admin_headers)

    assert response.status_code == 503
    assert 85 <= int(response.headers["retry-after"]) <= 91


async def test_the_outline_comes_in_order_whatever_the_insertion_order(
    ai_client: Client, fake_gemini: FakeGemini, db: asyncpg.Connection, admin_headers: dict[str, str]
) -> None:
    course_id = await db.fetchval("INSERT INTO courses (title) VALUES ('Rust') RETURNING id")
    later, _empty, first = [
        await db.fetchval(
            "INSERT INTO sections (course_id, title, section_order) VALUES ($1, $2, $3) RETURNING id",
            course_id,
            title,
            order,
        )
        for title, order in (("Later", 7), ("Empty", 9), ("First", 2))
    ]
    lessons = {}
    for section_id, title, order in ((later, "L-b", 5), (later, "L-a", 3), (first, "F-a", 1)):
        lessons[title] = await db.fetchval(
            "INSERT INTO lessons (section_id, title, lesson_order) VALUES ($1, $2, $3) RETURNING id",
            section_id,
            title,
            order,
        )
    fake_gemini.reply_with(answer(lesson_markdown("L-b")))

    response = await ai_client.post(
        ROUTE, params={"course_uid": str(course_id), "lesson_id": lessons["L-b"]}, headers=admin_headers
    )

    assert response.status_code == 200
    prompt = fake_gemini.received[0].prompt_text()
    outline = [line for line in prompt.splitlines() if line.startswith(("Section ", "  "))]
    assert outline[:7] == [
        "Section 1: First",
        "  1.1 F-a (out of scope: do not cover)",
        "Section 2: Later",
        "  2.1 L-a (out of scope: do not cover)",
        "  2.2 L-b <- WRITE THIS LESSON",
        "Section 3: Empty",
        "  (no lessons yet)",
    ]
    assert "Course description: (no description)" in prompt
    assert await db.fetchval("SELECT content FROM lessons WHERE id = $1", lessons["L-b"]) == lesson_markdown(
        "L-b"
    )


async def test_a_server_error_is_retried_then_502(
    ai_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
) -> None:
    fake_gemini.reply_with(error(500, "INTERNAL"))

    response = await _ask(ai_client, course, "Loops", admin_headers)

    assert response.status_code == 502
    assert response.json() == {"status_code": 502, "detail": "Gemini failed (HTTP 500)"}
    assert "retry-after" not in response.headers
    assert len(fake_gemini.received) == MAX_RETRIES + 1
    assert set((await _contents(db)).values()) == {OLD_CONTENT}


async def test_a_refused_request_is_not_retried_and_is_502(
    ai_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
) -> None:
    fake_gemini.reply_with(error(400, "INVALID_ARGUMENT", message=f"API key not valid: {API_KEY}"))

    response = await _ask(ai_client, course, "Loops", admin_headers)

    assert response.status_code == 502
    assert response.json()["detail"] == "Gemini failed (HTTP 400)"
    assert API_KEY not in response.text
    assert len(fake_gemini.received) == 1
    assert set((await _contents(db)).values()) == {OLD_CONTENT}


async def test_a_slow_answer_times_out_and_is_503(
    ai_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
) -> None:
    slow = answer(lesson_markdown("Loops"))
    fake_gemini.reply_with(Reply(body=slow.body, delay_seconds=TIMEOUT_SECONDS * 3))

    response = await _ask(ai_client, course, "Loops", admin_headers)

    assert response.status_code == 503
    assert response.json()["detail"] == "Gemini did not answer in time"
    assert response.headers["retry-after"] == "30"
    assert len(fake_gemini.received) == MAX_RETRIES + 1
    assert set((await _contents(db)).values()) == {OLD_CONTENT}


def _blocked_answer() -> Reply:
    return Reply(
        body={
            "candidates": [{"finishReason": "SAFETY", "index": 0}],
            "usageMetadata": {"promptTokenCount": 100, "totalTokenCount": 100},
        }
    )


@pytest.mark.parametrize(
    ("reply", "detail"),
    [
        (
            Reply(
                body={"promptFeedback": {"blockReason": "SAFETY"}, "usageMetadata": {"promptTokenCount": 9}}
            ),
            "Gemini blocked the prompt (SAFETY)",
        ),
        (_blocked_answer(), "Gemini blocked the answer (SAFETY)"),
        (answer("", finishReason="RECITATION"), "Gemini blocked the answer (RECITATION)"),
        (
            answer(lesson_markdown("Loops"), finishReason="MAX_TOKENS"),
            "Gemini's answer was cut short (MAX_TOKENS)",
        ),
        (Reply(body={"candidates": []}), "Gemini returned no answer"),
        (answer("   \n"), "Gemini returned an empty answer"),
        (
            answer(lesson_markdown("Functions")),
            "Gemini answer rejected: the answer's H1 title is not the lesson title",
        ),
        (
            answer(lesson_markdown("Loops").replace("# Loops", "Loops")),
            "Gemini answer rejected: the answer has no H1 title",
        ),
        (
            answer(lesson_markdown("Loops") + "\n<script>alert(1)</script>\n"),
            "Gemini answer rejected: the answer contains raw HTML",
        ),
        (answer("# Loops\n\nShort."), "Gemini answer rejected: the answer has 3 words, outside 300..4000"),
        (Reply(body={"candidates": [{"content": "not an object"}]}), "Gemini returned a malformed answer"),
        (Reply(raw=b"<html>proxy error</html>"), "Gemini returned a malformed answer"),
    ],
)
async def test_a_blocked_empty_or_malformed_answer_is_502_and_changes_nothing(
    ai_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
    reply: Reply,
    detail: str,
) -> None:
    fake_gemini.reply_with(reply)

    response = await _ask(ai_client, course, "Loops", admin_headers)

    assert response.status_code == 502, response.text
    assert response.json() == {"status_code": 502, "detail": detail}
    assert len(fake_gemini.received) == 1
    assert set((await _contents(db)).values()) == {OLD_CONTENT}


async def test_a_lesson_outside_the_course_is_404_and_gemini_is_not_asked(
    ai_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    make_course: Callable[..., Awaitable[Course]],
    db: asyncpg.Connection,
    admin_headers: dict[str, str],
) -> None:
    other = await make_course("Other", {"Only": ["Elsewhere"]})
    fake_gemini.reply_with(answer(lesson_markdown("Elsewhere")))
    cases = [
        (course.id, other.lessons["Elsewhere"], "Lesson not found in this course"),
        (course.id, 999_999, "Lesson not found in this course"),
        (uuid4(), course.lessons["Loops"], "Course not found"),
    ]
    for course_id, lesson_id, detail in cases:
        response = await ai_client.post(
            ROUTE, params={"course_uid": str(course_id), "lesson_id": lesson_id}, headers=admin_headers
        )
        assert response.status_code == 404
        assert response.json() == {"status_code": 404, "detail": detail}
    assert fake_gemini.received == []
    assert set((await _contents(db)).values()) == {OLD_CONTENT}


async def test_only_an_admin_may_ask_before_anything_else_is_looked_at(
    ai_client: Client,
    fake_gemini: FakeGemini,
    course: Course,
    user_headers: dict[str, str],
) -> None:
    params = {"course_uid": str(course.id), "lesson_id": str(course.lessons["Loops"])}
    anonymous = await ai_client.post(ROUTE, params=params)
    assert anonymous.status_code == 401
    assert anonymous.json()["status_code"] == 401
    assert (await ai_client.post(ROUTE, params=params, headers=user_headers)).status_code == 403
    assert (await ai_client.post(ROUTE, headers=user_headers)).status_code == 403
    assert (await ai_client.post(ROUTE)).status_code == 401
    assert fake_gemini.received == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"course_uid": "not-a-uuid", "lesson_id": "1"}, "course_uid"),
        ({"course_uid": str(uuid4()), "lesson_id": "abc"}, "lesson_id"),
        ({"course_uid": str(uuid4()), "lesson_id": "0"}, "lesson_id"),
        ({"course_uid": str(uuid4()), "lesson_id": str(2**31)}, "lesson_id"),
    ],
)
async def test_bad_query_parameters_are_422_naming_the_parameter(
    ai_client: Client,
    fake_gemini: FakeGemini,
    admin_headers: dict[str, str],
    params: dict[str, str],
    field: str,
) -> None:
    response = await ai_client.post(ROUTE, params=params, headers=admin_headers)
    assert response.status_code == 422
    body = response.json()
    assert body["status_code"] == 422
    assert [item["field"] for item in body["errors"]] == [field]
    assert fake_gemini.received == []


@pytest.mark.parametrize(
    ("params", "missing"),
    [({"lesson_id": "1"}, "course_uid"), ({"course_uid": str(uuid4())}, "lesson_id"), ({}, None)],
)
async def test_missing_query_parameters_are_422_naming_one(
    ai_client: Client,
    fake_gemini: FakeGemini,
    admin_headers: dict[str, str],
    params: dict[str, str],
    missing: str | None,
) -> None:
    response = await ai_client.post(ROUTE, params=params, headers=admin_headers)
    assert response.status_code == 422
    body = response.json()
    assert body["status_code"] == 422
    named = [error["field"] for error in body["errors"]]
    assert named == [missing] if missing else named[0] in {"course_uid", "lesson_id"}
    assert fake_gemini.received == []


async def test_without_a_gemini_key_the_route_is_503_not_configured(
    client: Client, course: Course, db: asyncpg.Connection, admin_headers: dict[str, str]
) -> None:
    response = await _ask(client, course, "Loops", admin_headers)

    assert response.status_code == 503
    assert response.json() == {"status_code": 503, "detail": "AI provider not configured"}
    assert set((await _contents(db)).values()) == {OLD_CONTENT}


async def test_the_route_is_documented(client: Client) -> None:
    document = (await client.get("/openapi.json")).json()
    operation = document["paths"][ROUTE]["post"]
    assert {p["name"] for p in operation["parameters"]} >= {"course_uid", "lesson_id"}
    assert {"200", "401", "403", "404", "422", "502", "503"} <= set(operation["responses"])
