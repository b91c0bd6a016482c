"""Course documents: reading one (every problem named), importing it whole, exporting it back."""

from __future__ import annotations

import copy
from dataclasses import asdict
from typing import Any
from uuid import uuid4

import pytest

from application.courses.course_references import CourseReferences
from application.courses.export_course import ExportCourse
from application.courses.import_course import ImportCourse
from application.courses.read_course_document import read_course_document
from domain.courses import ORDER_MAX, repeated_orders
from domain.errors import InvalidInput, NotFound
from tests.integration.course_document_sample import DOCUMENT
from tests.unit.courses.document_fakes import FakeCourseContentReader
from tests.unit.courses.fakes import (
    FakeCourseQueries,
    FakeCourseRepository,
    FakeImageCatalog,
    FakeInstructorDirectory,
    FakeLessonRepository,
    FakeSectionRepository,
)
from tests.unit.fakes import FakeUnitOfWork

INSTRUCTOR = uuid4()


class World:
    def __init__(self) -> None:
        self.courses = FakeCourseRepository()
        self.sections = FakeSectionRepository()
        self.lessons = FakeLessonRepository()
        self.uow = FakeUnitOfWork()
        self.import_course = ImportCourse(
            courses=self.courses,
            sections=self.sections,
            lessons=self.lessons,
            references=CourseReferences(FakeInstructorDirectory(INSTRUCTOR), FakeImageCatalog()),
            queries=FakeCourseQueries(self.courses, self.sections, self.lessons),
            uow=self.uow,
        )
        self.export_course = ExportCourse(FakeCourseContentReader(self.courses, self.sections, self.lessons))


def problems_of(data: object) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as raised:
        read_course_document(data)
    return [(p.field, p.message) for p in raised.value.problems]


def changed(path: list[Any], value: object) -> dict[str, Any]:
    """DOCUMENT with the value at `path` replaced (or removed, for `...`)."""
    document = copy.deepcopy(DOCUMENT)
    target: Any = document
    for key in path[:-1]:
        target = target[key]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


def test_a_whole_document_reads_as_written() -> None:
    assert asdict(read_course_document(DOCUMENT)) == DOCUMENT


def test_optional_fields_take_their_defaults() -> None:
    document = read_course_document(
        {
            "format": "ahc.course",
            "version": 1,
            "course": {"title": "T"},
            "sections": [
                {"title": "S", "section_order": 1},
                {"title": "U", "section_order": 2, "lessons": [{"title": "L", "lesson_order": 1}]},
            ],
        }
    )
    assert (document.course.description, document.course.difficulty_level, document.course.is_published) == (
        None,
        None,
        False,
    )
    assert document.sections[0].lessons == []
    assert document.sections[1].lessons[0].content == ""


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["format"], "other", ("format", 'must be "ahc.course"')),
        (["format"], ..., ("format", "missing")),
        (["version"], 2, ("version", "unsupported version 2: version 1 is read")),
        (["version"], True, ("version", "unsupported version True: version 1 is read")),
        (["version"], 1.0, ("version", "unsupported version 1.0: version 1 is read")),
        (["course"], [], ("course", "must be an object")),
        (["sections"], {}, ("sections", "must be an array")),
        (["course", "title"], 5, ("course.title", "must be a string")),
        (["course", "title"], "x" * 256, ("course.title", "too long (at most 255 characters)")),
        (["course", "description"], "a\x00b", ("course.description", "must not contain NUL characters")),
        (["course", "description"], 1, ("course.description", "must be a string or null")),
        (
            ["course", "difficulty_level"],
            "x" * 21,
            ("course.difficulty_level", "too long (at most 20 characters)"),
        ),
        (["course", "extra"], 1, ("course.extra", "unknown field")),
        (["sections", 0, "section_order"], True, ("sections[0].section_order", "must be an integer")),
        (["sections", 0, "section_order"], 1.0, ("sections[0].section_order", "must be an integer")),
        (
            ["sections", 0, "section_order"],
            ORDER_MAX + 1,
            ("sections[0].section_order", f"must be {ORDER_MAX} or less"),
        ),
        (["sections", 2, "lessons", 0, "title"], "", ("sections[2].lessons[0].title", "must not be empty")),
        (
            ["sections", 2, "lessons", 0, "content"],
            None,
            ("sections[2].lessons[0].content", "must be a string"),
        ),
        (
            ["sections", 0, "lessons", 1, "lesson_order"],
            1,
            (
                "sections[0].lessons[1].lesson_order",
                "the same order as sections[0].lessons[0].lesson_order",
            ),
        ),
    ],
)
def test_each_problem_is_named_by_its_path(path: list[Any], value: object, expected: tuple[str, str]) -> None:
    assert problems_of(changed(path, value)) == [expected]


def test_every_problem_is_reported_not_only_the_first() -> None:
    broken = changed(["course", "title"], "")
    broken["sections"][1]["title"] = "x" * 300
    broken["sections"][2]["section_order"] = 2
    broken["sections"][2]["lessons"][0] = "lesson"

    assert problems_of(broken) == [
        ("course.title", "must not be empty"),
        ("sections[1].title", "too long (at most 255 characters)"),
        ("sections[2].lessons[0]", "must be an object"),
        ("sections[2].section_order", "the same order as sections[1].section_order"),
    ]


def test_something_other_than_an_object_is_one_problem() -> None:
    assert problems_of([DOCUMENT]) == [("document", "must be an object")]
    assert problems_of({}) == [(name, "missing") for name in ("format", "version", "course", "sections")]


def test_lessons_of_different_sections_may_share_an_order() -> None:
    assert repeated_orders([("a", (1, 1)), ("b", (2, 1)), ("c", (1, 1))]) == [("c", "a")]


async def test_an_import_writes_the_course_unpublished_with_its_instructor() -> None:
    world = World()

    tree = await world.import_course(DOCUMENT, instructor_id=INSTRUCTOR, publish=False)

    assert world.uow.committed
    course = world.courses.rows[tree.id]
    assert (course.title, course.is_published, course.instructor_id) == ("Python Basics", False, INSTRUCTOR)
    assert [(s.title, s.section_order, len(s.lessons)) for s in tree.sections] == [
        ("Getting Started", 1, 2),
        ("Nothing here yet", 2, 0),
        ("Control Flow", 5, 1),
    ]
    assert sorted(lesson.content for lesson in world.lessons.rows.values())[0] == ""


async def test_export_after_import_gives_the_document_back() -> None:
    world = World()

    tree = await world.import_course(DOCUMENT, instructor_id=None, publish=True)

    assert asdict(await world.export_course(tree.id)) == DOCUMENT
    assert world.courses.rows[tree.id].instructor_id is None


async def test_a_document_with_problems_writes_nothing() -> None:
    world = World()

    with pytest.raises(InvalidInput):
        await world.import_course(changed(["version"], 9), instructor_id=INSTRUCTOR, publish=True)

    assert (world.courses.rows, world.sections.rows, world.lessons.rows) == ({}, {}, {})
    assert not world.uow.committed


async def test_an_unknown_instructor_is_refused_before_anything_is_written() -> None:
    world = World()

    with pytest.raises(InvalidInput) as raised:
        await world.import_course(DOCUMENT, instructor_id=uuid4(), publish=False)

    assert [p.field for p in raised.value.problems] == ["instructor_id"]
    assert world.courses.rows == {}


async def test_exporting_a_missing_course_is_not_found() -> None:
    with pytest.raises(NotFound):
        await World().export_course(uuid4())
