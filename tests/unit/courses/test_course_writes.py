"""Creating and changing courses: instructor, image and all-or-nothing bulk rules."""

from __future__ import annotations

from uuid import uuid4

import pytest

from application.courses.course_input import NewCourse
from application.courses.course_references import CourseReferences
from application.courses.create_course import CreateCourse
from application.courses.create_courses import CreateCourses
from application.courses.delete_course import DeleteCourse
from application.courses.update_course import UpdateCourse
from application.ports.images import ImageUsage
from domain.courses import Course
from domain.errors import Conflict, InvalidInput, NotFound
from domain.users import Role, User
from tests.unit.courses.fakes import (
    FakeCourseQueries,
    FakeCourseRepository,
    FakeImageCatalog,
    FakeInstructorDirectory,
    FakeLessonRepository,
    FakeSectionRepository,
)
from tests.unit.fakes import FakeUnitOfWork

ADMIN = User(username="admin", email="a@example.com", password_hash="x", full_name="Admin", role=Role.ADMIN)


def image(**usage: object) -> ImageUsage:
    values: dict[str, object] = {
        "media_id": uuid4(),
        "is_image": True,
        "is_deleted": False,
        "course_id": None,
        "project_id": None,
        **usage,
    }
    return ImageUsage(**values)  # type: ignore[arg-type]


class World:
    def __init__(self, *images: ImageUsage, courses: tuple[Course, ...] = ()) -> None:
        self.courses = FakeCourseRepository(*courses)
        self.queries = FakeCourseQueries(self.courses, FakeSectionRepository(), FakeLessonRepository())
        self.references = CourseReferences(FakeInstructorDirectory(ADMIN.id), FakeImageCatalog(*images))
        self.uow = FakeUnitOfWork()

    def create(self) -> CreateCourse:
        return CreateCourse(self.courses, self.references, self.queries, self.uow)

    def create_many(self) -> CreateCourses:
        return CreateCourses(self.courses, self.references, self.queries, self.uow)

    def update(self) -> UpdateCourse:
        return UpdateCourse(self.courses, self.references, self.queries, self.uow)


async def test_the_caller_teaches_a_new_course_unless_someone_is_named() -> None:
    world = World()

    tree = await world.create()(NewCourse(title="Python"), ADMIN)

    assert world.uow.committed
    assert world.courses.rows[tree.id].instructor_id == ADMIN.id
    assert tree.sections == []


async def test_a_named_instructor_must_exist_and_nothing_is_stored_otherwise() -> None:
    world = World()

    with pytest.raises(InvalidInput) as raised:
        await world.create()(NewCourse(title="Python", instructor_id=uuid4()), ADMIN)

    assert [p.field for p in raised.value.problems] == ["instructor_id"]
    assert world.courses.rows == {}
    assert not world.uow.committed


async def test_bulk_problems_are_named_by_item_index() -> None:
    world = World()
    drafts = [
        NewCourse(title="a", instructor_id=uuid4()),
        NewCourse(title="b"),
        NewCourse(title="c", instructor_id=uuid4()),
    ]

    with pytest.raises(InvalidInput) as raised:
        await world.create_many()(drafts, ADMIN)

    assert [p.field for p in raised.value.problems] == ["items[0].instructor_id", "items[2].instructor_id"]
    assert world.courses.rows == {}
    assert not world.uow.committed


async def test_bulk_create_answers_in_request_order() -> None:
    world = World()

    created = await world.create_many()([NewCourse(title=t) for t in "xyz"], ADMIN)

    assert [c.title for c in created] == ["x", "y", "z"]
    assert world.uow.committed


@pytest.mark.parametrize(
    ("usage", "error"),
    [
        (image(is_image=False), InvalidInput),
        (image(is_deleted=True), InvalidInput),
        (image(course_id=uuid4()), Conflict),
        (image(project_id=7), Conflict),
    ],
)
async def test_the_image_must_be_a_free_image(usage: ImageUsage, error: type[Exception]) -> None:
    world = World(usage)

    with pytest.raises(error):
        await world.create()(NewCourse(title="x", image_id=usage.media_id), ADMIN)
    assert world.courses.rows == {}


async def test_an_unknown_image_is_invalid_and_one_image_serves_one_course() -> None:
    free = image()
    world = World(free)
    with pytest.raises(InvalidInput):
        await world.create()(NewCourse(title="x", image_id=uuid4()), ADMIN)

    with pytest.raises(Conflict) as raised:
        await world.create_many()(
            [NewCourse(title="a", image_id=free.media_id), NewCourse(title="b", image_id=free.media_id)],
            ADMIN,
        )
    assert raised.value.detail.startswith("items[1].image_id")


async def test_update_changes_only_what_is_sent_and_keeps_the_own_image() -> None:
    course = Course(title="Old", description="Keep", difficulty_level="Beginner")
    own = image(course_id=course.id)
    course.image_id = own.media_id
    world = World(own, courses=(course,))

    tree = await world.update()(
        course.id, {"title": "New", "difficulty_level": None, "image_id": own.media_id}
    )

    assert (tree.title, tree.description, tree.difficulty_level) == ("New", "Keep", None)
    assert course.image_id == own.media_id
    assert world.uow.committed


async def test_update_and_delete_of_a_missing_course_are_not_found() -> None:
    world = World()
    with pytest.raises(NotFound):
        await world.update()(uuid4(), {"title": "x"})
    with pytest.raises(NotFound):
        await DeleteCourse(world.courses, world.uow)(uuid4())
    assert not world.uow.committed
