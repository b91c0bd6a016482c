from __future__ import annotations

from application.courses.section_input import NewSection, check_sections
from application.courses.section_views import section_view
from application.ports.course_queries import SectionView
from application.ports.courses import CourseRepository, SectionRepository
from application.ports.unit_of_work import UnitOfWork


class CreateSection:
    def __init__(self, courses: CourseRepository, sections: SectionRepository, uow: UnitOfWork) -> None:
        self._courses = courses
        self._sections = sections
        self._uow = uow

    async def __call__(self, draft: NewSection) -> SectionView:
        section = draft.build()
        await check_sections([("", section)], self._courses, self._sections)
        await self._sections.add_many([section])
        await self._uow.commit()
        return section_view(section)
