from __future__ import annotations

from collections.abc import Sequence

from application.courses.section_input import NewSection, check_sections
from application.courses.section_views import section_view
from application.input_problems import bulk_prefix
from application.ports.course_queries import SectionView
from application.ports.courses import CourseRepository, SectionRepository
from application.ports.unit_of_work import UnitOfWork


class CreateSections:
    """Bulk create: every section or none; problems are named by item index."""

    def __init__(self, courses: CourseRepository, sections: SectionRepository, uow: UnitOfWork) -> None:
        self._courses = courses
        self._sections = sections
        self._uow = uow

    async def __call__(self, drafts: Sequence[NewSection]) -> list[SectionView]:
        sections = [draft.build() for draft in drafts]
        await check_sections(
            [(bulk_prefix(i), section) for i, section in enumerate(sections)], self._courses, self._sections
        )
        await self._sections.add_many(sections)
        await self._uow.commit()
        return [section_view(section) for section in sections]
