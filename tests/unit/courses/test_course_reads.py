"""Who sees unpublished courses and their content."""

from __future__ import annotations

import pytest

from application.courses.get_course import GetCourse
from application.courses.get_lesson import GetLesson
from application.courses.list_courses import ListCourses
from application.courses.list_sections import ListSections
from application.pagination import PageRequest
from domain.courses import Course, Lesson, Section
from domain.errors import NotFound
from domain.users import Role, User
from tests.unit.courses.fakes import (
    FakeCourseQueries,
    FakeCourseRepository,
    FakeLessonRepository,
    FakeSectionRepository,
)


def user(role: Role) -> User:
    return User(
        username=role.value.lower(), email="u@example.com", password_hash="x", full_name="U", role=role
    )


def queries_with_draft() -> tuple[FakeCourseQueries, Course]:
    draft = Course(title="Draft")
    sections = FakeSectionRepository(Section(course_id=draft.id, title="S", section_order=1))
    lessons = FakeLessonRepository(Lesson(section_id=1, title="L", lesson_order=1))
    return FakeCourseQueries(FakeCourseRepository(draft), sections, lessons), draft


@pytest.mark.parametrize("viewer", [None, user(Role.USER), user(Role.MODERATOR)])
async def test_unpublished_content_is_not_found_for_anyone_but_an_admin(viewer: User | None) -> None:
    queries, draft = queries_with_draft()

    with pytest.raises(NotFound):
        await GetCourse(queries)(draft.id, viewer)
    with pytest.raises(NotFound):
        await ListSections(queries)(draft.id, viewer)
    with pytest.raises(NotFound):
        await GetLesson(queries)(1, viewer)


async def test_an_admin_sees_unpublished_content() -> None:
    queries, draft = queries_with_draft()
    admin = user(Role.ADMIN)

    tree = await GetCourse(queries)(draft.id, admin)

    assert [len(s.lessons) for s in tree.sections] == [1]
    assert (await GetLesson(queries)(1, admin)).course_id == draft.id


@pytest.mark.parametrize(
    ("viewer", "included"), [(None, False), (user(Role.USER), False), (user(Role.ADMIN), True)]
)
async def test_only_an_admin_may_include_unpublished_courses_in_the_list(
    viewer: User | None, included: bool
) -> None:
    queries, _ = queries_with_draft()

    page = await ListCourses(queries)(PageRequest(), viewer, search="  py ", include_unpublished=True)

    assert queries.filters[0].include_unpublished is included
    assert queries.filters[0].search == "py"
    assert page.total == (1 if included else 0)
