from __future__ import annotations

import pytest

from adapters.settings import SettingsError, load_settings


def test_gemini_settings_are_read_from_the_environment() -> None:
    settings = load_settings(
        {
            "GEMINI_API_KEY": "key",
            "GOOGLE_GEMINI_BASE_URL": "http://127.0.0.1:9999",
            "GEMINI_TIMEOUT_SECONDS": "2.5",
            "GEMINI_MAX_RETRIES": "0",
            "GEMINI_RETRY_INITIAL_DELAY_SECONDS": "0.25",
        },
        env_file=None,
    )
    assert settings.gemini_api_key == "key"
    assert settings.google_gemini_base_url == "http://127.0.0.1:9999"
    assert (settings.gemini_timeout_seconds, settings.gemini_max_retries) == (2.5, 0)
    assert settings.gemini_retry_initial_delay_seconds == 0.25


def test_without_a_key_gemini_is_not_configured() -> None:
    assert load_settings({}, env_file=None).gemini_api_key is None


def test_negative_retry_settings_are_refused() -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings({"GEMINI_RETRY_INITIAL_DELAY_SECONDS": "-1", "GEMINI_MAX_RETRIES": "-1"}, env_file=None)
    assert raised.value.problems == [
        "GEMINI_MAX_RETRIES: Expected `int` >= 0",
        "GEMINI_RETRY_INITIAL_DELAY_SECONDS: Expected `float` >= 0.0",
    ]
