"""Courses over HTTP: the public catalogue, the course outline and the administrator's writes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from uuid import UUID, uuid4

import asyncpg

from adapters.persistence.queries.courses import AsyncpgCourseQueries
from adapters.persistence.queries.read_pool import create_read_pool
from adapters.settings import Settings
from application.pagination import PageRequest
from application.ports.course_queries import CourseFilter
from domain.users import Role
from tests.integration.content_arrange import (
    Client,
    Headers,
    create_course,
    create_lessons,
    create_project,
    create_section,
    insert_media,
)

MakeUser = Callable[..., Awaitable[UUID]]


async def test_the_catalogue_lists_published_courses_newest_first_with_the_total(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    ids = [(await create_course(client, admin_headers, title=f"Course {i}"))["id"] for i in range(3)]
    await create_course(client, admin_headers, title="Draft", is_published=False)
    # Created in separate requests, but make the order unmistakable.
    for age, course_id in enumerate(reversed(ids)):
        await db.execute(
            "UPDATE courses SET created_at = now() - make_interval(mins => $1) WHERE id = $2",
            age,
            UUID(course_id),
        )

    response = await client.get("/api/v1/courses")

    assert response.status_code == 200
    assert response.headers["x-total-count"] == "3"
    assert [c["id"] for c in response.json()] == list(reversed(ids))
    page = await client.get("/api/v1/courses", params={"skip": 1, "limit": 1})
    assert [c["id"] for c in page.json()] == [ids[1]]
    assert page.headers["x-total-count"] == "3"
    past_the_end = await client.get("/api/v1/courses", params={"skip": 10})
    assert past_the_end.json() == []
    assert past_the_end.headers["x-total-count"] == "3"


async def test_list_items_carry_instructor_and_image(
    client: Client, admin_headers: Headers, db: asyncpg.Connection, first_admin: asyncpg.Record
) -> None:
    image_id = await insert_media(db)
    await create_course(client, admin_headers, image_id=str(image_id), difficulty_level="Beginner")

    [item] = (await client.get("/api/v1/courses")).json()

    assert item["instructor"] == {
        "id": str(first_admin["id"]),
        "full_name": first_admin["full_name"],
        "email": first_admin["email"],
    }
    secure_url = await db.fetchval("SELECT secure_url FROM media WHERE id = $1", image_id)
    assert item["image"] == {"id": str(image_id), "secure_url": secure_url}
    assert set(item) == {
        "id", "title", "description", "difficulty_level", "is_published",
        "created_at", "updated_at", "instructor", "image",
    }  # fmt: skip


async def test_paging_beyond_the_limits_is_422(client: Client) -> None:
    for params in ({"limit": 101}, {"limit": 0}, {"skip": -1}):
        response = await client.get("/api/v1/courses", params=params)
        assert response.status_code == 422, params
        assert response.json()["errors"][0]["field"] in params


async def test_search_matches_title_or_description_in_any_case_and_difficulty_filters(
    client: Client, admin_headers: Headers
) -> None:
    await create_course(client, admin_headers, title="Django Basics", difficulty_level="beginner")
    await create_course(client, admin_headers, title="Web", description="Deep DJANGO internals")
    await create_course(client, admin_headers, title="Rust", difficulty_level="Advanced")
    await create_course(client, admin_headers, title="100% coverage")

    found = await client.get("/api/v1/courses", params={"search": "django"})
    assert sorted(c["title"] for c in found.json()) == ["Django Basics", "Web"]
    assert found.headers["x-total-count"] == "2"
    by_level = await client.get("/api/v1/courses", params={"difficulty_level": "ADVANCED"})
    assert [c["title"] for c in by_level.json()] == ["Rust"]
    both = await client.get("/api/v1/courses", params={"search": "DJANGO", "difficulty_level": "Beginner"})
    assert [c["title"] for c in both.json()] == ["Django Basics"]
    # The client's wildcards are plain characters.
    percent = await client.get("/api/v1/courses", params={"search": "%"})
    assert [c["title"] for c in percent.json()] == ["100% coverage"]


async def test_a_search_the_database_cannot_hold_is_422(client: Client) -> None:
    response = await client.get("/api/v1/courses", params={"search": "a\x00b"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "search"


async def test_only_an_admin_may_include_unpublished_courses(
    client: Client, admin_headers: Headers, user_headers: Headers
) -> None:
    await create_course(client, admin_headers, title="Live")
    await create_course(client, admin_headers, title="Draft", is_published=False)
    params = {"include_unpublished": "true"}

    admin = await client.get("/api/v1/courses", params=params, headers=admin_headers)
    user = await client.get("/api/v1/courses", params=params, headers=user_headers)
    anonymous = await client.get("/api/v1/courses", params=params)
    admin_default = await client.get("/api/v1/courses", headers=admin_headers)

    assert sorted(c["title"] for c in admin.json()) == ["Draft", "Live"]
    assert admin.headers["x-total-count"] == "2"
    assert [c["title"] for c in user.json()] == ["Live"]
    assert [c["title"] for c in anonymous.json()] == ["Live"]
    assert [c["title"] for c in admin_default.json()] == ["Live"]


async def test_a_bad_token_on_a_public_read_is_401(client: Client) -> None:
    response = await client.get("/api/v1/courses", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401


async def test_the_course_outline_has_sections_and_lesson_summaries_in_order(
    client: Client, admin_headers: Headers
) -> None:
    course = await create_course(client, admin_headers)
    second = await create_section(client, admin_headers, course["id"], order=2)
    first = await create_section(client, admin_headers, course["id"], order=1)
    await create_lessons(client, admin_headers, second["id"], 1)
    lessons = await create_lessons(client, admin_headers, first["id"], 2)

    response = await client.get(f"/api/v1/courses/{course['id']}")

    assert response.status_code == 200
    tree = response.json()
    assert [s["id"] for s in tree["sections"]] == [first["id"], second["id"]]
    assert tree["sections"][0] == {
        "id": first["id"],
        "course_id": course["id"],
        "title": first["title"],
        "section_order": 1,
        "lessons": [
            {
                "id": lesson["id"],
                "section_id": first["id"],
                "course_id": course["id"],
                "title": lesson["title"],
                "lesson_order": lesson["lesson_order"],
            }
            for lesson in lessons
        ],
    }
    assert tree["sections"][1]["lessons"][0]["section_id"] == second["id"]


async def test_outline_titles_come_back_exactly_as_written(client: Client, admin_headers: Headers) -> None:
    title = (
        "Quotes \" ' and \\ back\\slashes, tabs\t, new\nlines, "
        "\u00e9t\u00e9, \u0627\u0631\u062f\u0648, \U0001f680 </script>"
    )
    course = await create_course(client, admin_headers)
    section = await create_section(client, admin_headers, course["id"], title=title)
    body = [{"section_id": section["id"], "title": title, "content": "x", "lesson_order": 1}]
    assert (await client.post("/api/v1/lessons/bulk", json=body, headers=admin_headers)).status_code == 201

    tree = (await client.get(f"/api/v1/courses/{course['id']}")).json()
    by_course = (await client.get("/api/v1/sections", params={"course_id": course["id"]})).json()
    one = (await client.get(f"/api/v1/sections/{section['id']}")).json()
    for outline in (tree["sections"][0], by_course[0], one):
        assert outline["title"] == title
        assert outline["lessons"][0]["title"] == title


async def test_empty_outlines_are_empty_lists(client: Client, admin_headers: Headers) -> None:
    course = await create_course(client, admin_headers)
    assert (await client.get(f"/api/v1/courses/{course['id']}")).json()["sections"] == []
    assert (await client.get("/api/v1/sections", params={"course_id": course["id"]})).json() == []
    section = await create_section(client, admin_headers, course["id"])
    assert (await client.get(f"/api/v1/courses/{course['id']}")).json()["sections"][0]["lessons"] == []
    assert (await client.get(f"/api/v1/sections/{section['id']}")).json()["lessons"] == []


async def test_an_unpublished_course_is_404_except_for_an_admin(
    client: Client, admin_headers: Headers, user_headers: Headers
) -> None:
    course = await create_course(client, admin_headers, is_published=False)
    path = f"/api/v1/courses/{course['id']}"

    assert (await client.get(path)).status_code == 404
    assert (await client.get(path, headers=user_headers)).status_code == 404
    admin_view = await client.get(path, headers=admin_headers)
    assert admin_view.status_code == 200
    assert admin_view.json()["is_published"] is False


async def test_a_missing_course_is_404_and_a_malformed_id_422(client: Client) -> None:
    missing = await client.get(f"/api/v1/courses/{uuid4()}")
    assert missing.status_code == 404
    assert missing.json() == {"status_code": 404, "detail": "Course not found"}
    assert (await client.get("/api/v1/courses/not-a-uuid")).status_code == 422


async def test_create_makes_the_caller_the_instructor_by_default(
    client: Client, admin_headers: Headers, db: asyncpg.Connection, first_admin: asyncpg.Record
) -> None:
    response = await client.post(
        "/api/v1/courses",
        json={"title": "Go", "description": "Goroutines", "difficulty_level": "Intermediate"},
        headers=admin_headers,
    )

    assert response.status_code == 201
    body = response.json()
    assert body["instructor"]["id"] == str(first_admin["id"])
    assert body["is_published"] is False
    assert body["sections"] == []
    row = await db.fetchrow("SELECT * FROM courses WHERE id = $1", UUID(body["id"]))
    assert row["title"] == "Go"
    assert row["instructor_id"] == first_admin["id"]
    assert row["difficulty_level"] == "Intermediate"


async def test_create_names_another_instructor_who_must_exist(
    client: Client, admin_headers: Headers, make_user: MakeUser, db: asyncpg.Connection
) -> None:
    teacher = await make_user("teacher", Role.MODERATOR)
    named = await create_course(client, admin_headers, instructor_id=str(teacher))
    assert named["instructor"]["id"] == str(teacher)

    missing = await client.post(
        "/api/v1/courses", json={"title": "X", "instructor_id": str(uuid4())}, headers=admin_headers
    )
    assert missing.status_code == 422
    assert missing.json()["errors"] == [{"field": "instructor_id", "message": "no user has this id"}]
    assert await db.fetchval("SELECT count(*) FROM courses") == 1


async def test_create_validates_the_body(client: Client, admin_headers: Headers) -> None:
    for body, field in (
        ({"title": ""}, "title"),
        ({"title": "x" * 256}, "title"),
        ({"title": "x", "difficulty_level": "x" * 21}, "difficulty_level"),
        ({"title": "x", "is_admin": True}, None),
        ({"title": "nul\x00"}, "title"),
        ({"title": "x", "description": "nul\x00"}, "description"),
        ({}, None),
    ):
        response = await client.post("/api/v1/courses", json=body, headers=admin_headers)
        assert response.status_code == 422, body
        if field is not None:
            assert response.json()["errors"][0]["field"] == field


async def test_writes_are_for_admins_and_checked_before_the_body(
    client: Client, user_headers: Headers, admin_headers: Headers
) -> None:
    course = await create_course(client, admin_headers)
    bad = {"nonsense": True}
    for method, path in (
        ("POST", "/api/v1/courses"),
        ("POST", "/api/v1/courses/bulk"),
        ("PUT", f"/api/v1/courses/{course['id']}"),
        ("DELETE", f"/api/v1/courses/{course['id']}"),
        ("PUT", f"/api/v1/courses/{course['id']}/sections/order"),
    ):
        anonymous = await client.request(method, path, json=bad)
        assert anonymous.status_code == 401, (method, path)
        user = await client.request(method, path, json=bad, headers=user_headers)
        assert user.status_code == 403, (method, path)
    assert (await client.get(f"/api/v1/courses/{course['id']}")).status_code == 200


async def test_the_image_must_be_an_image_row_used_nowhere_else(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    video = await insert_media(db, "video")
    deleted = await insert_media(db, is_deleted=True, deleted_at=await db.fetchval("SELECT now()"))
    for image_id in (uuid4(), video, deleted):
        response = await client.post(
            "/api/v1/courses", json={"title": "X", "image_id": str(image_id)}, headers=admin_headers
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "image_id"

    used_by_course = await insert_media(db)
    await create_course(client, admin_headers, image_id=str(used_by_course))
    used_by_project = await insert_media(db)
    await create_project(client, admin_headers, image_id=str(used_by_project))
    for image_id in (used_by_course, used_by_project):
        response = await client.post(
            "/api/v1/courses", json={"title": "X", "image_id": str(image_id)}, headers=admin_headers
        )
        assert response.status_code == 409
        assert "already used" in response.json()["detail"]
    assert await db.fetchval("SELECT count(*) FROM courses") == 1


async def test_update_is_partial_and_null_clears(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    image_id = await insert_media(db)
    course = await create_course(
        client, admin_headers, description="Old", difficulty_level="Beginner", image_id=str(image_id)
    )
    path = f"/api/v1/courses/{course['id']}"

    response = await client.put(
        path,
        json={"title": "New title", "description": None, "image_id": str(image_id)},
        headers=admin_headers,
    )

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "New title"
    assert body["description"] is None
    assert body["difficulty_level"] == "Beginner"
    assert body["image"]["id"] == str(image_id)  # a course may keep its own image
    row = await db.fetchrow("SELECT * FROM courses WHERE id = $1", UUID(course["id"]))
    assert (row["title"], row["description"], row["difficulty_level"]) == ("New title", None, "Beginner")
    assert row["updated_at"] > row["created_at"]
    cleared = await client.put(path, json={"image_id": None}, headers=admin_headers)
    assert cleared.json()["image"] is None

    assert (await client.put(path, json={"title": None}, headers=admin_headers)).status_code == 422
    assert (await client.put(path, json={"slug": "x"}, headers=admin_headers)).status_code == 422
    assert (
        await client.put(path, json={"instructor_id": str(uuid4())}, headers=admin_headers)
    ).status_code == 422
    missing = await client.put(f"/api/v1/courses/{uuid4()}", json={"title": "x"}, headers=admin_headers)
    assert missing.status_code == 404


async def test_delete_takes_sections_and_lessons_with_it(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    section = await create_section(client, admin_headers, course["id"])
    await create_lessons(client, admin_headers, section["id"], 3)
    path = f"/api/v1/courses/{course['id']}"

    response = await client.delete(path, headers=admin_headers)

    assert response.status_code == 204
    assert response.content == b""
    assert await db.fetchval("SELECT count(*) FROM courses") == 0
    assert await db.fetchval("SELECT count(*) FROM sections") == 0
    assert await db.fetchval("SELECT count(*) FROM lessons") == 0
    assert (await client.delete(path, headers=admin_headers)).status_code == 404


async def test_bulk_create_answers_the_courses_in_request_order(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    titles = [f"Course {i}" for i in range(5)]
    response = await client.post(
        "/api/v1/courses/bulk",
        json=[{"title": t, "is_published": True} for t in titles],
        headers=admin_headers,
    )

    assert response.status_code == 201
    assert [c["title"] for c in response.json()] == titles
    assert all(c["instructor"] is not None for c in response.json())
    assert await db.fetchval("SELECT count(*) FROM courses") == 5


async def test_bulk_create_is_all_or_nothing_and_names_the_item(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    image_id = await insert_media(db)
    cases = [
        ([{"title": "ok"}, {"title": ""}], 422, "items[1].title"),
        ([{"title": "ok"}, {"title": "ok", "colour": "red"}], 422, "items[1].colour"),
        ([{"title": "ok"}, {"description": "no title"}], 422, "items[1].title"),
        ([{"title": "ok"}, {"title": "x", "instructor_id": str(uuid4())}], 422, "items[1].instructor_id"),
        ({"title": "not a list"}, 422, "items"),
        ([], 422, "items"),
    ]
    for body, status, field in cases:
        response = await client.post("/api/v1/courses/bulk", json=body, headers=admin_headers)
        assert response.status_code == status, body
        assert response.json()["errors"][0]["field"] == field
    same_image = [{"title": "a", "image_id": str(image_id)}, {"title": "b", "image_id": str(image_id)}]
    clash = await client.post("/api/v1/courses/bulk", json=same_image, headers=admin_headers)
    assert clash.status_code == 409
    assert "items[1].image_id" in clash.json()["detail"]
    assert await db.fetchval("SELECT count(*) FROM courses") == 0


async def test_timestamps_read_in_utc_whatever_the_database_time_zone(
    client: Client, admin_headers: Headers, db: asyncpg.Connection, settings: Settings
) -> None:
    created = await create_course(client, admin_headers)
    database = await db.fetchval("SELECT current_database()")
    await db.execute(f"ALTER DATABASE \"{database}\" SET timezone TO 'Asia/Karachi'")
    assert settings.database_url is not None
    pool = await create_read_pool(settings.database_url, 1)  # connects after the change
    try:
        queries = AsyncpgCourseQueries(pool)
        [listed] = (await queries.list_courses(CourseFilter(), PageRequest(skip=0, limit=5))).items
        tree = await queries.course_tree(UUID(created["id"]), include_unpublished=False)
    finally:
        await pool.close()
        await db.execute(f'ALTER DATABASE "{database}" RESET timezone')
    assert tree is not None
    for course in (listed, tree):
        assert course.created_at.utcoffset() == timedelta(0)
        assert course.created_at == datetime.fromisoformat(created["created_at"])
