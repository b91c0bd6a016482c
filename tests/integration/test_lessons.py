"""Lessons over HTTP: whole lessons by section and by id, writes, moves and reordering."""

from __future__ import annotations

import asyncio

import asyncpg

from tests.integration.content_arrange import (
    Client,
    Headers,
    create_course,
    create_lessons,
    create_section,
)


async def lesson_orders(db: asyncpg.Connection, section_id: int) -> list[tuple[int, int]]:
    rows = await db.fetch(
        "SELECT id, lesson_order FROM lessons WHERE section_id = $1 ORDER BY lesson_order", section_id
    )
    return [(row["id"], row["lesson_order"]) for row in rows]


async def test_a_lesson_is_read_whole_with_its_course(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    section = await create_section(client, admin_headers, course["id"])
    [lesson] = await create_lessons(client, admin_headers, section["id"], 1)

    response = await client.get(f"/api/v1/lessons/{lesson['id']}")

    assert response.status_code == 200
    row = await db.fetchrow("SELECT * FROM lessons WHERE id = $1", lesson["id"])
    assert response.json() == {
        "id": lesson["id"],
        "section_id": section["id"],
        "course_id": course["id"],
        "title": "Lesson 1",
        "content": "# Lesson 1",
        "lesson_order": 1,
        "created_at": row["created_at"].isoformat().replace("+00:00", "Z"),
        "updated_at": row["updated_at"].isoformat().replace("+00:00", "Z"),
    }
    assert (await client.get("/api/v1/lessons/424242")).status_code == 404
    assert (await client.get("/api/v1/lessons/x")).status_code == 422


async def test_lessons_of_an_unpublished_course_are_404_except_for_an_admin(
    client: Client, admin_headers: Headers, user_headers: Headers
) -> None:
    course = await create_course(client, admin_headers, is_published=False)
    section = await create_section(client, admin_headers, course["id"])
    [lesson] = await create_lessons(client, admin_headers, section["id"], 1)

    for path, params in (
        (f"/api/v1/lessons/{lesson['id']}", {}),
        ("/api/v1/lessons", {"section_id": section["id"]}),
    ):
        assert (await client.get(path, params=params)).status_code == 404
        assert (await client.get(path, params=params, headers=user_headers)).status_code == 404
        assert (await client.get(path, params=params, headers=admin_headers)).status_code == 200


async def test_a_long_section_is_listed_completely_in_order(client: Client, admin_headers: Headers) -> None:
    course = await create_course(client, admin_headers)
    section = await create_section(client, admin_headers, course["id"])
    other = await create_section(client, admin_headers, course["id"], order=2)
    await create_lessons(client, admin_headers, other["id"], 3)
    created = await create_lessons(client, admin_headers, section["id"], 130)

    response = await client.get("/api/v1/lessons", params={"section_id": section["id"]})

    assert response.status_code == 200
    assert response.headers["x-total-count"] == "130"
    body = response.json()
    assert [lesson["id"] for lesson in body] == [lesson["id"] for lesson in created]
    assert [lesson["lesson_order"] for lesson in body] == list(range(1, 131))
    assert body[129]["content"] == "# Lesson 130"
    assert {lesson["course_id"] for lesson in body} == {course["id"]}
    tree = (await client.get(f"/api/v1/courses/{course['id']}")).json()
    assert len(tree["sections"][0]["lessons"]) == 130
    section_read = (await client.get(f"/api/v1/sections/{section['id']}")).json()
    assert len(section_read["lessons"]) == 130


async def test_listing_lessons_needs_an_existing_section(client: Client) -> None:
    assert (await client.get("/api/v1/lessons")).status_code == 422
    assert (await client.get("/api/v1/lessons", params={"section_id": "a"})).status_code == 422
    assert (await client.get("/api/v1/lessons", params={"section_id": 0})).status_code == 422
    assert (await client.get("/api/v1/lessons", params={"section_id": 424242})).status_code == 404


async def test_create_checks_the_section_and_the_order(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    section = await create_section(client, admin_headers, course["id"])
    body = {"section_id": section["id"], "title": "Variables", "content": "# Variables", "lesson_order": 1}

    created = await client.post("/api/v1/lessons", json=body, headers=admin_headers)
    assert created.status_code == 201
    assert created.json()["course_id"] == course["id"]
    assert created.json()["content"] == "# Variables"

    assert (await client.post("/api/v1/lessons", json=body, headers=admin_headers)).status_code == 409
    missing = await client.post("/api/v1/lessons", json={**body, "section_id": 4242}, headers=admin_headers)
    assert missing.status_code == 422
    assert missing.json()["errors"] == [{"field": "section_id", "message": "no section has this id"}]
    zero = await client.post("/api/v1/lessons", json={**body, "lesson_order": 0}, headers=admin_headers)
    assert zero.status_code == 422
    assert (
        await client.post("/api/v1/lessons", json={**body, "x": 1}, headers=admin_headers)
    ).status_code == 422
    assert await db.fetchval("SELECT count(*) FROM lessons") == 1


async def test_concurrent_moves_to_one_order_give_one_200_and_one_409(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    section = await create_section(client, admin_headers, course["id"])
    first, second = await create_lessons(client, admin_headers, section["id"], 2)

    responses = await asyncio.gather(
        *(
            client.put(f"/api/v1/lessons/{lesson['id']}", json={"lesson_order": 9}, headers=admin_headers)
            for lesson in (first, second)
        )
    )

    assert sorted(r.status_code for r in responses) == [200, 409]
    assert sorted(o for _, o in await lesson_orders(db, section["id"])) in ([1, 9], [2, 9])


async def test_concurrent_creates_of_one_order_give_one_201_and_one_409(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    section = await create_section(client, admin_headers, course["id"])
    body = {"section_id": section["id"], "title": "Race", "lesson_order": 1}

    responses = await asyncio.gather(
        *(client.post("/api/v1/lessons", json=body, headers=admin_headers) for _ in range(2))
    )

    assert sorted(r.status_code for r in responses) == [201, 409]
    assert await db.fetchval("SELECT count(*) FROM lessons") == 1


async def test_bulk_create_is_all_or_nothing_and_names_the_item(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    section = await create_section(client, admin_headers, course["id"])

    def item(order: int, **extra: object) -> dict[str, object]:
        return {"section_id": section["id"], "title": f"L{order}", "lesson_order": order, **extra}

    for body, status, where in (
        ([item(1), item(2), item(2)], 409, "items[2].lesson_order"),
        ([item(1), item(2, section_id=4242)], 422, "items[1].section_id"),
        ([item(1), item(2), item(0)], 422, "items[2].lesson_order"),
        ([item(1), {"section_id": section["id"], "lesson_order": 2}], 422, "items[1].title"),
    ):
        response = await client.post("/api/v1/lessons/bulk", json=body, headers=admin_headers)
        assert response.status_code == status, body
        assert response.json()["detail"].startswith(where)
        if status == 422:
            assert response.json()["errors"][0]["field"] == where
    assert await db.fetchval("SELECT count(*) FROM lessons") == 0


async def test_update_is_partial_and_moves_a_lesson_to_another_section(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    source = await create_section(client, admin_headers, course["id"], order=1)
    target = await create_section(client, admin_headers, course["id"], order=2)
    moving, _ = await create_lessons(client, admin_headers, source["id"], 2)
    await create_lessons(client, admin_headers, target["id"], 1)
    path = f"/api/v1/lessons/{moving['id']}"

    edited = await client.put(path, json={"content": "# New"}, headers=admin_headers)
    assert edited.status_code == 200
    assert (edited.json()["content"], edited.json()["title"]) == ("# New", "Lesson 1")

    taken = await client.put(path, json={"section_id": target["id"]}, headers=admin_headers)
    assert taken.status_code == 409
    moved = await client.put(
        path, json={"section_id": target["id"], "lesson_order": 2}, headers=admin_headers
    )
    assert moved.status_code == 200
    assert (moved.json()["section_id"], moved.json()["lesson_order"]) == (target["id"], 2)
    row = await db.fetchrow(
        "SELECT section_id, lesson_order, content FROM lessons WHERE id = $1", moving["id"]
    )
    assert tuple(row) == (target["id"], 2, "# New")
    nowhere = await client.put(path, json={"section_id": 4242}, headers=admin_headers)
    assert nowhere.status_code == 422
    assert (await client.put(path, json={"content": None}, headers=admin_headers)).status_code == 422
    assert (await client.put("/api/v1/lessons/4242", json={}, headers=admin_headers)).status_code == 404


async def test_delete_removes_only_the_lesson(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    section = await create_section(client, admin_headers, course["id"])
    first, _ = await create_lessons(client, admin_headers, section["id"], 2)

    response = await client.delete(f"/api/v1/lessons/{first['id']}", headers=admin_headers)

    assert response.status_code == 204
    assert await db.fetchval("SELECT count(*) FROM lessons") == 1
    assert (await client.delete(f"/api/v1/lessons/{first['id']}", headers=admin_headers)).status_code == 404


async def test_reorder_lessons_is_atomic_and_all_or_nothing(
    client: Client, admin_headers: Headers, user_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    section = await create_section(client, admin_headers, course["id"])
    a, b, c = await create_lessons(client, admin_headers, section["id"], 3)
    path = f"/api/v1/sections/{section['id']}/lessons/order"

    for ids in ([a["id"], b["id"]], [a["id"], b["id"], c["id"], c["id"]], [a["id"], b["id"], 999]):
        rejected = await client.put(path, json={"ids": ids}, headers=admin_headers)
        assert rejected.status_code == 422
    assert await lesson_orders(db, section["id"]) == [(a["id"], 1), (b["id"], 2), (c["id"], 3)]
    assert (await client.put(path, json={"ids": []}, headers=user_headers)).status_code == 403

    response = await client.put(path, json={"ids": [b["id"], c["id"], a["id"]]}, headers=admin_headers)

    assert response.status_code == 200
    assert [(x["id"], x["lesson_order"]) for x in response.json()] == [
        (b["id"], 1),
        (c["id"], 2),
        (a["id"], 3),
    ]
    assert response.json()[0]["content"] == "# Lesson 2"
    assert await lesson_orders(db, section["id"]) == [(b["id"], 1), (c["id"], 2), (a["id"], 3)]
    missing = await client.put("/api/v1/sections/4242/lessons/order", json={"ids": []}, headers=admin_headers)
    assert missing.status_code == 404


async def test_a_bulk_body_past_the_cap_is_413_and_writes_nothing(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    section = await create_section(client, admin_headers, course["id"])
    huge = "x" * (11 * 1024 * 1024)

    response = await client.post(
        "/api/v1/lessons/bulk",
        json=[{"section_id": section["id"], "title": "Big", "lesson_order": 1, "content": huge}],
        headers=admin_headers,
    )

    assert response.status_code == 413
    assert response.json()["status_code"] == 413
    assert await db.fetchval("SELECT count(*) FROM lessons") == 0


async def test_the_bulk_routes_document_their_array_body(client: Client) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]

    for path, item in (
        ("/api/v1/courses/bulk", "CourseCreate"),
        ("/api/v1/sections/bulk", "SectionCreate"),
        ("/api/v1/lessons/bulk", "LessonCreate"),
        ("/api/v1/projects/bulk", "ProjectCreate"),
    ):
        schema = paths[path]["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert schema["type"] == "array"
        assert schema["items"] == {"$ref": f"#/components/schemas/{item}"}
