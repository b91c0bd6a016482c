"""In-memory fakes of the AI lessons ports, and well-formed (and not) lesson answers."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from uuid import UUID, uuid4

from application.ports.course_outline import CourseOutline, OutlineLesson, OutlineSection
from application.ports.course_queries import LessonView
from application.ports.lesson_writer import WrittenLesson
from domain.lesson_writing import LESSON_FORMAT
from tests.unit.fakes import FakeUnitOfWork

CREATED = datetime(2026, 1, 1, tzinfo=UTC)


def lesson_markdown(title: str, words_per_section: int = 160) -> str:
    """A lesson in the asked-for format: one H1 (`title`), the six sections, ~1000 words."""
    filler = " ".join(["practice"] * words_per_section)
    parts = [f"# {title}", ""]
    for name in LESSON_FORMAT.sections:
        parts += [f"## {name}", "", filler, ""]
    parts[-1:-1] = ["```python", "# a comment, not a title", "print('<b>not html</b>')", "```"]
    return "\n".join(parts).strip()


def outline(*sections: OutlineSection, title: str = "Python Basics") -> CourseOutline:
    return CourseOutline(
        course_id=uuid4(), title=title, description="Learn Python from zero.", sections=sections
    )


def section(section_id: int, order: int, *lessons: OutlineLesson, title: str | None = None) -> OutlineSection:
    return OutlineSection(section_id, title or f"Section {section_id}", order, lessons)


def lesson(lesson_id: int, order: int, title: str | None = None) -> OutlineLesson:
    return OutlineLesson(lesson_id, title or f"Lesson {lesson_id}", order)


class FakeOutlineReader:
    def __init__(self, *outlines: CourseOutline) -> None:
        self.outlines = {o.course_id: o for o in outlines}

    async def outline(self, course_id: UUID) -> CourseOutline | None:
        return self.outlines.get(course_id)


class FakeLessonContentWriter:
    """Lessons of the given outlines, with their content kept by id."""

    def __init__(self, *outlines: CourseOutline) -> None:
        self.lessons: dict[int, LessonView] = {
            item.id: LessonView(
                id=item.id,
                section_id=s.id,
                course_id=o.course_id,
                title=item.title,
                content="old content",
                lesson_order=item.lesson_order,
                created_at=CREATED,
                updated_at=CREATED,
            )
            for o in outlines
            for s in o.sections
            for item in s.lessons
        }

    async def replace_content(self, course_id: UUID, lesson_id: int, content: str) -> LessonView | None:
        found = self.lessons.get(lesson_id)
        if found is None or found.course_id != course_id:
            return None
        self.lessons[lesson_id] = replace(found, content=content, updated_at=datetime.now(UTC))
        return self.lessons[lesson_id]


class FakeLessonWriter:
    """Answers with `answer`, or raises `error`; records the prompts and the transaction state."""

    def __init__(
        self,
        answer: str = "",
        *,
        error: Exception | None = None,
        uow: FakeUnitOfWork | None = None,
    ) -> None:
        self.answer = answer
        self.error = error
        self.uow = uow
        self.prompts: list[str] = []
        self.transaction_open_when_called: list[bool] = []

    @property
    def upstream(self) -> str:
        return "FakeAI"

    async def write(self, prompt: str) -> WrittenLesson:
        self.prompts.append(prompt)
        if self.uow is not None:
            self.transaction_open_when_called.append(not self.uow.rolled_back)
        if self.error is not None:
            raise self.error
        return WrittenLesson(text=self.answer, input_tokens=321, output_tokens=1234)
