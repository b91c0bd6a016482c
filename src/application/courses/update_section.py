from __future__ import annotations

from application.courses.section_input import SectionChanges, check_sections
from application.ports.course_queries import CourseQueries, SectionView
from application.ports.courses import CourseRepository, SectionRepository
from application.ports.unit_of_work import UnitOfWork
from domain.courses import Section
from domain.errors import NotFound


class UpdateSection:
    """Changes a section; a new course or order must be free there."""

    def __init__(
        self,
        courses: CourseRepository,
        sections: SectionRepository,
        queries: CourseQueries,
        uow: UnitOfWork,
    ) -> None:
        self._courses = courses
        self._sections = sections
        self._queries = queries
        self._uow = uow

    async def __call__(self, section_id: int, changes: SectionChanges) -> SectionView:
        section = await self._sections.get(section_id)
        if section is None:
            raise NotFound("Section not found")
        if "course_id" in changes or "section_order" in changes:
            proposed = Section(
                id=section.id,
                course_id=changes.get("course_id", section.course_id),
                title=section.title,
                section_order=changes.get("section_order", section.section_order),
            )
            await check_sections([("", proposed)], self._courses, self._sections, ignoring=section_id)
        for name, value in changes.items():
            setattr(section, name, value)
        await self._sections.save(section)
        await self._uow.commit()
        updated = await self._queries.section(section_id, include_unpublished=True)
        if updated is None:
            raise NotFound("Section not found")
        return updated
