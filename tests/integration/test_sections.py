"""Sections over HTTP: listing by course, creating, ordering, moving and reordering."""

from __future__ import annotations

import asyncio
from uuid import UUID, uuid4

import asyncpg

from tests.integration.content_arrange import (
    Client,
    Headers,
    create_course,
    create_lessons,
    create_section,
)


async def section_orders(db: asyncpg.Connection, course_id: str) -> list[tuple[int, int]]:
    rows = await db.fetch(
        "SELECT id, section_order FROM sections WHERE course_id = $1 ORDER BY section_order", UUID(course_id)
    )
    return [(row["id"], row["section_order"]) for row in rows]


async def test_sections_are_listed_by_course_in_order_with_lesson_summaries(
    client: Client, admin_headers: Headers
) -> None:
    course = await create_course(client, admin_headers)
    other = await create_course(client, admin_headers, title="Other")
    third = await create_section(client, admin_headers, course["id"], order=3)
    first = await create_section(client, admin_headers, course["id"], order=1)
    await create_section(client, admin_headers, other["id"], order=1)
    lessons = await create_lessons(client, admin_headers, first["id"], 2)

    response = await client.get("/api/v1/sections", params={"course_id": course["id"]})

    assert response.status_code == 200
    assert response.headers["x-total-count"] == "2"
    body = response.json()
    assert [s["id"] for s in body] == [first["id"], third["id"]]
    assert [lesson["id"] for lesson in body[0]["lessons"]] == [lesson["id"] for lesson in lessons]
    assert body[0]["lessons"][0]["course_id"] == course["id"]
    assert body[1]["lessons"] == []


async def test_listing_sections_needs_a_visible_course(
    client: Client, admin_headers: Headers, user_headers: Headers
) -> None:
    assert (await client.get("/api/v1/sections")).status_code == 422
    assert (await client.get("/api/v1/sections", params={"course_id": "x"})).status_code == 422
    missing = await client.get("/api/v1/sections", params={"course_id": str(uuid4())})
    assert missing.status_code == 404
    draft = await create_course(client, admin_headers, is_published=False)
    await create_section(client, admin_headers, draft["id"])
    params = {"course_id": draft["id"]}
    assert (await client.get("/api/v1/sections", params=params)).status_code == 404
    assert (await client.get("/api/v1/sections", params=params, headers=user_headers)).status_code == 404
    admin = await client.get("/api/v1/sections", params=params, headers=admin_headers)
    assert admin.status_code == 200
    assert len(admin.json()) == 1


async def test_a_section_is_read_with_its_lessons(
    client: Client, admin_headers: Headers, user_headers: Headers
) -> None:
    course = await create_course(client, admin_headers)
    section = await create_section(client, admin_headers, course["id"])
    lessons = await create_lessons(client, admin_headers, section["id"], 3)

    response = await client.get(f"/api/v1/sections/{section['id']}")

    assert response.status_code == 200
    assert response.json()["lessons"] == [
        {
            "id": lesson["id"],
            "section_id": section["id"],
            "course_id": course["id"],
            "title": lesson["title"],
            "lesson_order": lesson["lesson_order"],
        }
        for lesson in lessons
    ]
    assert (await client.get("/api/v1/sections/999999")).status_code == 404
    assert (await client.get("/api/v1/sections/abc")).status_code == 422
    assert (await client.get("/api/v1/sections/99999999999")).status_code == 422
    await client.put(f"/api/v1/courses/{course['id']}", json={"is_published": False}, headers=admin_headers)
    assert (await client.get(f"/api/v1/sections/{section['id']}", headers=user_headers)).status_code == 404
    assert (await client.get(f"/api/v1/sections/{section['id']}", headers=admin_headers)).status_code == 200


async def test_create_checks_the_course_and_the_order(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    created = await client.post(
        "/api/v1/sections",
        json={"course_id": course["id"], "title": "Intro", "section_order": 1},
        headers=admin_headers,
    )
    assert created.status_code == 201
    assert created.json() == {
        "id": created.json()["id"],
        "course_id": course["id"],
        "title": "Intro",
        "section_order": 1,
        "lessons": [],
    }

    missing_course = await client.post(
        "/api/v1/sections",
        json={"course_id": str(uuid4()), "title": "x", "section_order": 2},
        headers=admin_headers,
    )
    assert missing_course.status_code == 422
    assert missing_course.json()["errors"] == [{"field": "course_id", "message": "no course has this id"}]
    for order in (0, -1, 2**31):
        bad_order = await client.post(
            "/api/v1/sections",
            json={"course_id": course["id"], "title": "x", "section_order": order},
            headers=admin_headers,
        )
        assert bad_order.status_code == 422
        assert bad_order.json()["errors"][0]["field"] == "section_order"
    duplicate = await client.post(
        "/api/v1/sections",
        json={"course_id": course["id"], "title": "x", "section_order": 1},
        headers=admin_headers,
    )
    assert duplicate.status_code == 409
    assert await db.fetchval("SELECT count(*) FROM sections") == 1


async def test_concurrent_creates_of_one_order_give_one_section_and_one_409(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    body = {"course_id": course["id"], "title": "Race", "section_order": 1}

    responses = await asyncio.gather(
        *(client.post("/api/v1/sections", json=body, headers=admin_headers) for _ in range(2))
    )

    assert sorted(r.status_code for r in responses) == [201, 409]
    [conflict] = [r for r in responses if r.status_code == 409]
    assert "already has a section with" in conflict.json()["detail"]
    assert await db.fetchval("SELECT count(*) FROM sections") == 1


async def test_bulk_create_is_all_or_nothing_and_names_the_item(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    await create_section(client, admin_headers, course["id"], order=5)

    def item(order: int, **extra: object) -> dict[str, object]:
        return {"course_id": course["id"], "title": f"S{order}", "section_order": order, **extra}

    created = await client.post("/api/v1/sections/bulk", json=[item(2), item(1)], headers=admin_headers)
    assert created.status_code == 201
    assert [s["section_order"] for s in created.json()] == [2, 1]

    twice = await client.post(
        "/api/v1/sections/bulk", json=[item(3), item(4), item(4)], headers=admin_headers
    )
    assert twice.status_code == 409
    assert twice.json()["detail"].startswith("items[2].section_order")
    taken = await client.post("/api/v1/sections/bulk", json=[item(3), item(5)], headers=admin_headers)
    assert taken.status_code == 409
    assert taken.json()["detail"].startswith("items[1].section_order")
    no_course = await client.post(
        "/api/v1/sections/bulk", json=[item(3), item(4, course_id=str(uuid4()))], headers=admin_headers
    )
    assert no_course.status_code == 422
    assert no_course.json()["errors"][0]["field"] == "items[1].course_id"
    bad_order = await client.post("/api/v1/sections/bulk", json=[item(3), item(0)], headers=admin_headers)
    assert bad_order.status_code == 422
    assert bad_order.json()["errors"][0]["field"] == "items[1].section_order"
    assert [o for _, o in await section_orders(db, course["id"])] == [1, 2, 5]


async def test_update_is_partial_and_a_taken_order_is_409(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    first = await create_section(client, admin_headers, course["id"], order=1)
    await create_section(client, admin_headers, course["id"], order=2)
    path = f"/api/v1/sections/{first['id']}"

    renamed = await client.put(path, json={"title": "Getting started"}, headers=admin_headers)
    assert renamed.status_code == 200
    assert (renamed.json()["title"], renamed.json()["section_order"]) == ("Getting started", 1)
    assert (await client.put(path, json={"section_order": 2}, headers=admin_headers)).status_code == 409
    moved = await client.put(path, json={"section_order": 7}, headers=admin_headers)
    assert moved.json()["section_order"] == 7
    assert (await client.put(path, json={"section_order": 7}, headers=admin_headers)).status_code == 200
    other = await create_course(client, admin_headers, title="Other")
    to_other = await client.put(path, json={"course_id": other["id"]}, headers=admin_headers)
    assert to_other.json()["course_id"] == other["id"]
    assert (
        await client.put(path, json={"course_id": str(uuid4())}, headers=admin_headers)
    ).status_code == 422
    assert (await client.put(path, json={"title": ""}, headers=admin_headers)).status_code == 422
    assert (await client.put(path, json={"lessons": []}, headers=admin_headers)).status_code == 422
    assert await db.fetchval("SELECT title FROM sections WHERE id = $1", first["id"]) == "Getting started"
    assert (await client.put("/api/v1/sections/9999", json={}, headers=admin_headers)).status_code == 404


async def test_delete_takes_the_lessons_with_it(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    section = await create_section(client, admin_headers, course["id"])
    await create_lessons(client, admin_headers, section["id"], 2)

    response = await client.delete(f"/api/v1/sections/{section['id']}", headers=admin_headers)

    assert response.status_code == 204
    assert await db.fetchval("SELECT count(*) FROM lessons") == 0
    assert await db.fetchval("SELECT count(*) FROM courses") == 1
    assert (
        await client.delete(f"/api/v1/sections/{section['id']}", headers=admin_headers)
    ).status_code == 404


async def test_reorder_gives_orders_one_to_n_atomically(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    a = await create_section(client, admin_headers, course["id"], order=1)
    b = await create_section(client, admin_headers, course["id"], order=2)
    c = await create_section(client, admin_headers, course["id"], order=5)
    path = f"/api/v1/courses/{course['id']}/sections/order"

    response = await client.put(path, json={"ids": [c["id"], a["id"], b["id"]]}, headers=admin_headers)

    assert response.status_code == 200
    assert [(s["id"], s["section_order"]) for s in response.json()] == [
        (c["id"], 1),
        (a["id"], 2),
        (b["id"], 3),
    ]
    assert await section_orders(db, course["id"]) == [(c["id"], 1), (a["id"], 2), (b["id"], 3)]


async def test_a_reorder_that_does_not_list_every_section_once_changes_nothing(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    course = await create_course(client, admin_headers)
    other = await create_course(client, admin_headers, title="Other")
    a = await create_section(client, admin_headers, course["id"], order=1)
    b = await create_section(client, admin_headers, course["id"], order=2)
    foreign = await create_section(client, admin_headers, other["id"], order=1)
    path = f"/api/v1/courses/{course['id']}/sections/order"
    before = await section_orders(db, course["id"])

    for ids in (
        [b["id"]],
        [b["id"], a["id"], a["id"]],
        [b["id"], a["id"], foreign["id"]],
        [],
        [b["id"], 424242],
    ):
        response = await client.put(path, json={"ids": ids}, headers=admin_headers)
        assert response.status_code == 422, ids
        assert response.json()["errors"][0]["field"] == "ids"
    assert (await client.put(path, json={"ids": "1,2"}, headers=admin_headers)).status_code == 422
    assert await section_orders(db, course["id"]) == before
    missing = await client.put(
        f"/api/v1/courses/{uuid4()}/sections/order", json={"ids": []}, headers=admin_headers
    )
    assert missing.status_code == 404
