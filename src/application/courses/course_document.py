"""The course document: one course with its sections and lessons, for moving courses around.

A JSON object, version 1:

    {"format": "ahc.course", "version": 1,
     "course": {"title", "description", "difficulty_level", "is_published"},
     "sections": [{"title", "section_order",
                   "lessons": [{"title", "content", "lesson_order"}]}]}

Sections and lessons come in order. Ids, timestamps, the instructor and the image belong
to one installation and are left out, so a document exported from one imports into any
other. A change that older readers would misread gets a new version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

COURSE_FORMAT: Final = "ahc.course"
COURSE_FORMAT_VERSION: Final = 1


@dataclass(frozen=True, kw_only=True)
class LessonEntry:
    title: str
    content: str
    lesson_order: int


@dataclass(frozen=True, kw_only=True)
class SectionEntry:
    title: str
    section_order: int
    lessons: list[LessonEntry]


@dataclass(frozen=True, kw_only=True)
class CourseEntry:
    title: str
    description: str | None
    difficulty_level: str | None
    is_published: bool


@dataclass(frozen=True, kw_only=True)
class CourseDocument:
    format: Literal["ahc.course"] = COURSE_FORMAT
    version: Literal[1] = COURSE_FORMAT_VERSION
    course: CourseEntry
    sections: list[SectionEntry]
