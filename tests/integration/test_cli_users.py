"""`ahc users`: the same rules as the API, one clear line on failure."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from adapters.settings import Settings
from entrypoints.cli.main import app

runner = CliRunner()


@pytest.fixture
def env(settings: Settings) -> dict[str, str]:
    assert settings.database_url is not None
    assert settings.secret_key is not None
    return {"DATABASE_URL": settings.database_url, "SECRET_KEY": settings.secret_key, "LOG_LEVEL": "WARNING"}


def test_create_admin_then_list(env: dict[str, str]) -> None:
    created = runner.invoke(
        app,
        [
            "users",
            "create-admin",
            "--username",
            "ops",
            "--email",
            "Ops@Example.com",
            "--full-name",
            "Ops Team",
        ],
        input="ops-password-1\nops-password-1\n",
        env=env,
    )
    assert created.exit_code == 0, created.output
    assert "created administrator ops (ops@example.com)" in created.stdout
    assert "ops-password-1" not in created.stdout

    listed = runner.invoke(app, ["users", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert [row[:4] for row in rows] == [
        ["admin", "admin@example.com", "ADMIN", "active"],
        ["ops", "ops@example.com", "ADMIN", "active"],
    ]


def test_create_admin_checks_what_the_api_checks(env: dict[str, str]) -> None:
    short = runner.invoke(
        app,
        ["users", "create-admin", "--username", "x y", "--email", "a@b.co", "--password", "long-enough"],
        env=env,
    )
    assert short.exit_code == 1
    assert short.stderr.count("\n") == 1
    assert short.stderr.startswith("error: ")
    assert "username" in short.stderr


def test_a_taken_username_is_one_clear_line(env: dict[str, str]) -> None:
    taken = runner.invoke(
        app,
        [
            "users",
            "create-admin",
            "--username",
            "admin",
            "--email",
            "new@example.com",
            "--password",
            "long-enough",
        ],
        env=env,
    )
    assert taken.exit_code == 1
    assert taken.stderr == "error: A user with this username already exists\n"


def test_every_command_has_help() -> None:
    for command in (["--help"], ["users", "--help"], ["users", "create-admin", "--help"], ["db", "--help"]):
        shown = runner.invoke(app, command)
        assert shown.exit_code == 0, command
        assert "Usage" in shown.stdout
