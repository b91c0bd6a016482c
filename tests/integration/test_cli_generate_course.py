"""`ahc ai generate-course` in the command's own process, against the fake Gemini server."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import asyncpg
import pytest
from typer.testing import CliRunner

from adapters.settings import Settings
from entrypoints.cli.main import app
from tests.integration.cli_support import cli_env, fetch
from tests.integration.fake_gemini import FakeGemini, ReceivedRequest, Reply, answer, running_fake_gemini
from tests.integration.generation_support import Course, asked_title, insert_course
from tests.unit.ai.fakes import lesson_markdown

runner = CliRunner()
OUTLINE = {
    "Getting Started": ["Installing Python", "Variables", "Types"],
    "Control Flow": ["Loops", "Functions"],
}
TITLES = [title for titles in OUTLINE.values() for title in titles]


@pytest.fixture(scope="module")
def fake_gemini() -> Iterator[FakeGemini]:
    with running_fake_gemini() as fake:
        yield fake


@pytest.fixture
def env(settings: Settings, fake_gemini: FakeGemini) -> dict[str, str]:
    return cli_env(
        settings,
        GEMINI_API_KEY="test-gemini-key-0123456789",
        GEMINI_MODEL="gemini-test-model",
        GOOGLE_GEMINI_BASE_URL=fake_gemini.base_url,
        GEMINI_TIMEOUT_SECONDS="5",
        GEMINI_MAX_RETRIES="0",
    )


@pytest.fixture
async def course(db: asyncpg.Connection) -> Course:
    """A course whose lessons have no content yet."""
    return await insert_course(db, OUTLINE, content="")


def answers(*, wrong_title_for: frozenset[str] = frozenset()) -> Callable[[ReceivedRequest], Reply]:
    """Well-written lessons, except that titles in `wrong_title_for` get an answer with a wrong H1."""

    def respond(request: ReceivedRequest) -> Reply:
        title = asked_title(request)
        written = "Something else" if title in wrong_title_for else title
        return answer(lesson_markdown(written), input_tokens=100, output_tokens=1000)

    return respond


def _contents(settings: Settings) -> dict[str, str]:
    return {row["title"]: row["content"] for row in fetch(settings, "SELECT title, content FROM lessons")}


def test_failed_lessons_are_listed_and_the_others_written_then_only_empty_goes_on(
    env: dict[str, str], settings: Settings, fake_gemini: FakeGemini, course: Course
) -> None:
    failing = frozenset({"Variables", "Loops"})
    fake_gemini.respond_with(answers(wrong_title_for=failing))

    first = runner.invoke(app, ["ai", "generate-course", str(course.id)], env=env)

    assert first.exit_code == 1, first.output
    assert sorted(asked_title(r) for r in fake_gemini.received) == sorted(TITLES)
    lines = first.stdout.splitlines()
    per_lesson = [line for line in lines if line.startswith("[")]
    assert [line.split("]")[0] for line in per_lesson] == [f"[{n}/5" for n in range(1, 6)]
    assert sum("failed  lesson" in line for line in per_lesson) == 2
    assert "3 of 5 lessons written, 2 failed, in " in first.stdout
    assert "3,300 tokens (300 in, 3,000 out)" in first.stdout
    failures = [line for line in lines if line.startswith("failed: ")]
    assert sorted(failures) == sorted(
        f"failed: lesson {course.lessons[title]} {title!r}: "
        "Gemini answer rejected: the answer's H1 title is not the lesson title"
        for title in failing
    ), failures
    contents = _contents(settings)
    assert {title for title, content in contents.items() if content == ""} == failing
    for title in set(TITLES) - failing:
        assert contents[title] == lesson_markdown(title)

    fake_gemini.respond_with(answers())
    second = runner.invoke(
        app, ["ai", "generate-course", str(course.id), "--only-empty", "--concurrency", "1"], env=env
    )

    assert second.exit_code == 0, second.output
    assert [asked_title(r) for r in fake_gemini.received] == ["Variables", "Loops"]
    assert "2 of 2 lessons written, 0 failed" in second.stdout
    assert _contents(settings) == {title: lesson_markdown(title) for title in TITLES}

    third = runner.invoke(app, ["ai", "generate-course", str(course.id), "--only-empty"], env=env)
    assert third.exit_code == 0
    assert third.stdout == "nothing to write: no lesson is empty\n"


def test_every_lesson_is_written_again_without_only_empty(
    env: dict[str, str], settings: Settings, fake_gemini: FakeGemini, course: Course
) -> None:
    fake_gemini.respond_with(answers())

    result = runner.invoke(app, ["ai", "generate-course", str(course.id), "--concurrency", "3"], env=env)

    assert result.exit_code == 0, result.output
    assert re.search(r"^5 of 5 lessons written, 0 failed, in \d+s; 5,500 tokens", result.stdout, re.MULTILINE)
    assert "failed:" not in result.stdout
    assert _contents(settings) == {title: lesson_markdown(title) for title in TITLES}


def test_no_provider_a_missing_course_and_a_bad_bound_are_one_clear_line(
    env: dict[str, str], settings: Settings, fake_gemini: FakeGemini, course: Course
) -> None:
    fake_gemini.respond_with(answers())
    unconfigured = runner.invoke(
        app, ["ai", "generate-course", str(course.id)], env={**env, "GEMINI_API_KEY": ""}
    )
    assert unconfigured.exit_code == 1
    assert unconfigured.stderr.startswith("error: AI provider not configured")
    assert unconfigured.stderr.count("\n") == 1

    missing = runner.invoke(app, ["ai", "generate-course", "00000000-0000-0000-0000-000000000000"], env=env)
    assert missing.exit_code == 1
    assert missing.stderr == "error: Course not found\n"

    zero = runner.invoke(app, ["ai", "generate-course", str(course.id), "--concurrency", "0"], env=env)
    assert zero.exit_code == 1
    assert zero.stderr == "error: --concurrency must be between 1 and 16\n"

    assert fake_gemini.received == []
    assert set(_contents(settings).values()) == {""}


def test_generate_course_has_help() -> None:
    for command in (["ai", "--help"], ["ai", "generate-course", "--help"]):
        shown = runner.invoke(app, command)
        assert shown.exit_code == 0, command
        assert "--only-empty" in shown.stdout or "generate-course" in shown.stdout
