from __future__ import annotations

import pytest

from adapters.settings import SettingsError, load_settings


def test_throttle_limits_default_to_five_per_account_and_twenty_per_address_in_15_minutes() -> None:
    settings = load_settings({}, env_file=None)
    assert (
        settings.login_max_failures_per_account,
        settings.login_max_failures_per_address,
        settings.login_failure_window_minutes,
    ) == (5, 20, 15)


def test_throttle_limits_are_read_and_must_be_positive() -> None:
    settings = load_settings(
        {"LOGIN_MAX_FAILURES_PER_ACCOUNT": "3", "LOGIN_FAILURE_WINDOW_MINUTES": "60"}, env_file=None
    )
    assert (settings.login_max_failures_per_account, settings.login_failure_window_minutes) == (3, 60)
    with pytest.raises(SettingsError) as refused:
        load_settings({"LOGIN_MAX_FAILURES_PER_ADDRESS": "0"}, env_file=None)
    assert refused.value.problems == ["LOGIN_MAX_FAILURES_PER_ADDRESS: Expected `int` >= 1"]
