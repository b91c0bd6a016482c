from __future__ import annotations

from application.ports.courses import SectionRepository
from application.ports.unit_of_work import UnitOfWork
from domain.errors import NotFound


class DeleteSection:
    """Deletes a section with its lessons; the other sections keep their orders."""

    def __init__(self, sections: SectionRepository, uow: UnitOfWork) -> None:
        self._sections = sections
        self._uow = uow

    async def __call__(self, section_id: int) -> None:
        section = await self._sections.get(section_id)
        if section is None:
            raise NotFound("Section not found")
        await self._sections.delete(section)
        await self._uow.commit()
