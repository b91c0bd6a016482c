"""`ahc courses export|import`: a course document round trip, and broken documents refused whole."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import asyncpg
import pytest
from typer.testing import CliRunner

from adapters.settings import Settings
from entrypoints.cli.main import app
from tests.integration.cli_support import cli_env, fetch
from tests.integration.course_document_sample import DOCUMENT

runner = CliRunner()


@pytest.fixture
def env(settings: Settings) -> dict[str, str]:
    return cli_env(settings)


@pytest.fixture
async def course_id(db: asyncpg.Connection, first_admin: asyncpg.Record) -> UUID:
    """DOCUMENT's course, stored as the content routes would have stored it (sections out of order)."""
    course = DOCUMENT["course"]
    new_id: UUID = await db.fetchval(
        "INSERT INTO courses (title, description, difficulty_level, is_published, instructor_id)"
        " VALUES ($1, $2, $3, $4, $5) RETURNING id",
        course["title"],
        course["description"],
        course["difficulty_level"],
        course["is_published"],
        first_admin["id"],
    )
    for section in reversed(DOCUMENT["sections"]):
        section_id = await db.fetchval(
            "INSERT INTO sections (course_id, title, section_order) VALUES ($1, $2, $3) RETURNING id",
            new_id,
            section["title"],
            section["section_order"],
        )
        for lesson in reversed(section["lessons"]):
            await db.execute(
                "INSERT INTO lessons (section_id, title, content, lesson_order) VALUES ($1, $2, $3, $4)",
                section_id,
                lesson["title"],
                lesson["content"],
                lesson["lesson_order"],
            )
    return new_id


def _counts(settings: Settings) -> dict[str, int]:
    return {
        table: fetch(settings, f"SELECT count(*) AS n FROM {table}")[0]["n"]
        for table in ("courses", "sections", "lessons")
    }


def test_export_then_import_into_an_empty_database_then_export_again_is_identical(
    env: dict[str, str], settings: Settings, course_id: UUID, tmp_path: Path
) -> None:
    exported = tmp_path / "course.json"
    result = runner.invoke(app, ["courses", "export", str(course_id), "-o", str(exported)], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(exported.read_text(encoding="utf-8")) == DOCUMENT
    assert result.stdout == ""

    fetch(settings, "DELETE FROM courses")
    assert _counts(settings) == {"courses": 0, "sections": 0, "lessons": 0}

    imported = runner.invoke(app, ["courses", "import", str(exported), "--publish"], env=env)
    assert imported.exit_code == 0, imported.output
    new_id = UUID(imported.stdout.strip())
    assert new_id != course_id
    assert _counts(settings) == {"courses": 1, "sections": 3, "lessons": 3}
    [stored] = fetch(settings, "SELECT is_published, instructor_id FROM courses WHERE id = $1", new_id)
    assert stored == {"is_published": True, "instructor_id": None}

    again = runner.invoke(app, ["courses", "export", str(new_id)], env=env)
    assert again.exit_code == 0, again.output
    assert again.stdout == exported.read_text(encoding="utf-8")


def test_an_import_is_unpublished_unless_asked_and_may_name_its_instructor(
    env: dict[str, str], settings: Settings, first_admin: asyncpg.Record, tmp_path: Path
) -> None:
    document = tmp_path / "course.json"
    document.write_text(json.dumps(DOCUMENT), encoding="utf-8")

    result = runner.invoke(app, ["courses", "import", str(document), "--instructor", "admin"], env=env)

    assert result.exit_code == 0, result.output
    [stored] = fetch(settings, "SELECT id, is_published, instructor_id FROM courses")
    assert str(stored["id"]) == result.stdout.strip()
    assert (stored["is_published"], stored["instructor_id"]) == (False, first_admin["id"])

    unknown = runner.invoke(app, ["courses", "import", str(document), "--instructor", "nobody"], env=env)
    assert unknown.exit_code == 1
    assert unknown.stderr == "error: No user has the username or e-mail 'nobody'\n"
    assert _counts(settings)["courses"] == 1


def test_a_broken_document_names_every_problem_and_writes_nothing(
    env: dict[str, str], settings: Settings, tmp_path: Path
) -> None:
    broken = {
        "format": "ahc.course",
        "version": 2,
        "exported_by": "someone",
        "course": {"title": "x" * 256, "is_published": "yes", "difficulty_level": None},
        "sections": [
            {"section_order": 1, "lessons": [{"title": "Fine", "lesson_order": 1}]},
            {
                "title": "Two",
                "section_order": 1,
                "lessons": [
                    {"title": "t" * 300, "content": "ok", "lesson_order": 1},
                    {"title": "Again", "content": 5, "lesson_order": 1, "id": 7},
                    {"title": "No order"},
                ],
            },
            {"title": "Three", "section_order": 0, "lessons": "none"},
            "not a section",
        ],
    }
    document = tmp_path / "broken.json"
    document.write_text(json.dumps(broken), encoding="utf-8")

    result = runner.invoke(app, ["courses", "import", str(document), "--publish"], env=env)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "exported_by: unknown field",
        "version: unsupported version 2: version 1 is read",
        "course.title: too long (at most 255 characters)",
        "course.is_published: must be true or false",
        "sections[0].title: missing",
        "sections[1].lessons[0].title: too long (at most 255 characters)",
        "sections[1].lessons[1].id: unknown field",
        "sections[1].lessons[1].content: must be a string",
        "sections[1].lessons[2].lesson_order: missing",
        "sections[1].lessons[1].lesson_order: the same order as sections[1].lessons[0].lesson_order",
        "sections[2].section_order: must be 1 or more",
        "sections[2].lessons: must be an array",
        "sections[3]: must be an object",
        "sections[1].section_order: the same order as sections[0].section_order",
    ]
    assert _counts(settings) == {"courses": 0, "sections": 0, "lessons": 0}


def test_unreadable_files_and_missing_courses_are_one_clear_line(env: dict[str, str], tmp_path: Path) -> None:
    not_json = tmp_path / "course.json"
    not_json.write_text("{nope", encoding="utf-8")
    cases = [
        (["courses", "import", str(not_json)], f"error: {not_json} is not valid JSON"),
        (["courses", "import", str(tmp_path / "missing.json")], "error: cannot read"),
        (["courses", "export", "00000000-0000-0000-0000-000000000000"], "error: Course not found"),
        (["courses", "export", "42"], "error: not a course id: '42'"),
    ]
    for command, message in cases:
        result = runner.invoke(app, command, env=env)
        assert result.exit_code == 1, command
        assert result.stderr.startswith(message), result.stderr
        assert result.stderr.count("\n") == 1


def test_a_document_can_come_from_standard_input(env: dict[str, str], settings: Settings) -> None:
    result = runner.invoke(app, ["courses", "import", "-"], input=json.dumps(DOCUMENT), env=env)

    assert result.exit_code == 0, result.output
    assert _counts(settings) == {"courses": 1, "sections": 3, "lessons": 3}


def test_every_course_command_has_help() -> None:
    for command in (["courses", "--help"], ["courses", "export", "--help"], ["courses", "import", "--help"]):
        shown = runner.invoke(app, command)
        assert shown.exit_code == 0, command
        assert "Usage" in shown.stdout
