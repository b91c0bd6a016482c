"""In-memory fakes of the course ports."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime
from uuid import UUID

from application.pagination import Page, PageRequest
from application.ports.course_queries import (
    CourseFilter,
    CourseTree,
    CourseView,
    LessonSummary,
    LessonView,
    SectionView,
)
from application.ports.images import ImageUsage
from domain.courses import Course, Lesson, Section
from domain.errors import Conflict

NOW = datetime(2026, 1, 1, tzinfo=UTC)


class FakeCourseRepository:
    def __init__(self, *courses: Course) -> None:
        self.rows: dict[UUID, Course] = {c.id: c for c in courses}
        self.locked: list[UUID] = []

    async def add_many(self, courses: Sequence[Course]) -> None:
        for course in courses:
            course.created_at = course.updated_at = NOW
            self.rows[course.id] = course

    async def get(self, course_id: UUID) -> Course | None:
        return self.rows.get(course_id)

    async def lock(self, course_id: UUID) -> bool:
        self.locked.append(course_id)
        return course_id in self.rows

    async def save(self, course: Course) -> None:
        self.rows[course.id] = course

    async def delete(self, course: Course) -> None:
        del self.rows[course.id]

    async def existing(self, course_ids: Collection[UUID]) -> set[UUID]:
        return set(course_ids) & set(self.rows)


class FakeSectionRepository:
    def __init__(self, *sections: Section) -> None:
        self.rows: dict[int, Section] = {}
        self._next_id = 1
        for section in sections:
            self._store(section)

    def _store(self, section: Section) -> None:
        if section.id is None:
            section.id = self._next_id
        self._next_id = max(self._next_id, section.id) + 1
        section.created_at = section.updated_at = NOW
        self.rows[section.id] = section

    async def add_many(self, sections: Sequence[Section]) -> None:
        for section in sections:
            self._store(section)

    async def get(self, section_id: int) -> Section | None:
        return self.rows.get(section_id)

    async def lock(self, section_id: int) -> bool:
        return section_id in self.rows

    async def save(self, section: Section) -> None:
        pass

    async def delete(self, section: Section) -> None:
        assert section.id is not None
        del self.rows[section.id]

    async def courses_of(self, section_ids: Collection[int]) -> dict[int, UUID]:
        return {i: self.rows[i].course_id for i in section_ids if i in self.rows}

    async def taken_orders(
        self, wanted: Collection[tuple[UUID, int]], *, ignoring: int | None = None
    ) -> set[tuple[UUID, int]]:
        held = {(s.course_id, s.section_order) for s in self.rows.values() if s.id != ignoring}
        return held & set(wanted)

    async def ids_of_course(self, course_id: UUID) -> set[int]:
        return {i for i, s in self.rows.items() if s.course_id == course_id}

    async def set_orders(self, ordered_ids: Sequence[int]) -> None:
        for position, section_id in enumerate(ordered_ids, start=1):
            self.rows[section_id].section_order = position


class FakeLessonRepository:
    def __init__(self, *lessons: Lesson) -> None:
        self.rows: dict[int, Lesson] = {}
        self._next_id = 1
        for lesson in lessons:
            self._store(lesson)

    def _store(self, lesson: Lesson) -> None:
        if lesson.id is None:
            lesson.id = self._next_id
        self._next_id = max(self._next_id, lesson.id) + 1
        lesson.created_at = lesson.updated_at = NOW
        self.rows[lesson.id] = lesson

    async def add_many(self, lessons: Sequence[Lesson]) -> None:
        held = {(lesson.section_id, lesson.lesson_order) for lesson in self.rows.values()}
        if any((lesson.section_id, lesson.lesson_order) in held for lesson in lessons):
            raise Conflict("The section already has a lesson with this order")
        for lesson in lessons:
            self._store(lesson)

    async def get(self, lesson_id: int) -> Lesson | None:
        return self.rows.get(lesson_id)

    async def save(self, lesson: Lesson) -> None:
        pass

    async def delete(self, lesson: Lesson) -> None:
        assert lesson.id is not None
        del self.rows[lesson.id]

    async def taken_orders(
        self, wanted: Collection[tuple[int, int]], *, ignoring: int | None = None
    ) -> set[tuple[int, int]]:
        held = {
            (lesson.section_id, lesson.lesson_order) for lesson in self.rows.values() if lesson.id != ignoring
        }
        return held & set(wanted)

    async def ids_of_section(self, section_id: int) -> set[int]:
        return {i for i, lesson in self.rows.items() if lesson.section_id == section_id}

    async def set_orders(self, ordered_ids: Sequence[int]) -> None:
        for position, lesson_id in enumerate(ordered_ids, start=1):
            self.rows[lesson_id].lesson_order = position


class FakeImageCatalog:
    def __init__(self, *usages: ImageUsage) -> None:
        self.rows = {usage.media_id: usage for usage in usages}

    async def usages(self, media_ids: Collection[UUID]) -> dict[UUID, ImageUsage]:
        return {i: self.rows[i] for i in media_ids if i in self.rows}


class FakeInstructorDirectory:
    def __init__(self, *user_ids: UUID) -> None:
        self.ids = set(user_ids)

    async def existing(self, user_ids: Collection[UUID]) -> set[UUID]:
        return set(user_ids) & self.ids


class FakeCourseQueries:
    """Read models built from the fake repositories."""

    def __init__(
        self, courses: FakeCourseRepository, sections: FakeSectionRepository, lessons: FakeLessonRepository
    ) -> None:
        self._courses = courses
        self._sections = sections
        self._lessons = lessons
        self.filters: list[CourseFilter] = []

    def _view(self, course: Course) -> CourseView:
        return CourseView(
            id=course.id,
            title=course.title,
            description=course.description,
            difficulty_level=course.difficulty_level,
            is_published=course.is_published,
            created_at=course.created_at or NOW,
            updated_at=course.updated_at or NOW,
            instructor=None,
            image=None,
        )

    def _visible(self, course_id: UUID, include_unpublished: bool) -> Course | None:
        course = self._courses.rows.get(course_id)
        return course if course is not None and (course.is_published or include_unpublished) else None

    def _outline(self, course_id: UUID) -> list[SectionView]:
        sections = sorted(
            (s for s in self._sections.rows.values() if s.course_id == course_id),
            key=lambda s: s.section_order,
        )
        return [self._section_view(s) for s in sections]

    def _section_view(self, section: Section) -> SectionView:
        assert section.id is not None
        lessons = sorted(
            (lesson for lesson in self._lessons.rows.values() if lesson.section_id == section.id),
            key=lambda lesson: lesson.lesson_order,
        )
        return SectionView(
            id=section.id,
            course_id=section.course_id,
            title=section.title,
            section_order=section.section_order,
            lessons=[
                LessonSummary(
                    id=lesson.id or 0,
                    section_id=section.id,
                    course_id=section.course_id,
                    title=lesson.title,
                    lesson_order=lesson.lesson_order,
                )
                for lesson in lessons
            ],
        )

    async def list_courses(self, course_filter: CourseFilter, page: PageRequest) -> Page[CourseView]:
        self.filters.append(course_filter)
        found = [
            self._view(c)
            for c in self._courses.rows.values()
            if c.is_published or course_filter.include_unpublished
        ]
        return Page(items=found[page.skip : page.skip + page.limit], total=len(found))

    async def courses(self, course_ids: Sequence[UUID]) -> list[CourseView]:
        return [self._view(self._courses.rows[i]) for i in course_ids]

    async def course_tree(self, course_id: UUID, *, include_unpublished: bool) -> CourseTree | None:
        course = self._visible(course_id, include_unpublished)
        if course is None:
            return None
        view = self._view(course)
        fields = {field.name: getattr(view, field.name) for field in dataclass_fields(view)}
        return CourseTree(**fields, sections=self._outline(course_id))

    async def sections_of_course(
        self, course_id: UUID, *, include_unpublished: bool
    ) -> list[SectionView] | None:
        if self._visible(course_id, include_unpublished) is None:
            return None
        return self._outline(course_id)

    async def section(self, section_id: int, *, include_unpublished: bool) -> SectionView | None:
        section = self._sections.rows.get(section_id)
        if section is None or self._visible(section.course_id, include_unpublished) is None:
            return None
        return self._section_view(section)

    async def lessons_of_section(
        self, section_id: int, *, include_unpublished: bool
    ) -> list[LessonView] | None:
        section = self._sections.rows.get(section_id)
        if section is None or self._visible(section.course_id, include_unpublished) is None:
            return None
        lessons = sorted(
            (lesson for lesson in self._lessons.rows.values() if lesson.section_id == section_id),
            key=lambda lesson: lesson.lesson_order,
        )
        return [
            LessonView(
                id=lesson.id or 0,
                section_id=section_id,
                course_id=section.course_id,
                title=lesson.title,
                content=lesson.content,
                lesson_order=lesson.lesson_order,
                created_at=NOW,
                updated_at=NOW,
            )
            for lesson in lessons
        ]

    async def lesson(self, lesson_id: int, *, include_unpublished: bool) -> LessonView | None:
        lesson = self._lessons.rows.get(lesson_id)
        if lesson is None:
            return None
        found = await self.lessons_of_section(lesson.section_id, include_unpublished=include_unpublished)
        return next((view for view in found or [] if view.id == lesson_id), None)
