from __future__ import annotations

from application.ports.course_queries import SectionView
from domain.courses import Section


def section_view(section: Section) -> SectionView:
    """A section just created, so still without lessons."""
    assert section.id is not None, "a stored section has an id"
    return SectionView(
        id=section.id,
        course_id=section.course_id,
        title=section.title,
        section_order=section.section_order,
        lessons=[],
    )
