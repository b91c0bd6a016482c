"""The course document: one course with its sections and lessons, for moving courses around.

A JSON object, version 1:

    {"format": "ahc.course", "version": 1,
     "course": {"title", "description", "difficulty_level", "is_published"},
     "sections": [{"title", "section_order",
                   "lessons": [{"title", "content", "lesson_order"}]}]}

Sections and lessons come in order. `description`, `difficulty_level` (null when left
out), `is_published` (false), a section's `lessons` ([]) and a lesson's `content` ("") may
be left out; every other field is required, and no other field is accepted. Ids,
timestamps, the instructor and the image belong to one installation and are left out, so
a document exported from one imports into any other. A change that older readers would
misread gets a new version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

COURSE_FORMAT: Final = "ahc.course"
COURSE_FORMAT_VERSION: Final = 1


@dataclass(frozen=True, kw_only=True)
class LessonEntry:
    title: str
    content: str = ""
    lesson_order: int


@dataclass(frozen=True, kw_only=True)
class SectionEntry:
    title: str
    section_order: int
    lessons: list[LessonEntry] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class CourseEntry:
    title: str
    description: str | None = None
    difficulty_level: str | None = None
    is_published: bool = False


@dataclass(frozen=True, kw_only=True)
class CourseDocument:
    format: Literal["ahc.course"]
    version: Literal[1]
    course: CourseEntry
    sections: list[SectionEntry]
