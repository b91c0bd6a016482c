from __future__ import annotations

import pytest

from domain.lesson_writing import ACCEPTED_MAX_WORDS, ACCEPTED_MIN_WORDS, lesson_markdown_problem
from tests.unit.ai.fakes import lesson_markdown

TITLE = "Variables and Types"
BODY = " ".join(["word"] * 800)


def test_a_lesson_in_the_asked_for_format_passes() -> None:
    assert lesson_markdown_problem(lesson_markdown(TITLE), TITLE) is None


def test_surrounding_whitespace_and_a_closing_hash_sequence_are_fine() -> None:
    assert lesson_markdown_problem(f"\n\n#   Variables  and Types ##\n\n{BODY}\n\n", TITLE) is None


@pytest.mark.parametrize("answer", ["", "   \n\t\n"])
def test_an_empty_answer_is_refused(answer: str) -> None:
    assert lesson_markdown_problem(answer, TITLE) == "the answer is empty"


def test_an_answer_without_h1_is_refused() -> None:
    assert lesson_markdown_problem(f"## Overview\n\n{BODY}", TITLE) == "the answer has no H1 title"


def test_a_hash_without_a_space_is_not_a_heading() -> None:
    assert lesson_markdown_problem(f"#{TITLE}\n\n{BODY}", TITLE) == "the answer has no H1 title"


def test_an_answer_with_two_h1s_is_refused() -> None:
    problem = lesson_markdown_problem(f"# {TITLE}\n\n{BODY}\n\n# {TITLE}\n", TITLE)
    assert problem == "the answer has 2 H1 titles instead of one"


def test_a_setext_h1_counts_as_an_h1() -> None:
    problem = lesson_markdown_problem(f"# {TITLE}\n\nAnother title\n=====\n\n{BODY}", TITLE)
    assert problem == "the answer has 2 H1 titles instead of one"
    assert lesson_markdown_problem(f"{TITLE}\n===\n\n{BODY}", TITLE) is None


@pytest.mark.parametrize("heading", ["# Variables and types", "# Lesson 1: Variables and Types", "#"])
def test_an_h1_other_than_the_lesson_title_is_refused_not_fixed(heading: str) -> None:
    problem = lesson_markdown_problem(f"{heading}\n\n{BODY}", TITLE)
    assert problem == "the answer's H1 title is not the lesson title"


def test_hash_lines_and_tags_inside_code_are_code_not_titles_or_html() -> None:
    answer = (
        f"# {TITLE}\n\n{BODY}\n\n```python\n# not a title\nhtml = '<div>x</div>'\n```\n\n"
        "~~~\n# still code\n~~~\n\nUse `<br>` in templates."
    )
    assert lesson_markdown_problem(answer, TITLE) is None


def test_an_unclosed_fence_hides_nothing_before_it() -> None:
    answer = f"# Wrong\n\n{BODY}\n\n```\n# {TITLE}\n"
    assert lesson_markdown_problem(answer, TITLE) == "the answer's H1 title is not the lesson title"


@pytest.mark.parametrize(
    "html", ["<div>box</div>", "a<br/>b", "<p class='x'>text", "<!-- note -->", "</span>", "<IMG src=x>"]
)
def test_raw_html_outside_code_is_refused(html: str) -> None:
    problem = lesson_markdown_problem(f"# {TITLE}\n\n{BODY}\n\n{html}\n", TITLE)
    assert problem == "the answer contains raw HTML"


@pytest.mark.parametrize("text", ["if a < b and c > d", "x <= 3", "a -> b", "`List<int>`"])
def test_comparisons_and_tags_in_code_spans_are_not_html(text: str) -> None:
    assert lesson_markdown_problem(f"# {TITLE}\n\n{BODY}\n\n{text}\n", TITLE) is None


def test_a_generic_type_outside_code_is_a_tag_to_a_markdown_renderer() -> None:
    problem = lesson_markdown_problem(f"# {TITLE}\n\n{BODY}\n\nA List<int> holds numbers.\n", TITLE)
    assert problem == "the answer contains raw HTML"


def test_the_word_count_must_stay_within_generous_bounds() -> None:
    def answer(words: int) -> str:
        return f"# {TITLE}\n\n" + " ".join(["word"] * (words - 4))  # the H1 line is 4 words

    assert lesson_markdown_problem(answer(ACCEPTED_MIN_WORDS), TITLE) is None
    assert lesson_markdown_problem(answer(ACCEPTED_MAX_WORDS), TITLE) is None
    too_short = lesson_markdown_problem(answer(ACCEPTED_MIN_WORDS - 1), TITLE)
    too_long = lesson_markdown_problem(answer(ACCEPTED_MAX_WORDS + 1), TITLE)
    assert too_short == f"the answer has {ACCEPTED_MIN_WORDS - 1} words, outside 300..4000"
    assert too_long == f"the answer has {ACCEPTED_MAX_WORDS + 1} words, outside 300..4000"
