"""The constraints behind the order checks: what a concurrent request slips past a check
is still refused, as a Conflict rather than a database error."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.database import create_engine, create_session_factory
from adapters.persistence.mapping import map_entities
from adapters.persistence.repositories.lessons import SqlLessonRepository
from adapters.persistence.repositories.sections import SqlSectionRepository
from adapters.settings import Settings
from domain.courses import Lesson, Section
from domain.errors import Conflict


@pytest.fixture
async def session(settings: Settings) -> AsyncIterator[AsyncSession]:
    assert settings.database_url is not None
    map_entities()
    engine = create_engine(settings.database_url, 1)
    async with create_session_factory(engine)() as session:
        yield session
    await engine.dispose()


async def arrange(db: asyncpg.Connection) -> tuple[UUID, int]:
    course_id: UUID = await db.fetchval("INSERT INTO courses (title) VALUES ('C') RETURNING id")
    section_id: int = await db.fetchval(
        "INSERT INTO sections (course_id, title, section_order) VALUES ($1, 'S', 1) RETURNING id", course_id
    )
    await db.execute("INSERT INTO lessons (section_id, title, lesson_order) VALUES ($1, 'L', 1)", section_id)
    return course_id, section_id


async def test_a_taken_section_order_is_a_conflict(session: AsyncSession, db: asyncpg.Connection) -> None:
    course_id, _ = await arrange(db)

    with pytest.raises(Conflict, match="The course already has a section with this order"):
        await SqlSectionRepository(session).add_many(
            [Section(course_id=course_id, title="Race", section_order=1)]
        )


async def test_a_taken_lesson_order_is_a_conflict(session: AsyncSession, db: asyncpg.Connection) -> None:
    _, section_id = await arrange(db)

    with pytest.raises(Conflict, match="The section already has a lesson with this order"):
        await SqlLessonRepository(session).add_many(
            [Lesson(section_id=section_id, title="Race", lesson_order=1)]
        )


async def test_renumbering_passes_through_duplicate_orders(
    session: AsyncSession, db: asyncpg.Connection
) -> None:
    course_id, _ = await arrange(db)
    second: int = await db.fetchval(
        "INSERT INTO sections (course_id, title, section_order) VALUES ($1, 'T', 2) RETURNING id", course_id
    )
    first: int = await db.fetchval("SELECT id FROM sections WHERE section_order = 1")

    # Swapping 1 and 2 collides row by row; the deferred constraint is checked at commit.
    await SqlSectionRepository(session).set_orders([second, first])
    await session.commit()

    rows = await db.fetch("SELECT id, section_order FROM sections ORDER BY section_order")
    assert [(r["id"], r["section_order"]) for r in rows] == [(second, 1), (first, 2)]
