"""Orders of sections and lessons: free within their parent, renumbered all at once."""

from __future__ import annotations

from uuid import uuid4

import pytest

from application.courses.create_lessons import CreateLessons
from application.courses.create_sections import CreateSections
from application.courses.lesson_input import NewLesson
from application.courses.reorder_lessons import ReorderLessons
from application.courses.reorder_sections import ReorderSections
from application.courses.section_input import NewSection
from application.courses.update_lesson import UpdateLesson
from application.courses.update_section import UpdateSection
from domain.courses import Course, Lesson, Section
from domain.errors import Conflict, InvalidInput, NotFound
from tests.unit.courses.fakes import (
    FakeCourseQueries,
    FakeCourseRepository,
    FakeLessonRepository,
    FakeSectionRepository,
)
from tests.unit.fakes import FakeUnitOfWork


class World:
    def __init__(self) -> None:
        self.course = Course(title="Python", is_published=True)
        self.courses = FakeCourseRepository(self.course)
        self.sections = FakeSectionRepository(
            Section(course_id=self.course.id, title="One", section_order=1),
            Section(course_id=self.course.id, title="Two", section_order=2),
        )
        self.lessons = FakeLessonRepository(
            *(Lesson(section_id=1, title=f"L{order}", lesson_order=order) for order in (1, 2, 3))
        )
        self.queries = FakeCourseQueries(self.courses, self.sections, self.lessons)
        self.uow = FakeUnitOfWork()

    def section_orders(self) -> dict[int, int]:
        return {i: s.section_order for i, s in self.sections.rows.items()}

    def lesson_orders(self) -> dict[int, int]:
        return {i: lesson.lesson_order for i, lesson in self.lessons.rows.items()}


async def test_bulk_sections_clash_within_the_request_and_with_stored_ones() -> None:
    world = World()
    create = CreateSections(world.courses, world.sections, world.uow)
    course_id = world.course.id

    with pytest.raises(Conflict) as within:
        await create([NewSection(course_id=course_id, title=t, section_order=5) for t in "ab"])
    assert within.value.detail.startswith("items[1].section_order")
    with pytest.raises(Conflict) as stored:
        await create(
            [
                NewSection(course_id=course_id, title="a", section_order=3),
                NewSection(course_id=course_id, title="b", section_order=2),
            ]
        )
    assert stored.value.detail.startswith("items[1].section_order")
    with pytest.raises(InvalidInput) as missing:
        await create([NewSection(course_id=uuid4(), title="a", section_order=0)])
    assert [p.field for p in missing.value.problems] == ["items[0].course_id", "items[0].section_order"]
    assert len(world.sections.rows) == 2
    assert not world.uow.committed


async def test_bulk_lessons_name_the_item_and_write_nothing_on_failure() -> None:
    world = World()
    create = CreateLessons(world.sections, world.lessons, world.uow)

    with pytest.raises(InvalidInput) as raised:
        await create(
            [
                NewLesson(section_id=2, title="a", lesson_order=1),
                NewLesson(section_id=99, title="b", lesson_order=1),
            ]
        )
    assert [p.field for p in raised.value.problems] == ["items[1].section_id"]
    assert len(world.lessons.rows) == 3

    created = await create([NewLesson(section_id=2, title=t, lesson_order=i) for i, t in enumerate("ab", 1)])
    assert [(view.course_id, view.lesson_order) for view in created] == [
        (world.course.id, 1),
        (world.course.id, 2),
    ]
    assert world.uow.committed


async def test_a_section_keeps_its_own_order_and_may_not_take_another() -> None:
    world = World()
    update = UpdateSection(world.courses, world.sections, world.queries, world.uow)

    same = await update(1, {"section_order": 1, "title": "Renamed"})
    assert (same.title, same.section_order) == ("Renamed", 1)
    with pytest.raises(Conflict):
        await update(1, {"section_order": 2})


async def test_reorder_sections_renumbers_one_to_n() -> None:
    world = World()
    reorder = ReorderSections(world.courses, world.sections, world.queries, world.uow)

    reordered = await reorder(world.course.id, [2, 1])

    assert [(s.id, s.section_order) for s in reordered] == [(2, 1), (1, 2)]
    assert world.uow.committed
    assert world.courses.locked == [world.course.id]


@pytest.mark.parametrize("ids", [[1], [1, 2, 2], [1, 2, 3], []])
async def test_a_reorder_must_name_every_section_once(ids: list[int]) -> None:
    world = World()
    reorder = ReorderSections(world.courses, world.sections, world.queries, world.uow)

    with pytest.raises(InvalidInput) as raised:
        await reorder(world.course.id, ids)

    assert raised.value.problems[0].field == "ids"
    assert world.section_orders() == {1: 1, 2: 2}
    assert not world.uow.committed


async def test_reorder_of_a_missing_parent_is_not_found() -> None:
    world = World()
    with pytest.raises(NotFound):
        await ReorderSections(world.courses, world.sections, world.queries, world.uow)(uuid4(), [])
    with pytest.raises(NotFound):
        await ReorderLessons(world.sections, world.lessons, world.queries, world.uow)(99, [])


async def test_reorder_lessons_renumbers_and_rejects_foreign_ids() -> None:
    world = World()
    reorder = ReorderLessons(world.sections, world.lessons, world.queries, world.uow)
    with pytest.raises(InvalidInput):
        await reorder(1, [3, 2, 1, 4])
    assert world.lesson_orders() == {1: 1, 2: 2, 3: 3}

    reordered = await reorder(1, [3, 1, 2])

    assert [(view.id, view.lesson_order) for view in reordered] == [(3, 1), (1, 2), (2, 3)]


async def test_a_lesson_moves_to_a_free_order_of_another_section() -> None:
    world = World()
    update = UpdateLesson(world.sections, world.lessons, world.uow)

    moved = await update(3, {"section_id": 2, "lesson_order": 1})

    assert (moved.section_id, moved.lesson_order, moved.course_id) == (2, 1, world.course.id)
    assert world.lessons.rows[3].section_id == 2
    with pytest.raises(Conflict):
        await update(2, {"section_id": 2, "lesson_order": 1})
    with pytest.raises(InvalidInput) as nowhere:
        await update(2, {"section_id": 42})
    assert nowhere.value.problems[0].field == "section_id"
