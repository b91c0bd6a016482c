"""GET /courses/{id}/export and POST /courses/import: course documents for the admin dashboard."""

from __future__ import annotations

import copy
from typing import Any

import asyncpg

from tests.integration.content_arrange import Client, Headers, create_course, create_lessons, create_section
from tests.integration.course_document_sample import DOCUMENT

IMPORT = "/api/v1/courses/import"


async def _counts(db: asyncpg.Connection) -> tuple[int, int, int]:
    row = await db.fetchrow(
        "SELECT (SELECT count(*) FROM courses) AS c, (SELECT count(*) FROM sections) AS s,"
        " (SELECT count(*) FROM lessons) AS l"
    )
    assert row is not None
    return row["c"], row["s"], row["l"]


async def test_an_import_answers_the_course_as_get_shows_it_and_exports_back_the_same(
    client: Client, admin_headers: Headers, first_admin: asyncpg.Record, db: asyncpg.Connection
) -> None:
    response = await client.post(IMPORT, json=DOCUMENT, headers=admin_headers)

    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    shown = await client.get(f"/api/v1/courses/{created['id']}", headers=admin_headers)
    assert created == shown.json()
    assert created["is_published"] is False
    assert created["instructor"]["id"] == str(first_admin["id"])
    assert [(s["title"], s["section_order"], len(s["lessons"])) for s in created["sections"]] == [
        ("Getting Started", 1, 2),
        ("Nothing here yet", 2, 0),
        ("Control Flow", 5, 1),
    ]
    assert await _counts(db) == (1, 3, 3)

    exported = await client.get(f"/api/v1/courses/{created['id']}/export", headers=admin_headers)
    assert exported.status_code == 200
    assert exported.json() == {**DOCUMENT, "course": {**DOCUMENT["course"], "is_published": False}}


async def test_publish_true_publishes_the_imported_course(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    unpublished = copy.deepcopy(DOCUMENT)
    unpublished["course"]["is_published"] = False

    response = await client.post(f"{IMPORT}?publish=true", json=unpublished, headers=admin_headers)

    assert response.status_code == 201, response.text
    assert response.json()["is_published"] is True
    assert await db.fetchval("SELECT is_published FROM courses") is True


async def test_export_of_a_course_made_through_the_api(client: Client, admin_headers: Headers) -> None:
    course = await create_course(client, admin_headers, title="Made here", difficulty_level="hard")
    section = await create_section(client, admin_headers, course["id"], order=2, title="Only")
    await create_lessons(client, admin_headers, section["id"], 2)

    response = await client.get(f"/api/v1/courses/{course['id']}/export", headers=admin_headers)

    assert response.status_code == 200
    assert response.json() == {
        "format": "ahc.course",
        "version": 1,
        "course": {
            "title": "Made here",
            "description": None,
            "difficulty_level": "hard",
            "is_published": True,
        },
        "sections": [
            {
                "title": "Only",
                "section_order": 2,
                "lessons": [
                    {"title": "Lesson 1", "content": "# Lesson 1", "lesson_order": 1},
                    {"title": "Lesson 2", "content": "# Lesson 2", "lesson_order": 2},
                ],
            }
        ],
    }
    missing = await client.get(
        "/api/v1/courses/00000000-0000-0000-0000-000000000000/export", headers=admin_headers
    )
    assert missing.status_code == 404


async def test_a_broken_document_is_422_with_every_problem_and_nothing_written(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    broken = copy.deepcopy(DOCUMENT)
    broken["version"] = 3
    broken["course"]["title"] = ""
    broken["sections"][2]["lessons"][0]["title"] = "x" * 256
    broken["sections"][1]["section_order"] = 1
    del broken["sections"][0]["lessons"][1]["lesson_order"]

    response = await client.post(IMPORT, json=broken, headers=admin_headers)

    assert response.status_code == 422
    body = response.json()
    assert body["status_code"] == 422
    assert body["errors"] == [
        {"field": "version", "message": "unsupported version 3: version 1 is read"},
        {"field": "course.title", "message": "must not be empty"},
        {"field": "sections[0].lessons[1].lesson_order", "message": "missing"},
        {"field": "sections[2].lessons[0].title", "message": "too long (at most 255 characters)"},
        {
            "field": "sections[1].section_order",
            "message": "the same order as sections[0].section_order",
        },
    ]
    assert await _counts(db) == (0, 0, 0)

    for body_text in ("{not json", "[1, 2]", "null", "[" * 100_000 + "]" * 100_000):
        refused = await client.post(
            IMPORT, content=body_text, headers={**admin_headers, "Content-Type": "application/json"}
        )
        assert refused.status_code == 422, body_text[:20]
        assert len(refused.json()["errors"]) == 1
    assert await _counts(db) == (0, 0, 0)


async def test_only_admins_import_and_export(
    client: Client, admin_headers: Headers, user_headers: Headers, db: asyncpg.Connection
) -> None:
    created = (await client.post(IMPORT, json=DOCUMENT, headers=admin_headers)).json()
    export = f"/api/v1/courses/{created['id']}/export"

    assert (await client.post(IMPORT, json=DOCUMENT)).status_code == 401
    assert (await client.post(IMPORT, json=DOCUMENT, headers=user_headers)).status_code == 403
    assert (await client.get(export)).status_code == 401
    assert (await client.get(export, headers=user_headers)).status_code == 403
    assert await _counts(db) == (1, 3, 3)


async def test_the_openapi_document_describes_the_format(client: Client) -> None:
    document = (await client.get("/openapi.json")).json()

    body = document["paths"][IMPORT]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/CourseDocument"}
    exported = document["paths"]["/api/v1/courses/{course_id}/export"]["get"]["responses"]["200"]
    assert exported["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CourseDocument"
    }
    schema = document["components"]["schemas"]["CourseDocument"]
    assert set(schema["required"]) == {"format", "version", "course", "sections"}
