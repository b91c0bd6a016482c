"""Arranging courses, sections, lessons, projects and media for the content tests."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import asyncpg
from litestar import Litestar
from litestar.testing import AsyncTestClient

Client = AsyncTestClient[Litestar]
Headers = dict[str, str]


async def insert_media(db: asyncpg.Connection, resource_type: str = "image", **columns: object) -> UUID:
    """A media row as the media routes would have stored it."""
    values: dict[str, object] = {
        "public_id": f"content/{uuid4().hex}",
        "resource_type": resource_type,
        "format": "png" if resource_type == "image" else "mp4",
        "secure_url": f"https://cdn.example.com/{uuid4().hex}.png",
        "url": "http://cdn.example.com/x.png",
        "content_type": "image/png" if resource_type == "image" else "video/mp4",
        "bytes": 1234,
        "original_filename": "picture.png",
        **columns,
    }
    names = ", ".join(values)
    placeholders = ", ".join(f"${i}" for i in range(1, len(values) + 1))
    media_id: UUID = await db.fetchval(
        f"INSERT INTO media ({names}) VALUES ({placeholders}) RETURNING id", *values.values()
    )
    return media_id


async def create_course(client: Client, headers: Headers, **fields: Any) -> dict[str, Any]:
    body = {"title": "Python from scratch", "is_published": True, **fields}
    response = await client.post("/api/v1/courses", json=body, headers=headers)
    assert response.status_code == 201, response.text
    course: dict[str, Any] = response.json()
    return course


async def create_section(
    client: Client, headers: Headers, course_id: str, order: int = 1, title: str | None = None
) -> dict[str, Any]:
    body = {"course_id": course_id, "title": title or f"Section {order}", "section_order": order}
    response = await client.post("/api/v1/sections", json=body, headers=headers)
    assert response.status_code == 201, response.text
    section: dict[str, Any] = response.json()
    return section


async def create_lessons(
    client: Client, headers: Headers, section_id: int, count: int, first_order: int = 1
) -> list[dict[str, Any]]:
    body = [
        {
            "section_id": section_id,
            "title": f"Lesson {order}",
            "content": f"# Lesson {order}",
            "lesson_order": order,
        }
        for order in range(first_order, first_order + count)
    ]
    response = await client.post("/api/v1/lessons/bulk", json=body, headers=headers)
    assert response.status_code == 201, response.text
    lessons: list[dict[str, Any]] = response.json()
    return lessons


async def create_project(client: Client, headers: Headers, **fields: Any) -> dict[str, Any]:
    body = {"title": "Shop front", "is_published": True, **fields}
    response = await client.post("/api/v1/projects", json=body, headers=headers)
    assert response.status_code == 201, response.text
    project: dict[str, Any] = response.json()
    return project
