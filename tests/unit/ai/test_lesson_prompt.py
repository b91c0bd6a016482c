from __future__ import annotations

import re
from dataclasses import replace

import pytest

from application.ai.lesson_prompt import build_lesson_prompt, find_lesson, numbered_lessons
from domain.errors import NotFound
from tests.unit.ai.fakes import lesson, outline, section

COURSE = outline(
    section(10, 2, lesson(5, 1, "Loops"), lesson(4, 2, "Functions"), title="Control Flow"),
    section(20, 1, lesson(1, 1, "Installing Python"), lesson(2, 2, "Variables"), title="Getting Started"),
    section(30, 3, title="Projects"),
)


def _outline_line(prompt: str, number: str) -> str:
    return next(line for line in prompt.splitlines() if line.strip().startswith(f"{number} "))


def test_the_prompt_names_the_course_and_its_description() -> None:
    prompt = build_lesson_prompt(COURSE, 4)
    assert "Course title: Python Basics" in prompt
    assert "Course description: Learn Python from zero." in prompt


def test_every_lesson_is_numbered_in_section_and_lesson_order() -> None:
    prompt = build_lesson_prompt(COURSE, 4)
    listed = re.findall(r"^\s+(\d+\.\d+) (\S+)", prompt, flags=re.MULTILINE)
    assert listed == [("1.1", "Installing"), ("1.2", "Variables"), ("2.1", "Loops"), ("2.2", "Functions")]
    sections = re.findall(r"^Section (\d+): (.+)$", prompt, flags=re.MULTILINE)
    assert sections == [("1", "Getting Started"), ("2", "Control Flow"), ("3", "Projects")]
    assert "  (no lessons yet)" in prompt


def test_the_target_is_named_and_every_other_lesson_is_out_of_scope() -> None:
    prompt = build_lesson_prompt(COURSE, 4)
    assert _outline_line(prompt, "2.2").endswith("Functions <- WRITE THIS LESSON")
    for number in ("1.1", "1.2", "2.1"):
        assert _outline_line(prompt, number).endswith("(out of scope: do not cover)")
    assert 'Write lesson 2.2 "Functions" (section "Control Flow"), and only that lesson.' in prompt
    assert prompt.count("<- WRITE THIS LESSON") == 1
    assert prompt.count("(out of scope: do not cover)") == 3


def test_the_format_rules_are_spelled_out() -> None:
    prompt = build_lesson_prompt(COURSE, 4)
    assert "Markdown only" in prompt
    assert "exactly one H1 heading, exactly: # Functions" in prompt
    sections = re.findall(r"^   ## (.+)$", prompt, flags=re.MULTILINE)
    assert sections == ["Overview", "Key Concepts", "Step-by-step", "Code Examples", "Pitfalls", "Exercises"]
    assert "About 900-1400 words" in prompt
    assert "No links" in prompt
    assert "No HTML" in prompt
    assert "No placeholders" in prompt


def test_equal_orders_are_broken_by_id_whatever_the_input_order() -> None:
    tied = outline(
        section(7, 1, lesson(9, 1, "Nine"), lesson(3, 1, "Three"), title="Later id"),
        section(2, 1, lesson(8, 4, "Eight"), lesson(6, 4, "Six"), title="Earlier id"),
    )
    shuffled = replace(tied, sections=tuple(replace(s, lessons=s.lessons[::-1]) for s in tied.sections[::-1]))
    numbered = [(n.number, n.lesson.title) for n in numbered_lessons(tied)]
    assert numbered == [("1.1", "Six"), ("1.2", "Eight"), ("2.1", "Three"), ("2.2", "Nine")]
    assert build_lesson_prompt(tied, 9) == build_lesson_prompt(shuffled, 9)


def test_numbers_are_positions_not_stored_orders() -> None:
    gaps = outline(section(1, 5, lesson(11, 10, "A"), lesson(12, 30, "B")), section(2, 9, lesson(13, 2, "C")))
    assert [n.number for n in numbered_lessons(gaps)] == ["1.1", "1.2", "2.1"]
    assert find_lesson(gaps, 13).number == "2.1"


def test_a_course_without_description_says_so() -> None:
    bare = replace(COURSE, description=None)
    assert "Course description: (no description)" in build_lesson_prompt(bare, 1)


@pytest.mark.parametrize("lesson_id", [3, 999, 0])
def test_a_lesson_that_is_not_in_the_course_is_not_found(lesson_id: int) -> None:
    with pytest.raises(NotFound, match="Lesson not found in this course"):
        build_lesson_prompt(COURSE, lesson_id)
