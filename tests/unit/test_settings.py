from __future__ import annotations

from pathlib import Path

import pytest

from adapters.settings import SettingsError, load_settings

GOOD_KEY = "k" * 32


def test_defaults_need_no_environment() -> None:
    settings = load_settings({}, env_file=None)
    assert settings.database_url is None
    assert settings.gemini_model == "gemini-2.5-flash"
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.cookie_secure is True


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('["https://a.example", "https://b.example"]', ["https://a.example", "https://b.example"]),
        ("https://a.example, https://b.example", ["https://a.example", "https://b.example"]),
        ("https://a.example", ["https://a.example"]),
        ("", []),
    ],
)
def test_cors_origins_accept_json_or_comma_separated(raw: str, expected: list[str]) -> None:
    assert load_settings({"BACKEND_CORS_ORIGINS": raw}, env_file=None).backend_cors_origins == expected


def test_every_problem_is_reported_on_its_own_line() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(
            {"PORT": "eighty", "COOKIE_SECURE": "maybe", "MEDIA_MAX_IMAGE_BYTES": "lots"}, env_file=None
        )
    problems = caught.value.problems
    assert len(problems) == 3
    assert {p.split(":")[0] for p in problems} == {"PORT", "COOKIE_SECURE", "MEDIA_MAX_IMAGE_BYTES"}
    assert all("\n" not in p for p in problems)


def test_short_secret_key_is_refused() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"SECRET_KEY": "too-short"}, env_file=None)
    assert caught.value.problems == ["SECRET_KEY: must be at least 32 bytes long"]


def test_secret_key_of_32_bytes_is_accepted() -> None:
    assert load_settings({"SECRET_KEY": GOOD_KEY}, env_file=None).secret_key == GOOD_KEY


def test_rule_violations_are_all_reported() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(
            {"PORT": "0", "DATABASE_URL": "mysql://x", "FIRST_SUPERUSER": "root", "LOG_LEVEL": "chatty"},
            env_file=None,
        )
    fields = {p.split(":")[0] for p in caught.value.problems}
    assert fields == {"PORT", "DATABASE_URL", "FIRST_SUPERUSER", "LOG_LEVEL"}


def test_environment_wins_over_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("GEMINI_MODEL=from-file\nPORT=9000\n")
    settings = load_settings({"GEMINI_MODEL": "from-env"}, env_file=env_file)
    assert settings.gemini_model == "from-env"
    assert settings.port == 9000


def test_password_hashing_may_use_a_quarter_of_the_cores_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    for cores, budget in ((1, 0.25), (2, 0.5), (8, 2.0)):
        monkeypatch.setattr("os.cpu_count", lambda cores=cores: cores)
        assert load_settings({}, env_file=None).password_hashing_budget == budget
    told = load_settings({"PASSWORD_HASHING_CORES": "1.5"}, env_file=None)
    assert told.password_hashing_budget == 1.5
    with pytest.raises(SettingsError) as caught:
        load_settings({"PASSWORD_HASHING_CORES": "0"}, env_file=None)
    assert caught.value.problems[0].startswith("PASSWORD_HASHING_CORES:")
