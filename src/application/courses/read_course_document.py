"""Reading a course document from decoded JSON, naming every problem in it at once.

A document arrives as untyped JSON (from a file or a request body) so that all of its
problems can be reported together, each with its path (`sections[2].lessons[0].title`),
instead of only the first one a typed decoder meets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from application.courses.course_document import (
    COURSE_FORMAT,
    COURSE_FORMAT_VERSION,
    CourseDocument,
    CourseEntry,
    LessonEntry,
    SectionEntry,
)
from application.input_problems import reject_problems
from domain.courses import difficulty_problem, order_problem, repeated_orders, text_problem, title_problem
from domain.errors import FieldProblem

Rule = Callable[[Any], str | None]

# Each object's fields: whether it is required.
_DOCUMENT_FIELDS: Final = {"format": True, "version": True, "course": True, "sections": True}
_COURSE_FIELDS: Final = {
    "title": True,
    "description": False,
    "difficulty_level": False,
    "is_published": False,
}
_SECTION_FIELDS: Final = {"title": True, "section_order": True, "lessons": False}
_LESSON_FIELDS: Final = {"title": True, "content": False, "lesson_order": True}


class _Absent:
    """A field left out: its absence is reported once (when required), not checked further."""


_ABSENT: Final = _Absent()


class _Reader:
    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(FieldProblem(path, message))

    def fields_of(self, value: object, path: str, fields: Mapping[str, bool]) -> dict[str, Any]:
        """`value` as an object, its unknown and missing fields reported; {} when it is no object."""
        if not isinstance(value, dict):
            if value is not _ABSENT:
                self.problem(path or "document", "must be an object")
            return {}
        prefix = f"{path}." if path else ""
        for name in value:
            if name not in fields:
                self.problem(f"{prefix}{name}", "unknown field")
        for name, required in fields.items():
            if required and name not in value:
                self.problem(f"{prefix}{name}", "missing")
        return value

    def text(self, value: object, path: str, rule: Rule, *, nullable: bool = False) -> str | None:
        if value is _ABSENT or (value is None and nullable):
            return None
        if not isinstance(value, str):
            self.problem(path, "must be a string or null" if nullable else "must be a string")
            return None
        if (problem := rule(value)) is not None:
            self.problem(path, problem)
        return value

    def order(self, value: object, path: str) -> int | None:
        if value is _ABSENT:
            return None
        # JSON true/false decode as bool, a subclass of int: not an order.
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(path, "must be an integer")
            return None
        if (problem := order_problem(value)) is not None:
            self.problem(path, problem)
            return None
        return value

    def flag(self, value: object, path: str) -> bool:
        if value is _ABSENT:
            return False
        if not isinstance(value, bool):
            self.problem(path, "must be true or false")
            return False
        return value

    def array(self, value: object, path: str) -> list[Any]:
        if value is _ABSENT:
            return []
        if not isinstance(value, list):
            self.problem(path, "must be an array")
            return []
        return value

    def header(self, document: dict[str, Any]) -> None:
        if "format" in document and document["format"] != COURSE_FORMAT:
            self.problem("format", f'must be "{COURSE_FORMAT}"')
        version = document.get("version", COURSE_FORMAT_VERSION)
        if type(version) is not int or version != COURSE_FORMAT_VERSION:
            self.problem(
                "version", f"unsupported version {version!r}: version {COURSE_FORMAT_VERSION} is read"
            )

    def course(self, value: object) -> CourseEntry:
        course = self.fields_of(value, "course", _COURSE_FIELDS)
        return CourseEntry(
            title=self.text(course.get("title", _ABSENT), "course.title", title_problem) or "",
            description=self.text(
                course.get("description", None), "course.description", text_problem, nullable=True
            ),
            difficulty_level=self.text(
                course.get("difficulty_level", None),
                "course.difficulty_level",
                difficulty_problem,
                nullable=True,
            ),
            is_published=self.flag(course.get("is_published", _ABSENT), "course.is_published"),
        )

    def sections(self, value: object) -> list[SectionEntry]:
        sections = [self.section(s, f"sections[{i}]") for i, s in enumerate(self.array(value, "sections"))]
        self.distinct_orders(
            [(f"sections[{i}].section_order", s.section_order) for i, s in enumerate(sections)]
        )
        return sections

    def section(self, value: object, path: str) -> SectionEntry:
        section = self.fields_of(value, path, _SECTION_FIELDS)
        title = self.text(section.get("title", _ABSENT), f"{path}.title", title_problem) or ""
        order = self.order(section.get("section_order", _ABSENT), f"{path}.section_order") or 0
        lessons = [
            self.lesson(lesson, f"{path}.lessons[{i}]")
            for i, lesson in enumerate(self.array(section.get("lessons", _ABSENT), f"{path}.lessons"))
        ]
        self.distinct_orders(
            [(f"{path}.lessons[{i}].lesson_order", lesson.lesson_order) for i, lesson in enumerate(lessons)]
        )
        return SectionEntry(title=title, section_order=order, lessons=lessons)

    def lesson(self, value: object, path: str) -> LessonEntry:
        lesson = self.fields_of(value, path, _LESSON_FIELDS)
        return LessonEntry(
            title=self.text(lesson.get("title", _ABSENT), f"{path}.title", title_problem) or "",
            content=self.text(lesson.get("content", _ABSENT), f"{path}.content", text_problem) or "",
            lesson_order=self.order(lesson.get("lesson_order", _ABSENT), f"{path}.lesson_order") or 0,
        )

    def distinct_orders(self, placed: list[tuple[str, int]]) -> None:
        # An order already reported as missing or malformed (0 here) is not compared.
        for path, earlier in repeated_orders([(p, order) for p, order in placed if order]):
            self.problem(path, f"the same order as {earlier}")


def read_course_document(data: object) -> CourseDocument:
    """The document in `data` (decoded JSON); InvalidInput naming every problem otherwise."""
    reader = _Reader()
    document = reader.fields_of(data, "", _DOCUMENT_FIELDS)
    if document:
        reader.header(document)
    course = reader.course(document.get("course", _ABSENT))
    sections = reader.sections(document.get("sections", _ABSENT))
    reject_problems(reader.problems)
    return CourseDocument(
        format=COURSE_FORMAT, version=COURSE_FORMAT_VERSION, course=course, sections=sections
    )
