"""The scoped prompt: everything the model needs to write one lesson of a course, and no more."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports.course_outline import CourseOutline, OutlineLesson, OutlineSection
from domain.errors import NotFound
from domain.lesson_writing import LESSON_FORMAT


@dataclass(frozen=True)
class NumberedLesson:
    """A lesson with its place in the course, numbered "section.lesson" from 1 ("2.3")."""

    number: str
    section_title: str
    lesson: OutlineLesson


def _in_order(outline: CourseOutline) -> list[tuple[OutlineSection, list[NumberedLesson]]]:
    """Sections and their lessons in reading order, numbered; equal orders are broken by id."""
    ordered: list[tuple[OutlineSection, list[NumberedLesson]]] = []
    sections = sorted(outline.sections, key=lambda s: (s.section_order, s.id))
    for s_pos, section in enumerate(sections, start=1):
        lessons = sorted(section.lessons, key=lambda x: (x.lesson_order, x.id))
        numbered = [
            NumberedLesson(f"{s_pos}.{l_pos}", section.title, lesson)
            for l_pos, lesson in enumerate(lessons, start=1)
        ]
        ordered.append((section, numbered))
    return ordered


def numbered_lessons(outline: CourseOutline) -> list[NumberedLesson]:
    """Every lesson of the course in reading order."""
    return [lesson for _, lessons in _in_order(outline) for lesson in lessons]


def find_lesson(outline: CourseOutline, lesson_id: int) -> NumberedLesson:
    """The lesson `lesson_id` of this course; NotFound when the course has no such lesson."""
    for numbered in numbered_lessons(outline):
        if numbered.lesson.id == lesson_id:
            return numbered
    raise NotFound("Lesson not found in this course")


def _outline_lines(outline: CourseOutline, target_id: int) -> list[str]:
    lines: list[str] = []
    for s_pos, (section, lessons) in enumerate(_in_order(outline), start=1):
        lines.append(f"Section {s_pos}: {section.title}")
        if not lessons:
            lines.append("  (no lessons yet)")
        for n in lessons:
            mark = "<- WRITE THIS LESSON" if n.lesson.id == target_id else "(out of scope: do not cover)"
            lines.append(f"  {n.number} {n.lesson.title} {mark}")
    return lines


def build_lesson_prompt(outline: CourseOutline, lesson_id: int) -> str:
    """The prompt asking for lesson `lesson_id` of `outline`; NotFound when it is not in the course."""
    target = find_lesson(outline, lesson_id)
    title = target.lesson.title
    rules = LESSON_FORMAT
    sections = "\n".join(f"   ## {name}" for name in rules.sections)
    description = (outline.description or "").strip() or "(no description)"
    return "\n".join(
        [
            "You are writing one lesson of an online coding course.",
            "",
            f"Course title: {outline.title}",
            f"Course description: {description}",
            "",
            "Course outline (every lesson, numbered section.lesson in reading order):",
            *_outline_lines(outline, lesson_id),
            "",
            f'Write lesson {target.number} "{title}" (section "{target.section_title}"), '
            "and only that lesson.",
            "Every other lesson in the outline is out of scope: do not cover its topics; at most",
            "mention that a later or earlier lesson deals with them.",
            "",
            "Format rules (follow all of them exactly):",
            "1. Answer with the lesson in Markdown only: no preamble, no closing remarks, and do not",
            "   wrap the answer in a code fence.",
            f"2. Begin with exactly one H1 heading, exactly: # {title}",
            "   Use no other H1 anywhere.",
            "3. Then these H2 sections, in this order:",
            sections,
            f"4. About {rules.min_words}-{rules.max_words} words in total.",
            "5. No links and no URLs.",
            "6. No HTML tags.",
            "7. No placeholders (no TODO, TBD, [insert ...], lorem ipsum): write everything out.",
            "8. Put code in fenced code blocks with a language tag.",
        ]
    )
