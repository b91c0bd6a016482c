"""Settings of the job queue, the workers and the Gemini request budget."""

from __future__ import annotations

import pytest

from adapters.settings import SettingsError, load_settings


def test_defaults_run_jobs_in_process_with_small_bounds_and_no_budget() -> None:
    settings = load_settings({}, env_file=None)
    assert (settings.redis_url, settings.gemini_requests_per_minute) == (None, None)
    bounds = (settings.worker_concurrency, settings.generation_concurrency, settings.job_heartbeat_seconds)
    assert bounds == (2, 2, 30)


def test_the_settings_are_read_from_the_environment() -> None:
    settings = load_settings(
        {
            "REDIS_URL": "redis://valkey:6379/0",
            "WORKER_CONCURRENCY": "4",
            "GENERATION_CONCURRENCY": "3",
            "GEMINI_REQUESTS_PER_MINUTE": "10",
            "JOB_HEARTBEAT_SECONDS": "15",
        },
        env_file=None,
    )
    assert settings.redis_url == "redis://valkey:6379/0"
    assert (settings.worker_concurrency, settings.generation_concurrency) == (4, 3)
    assert (settings.gemini_requests_per_minute, settings.job_heartbeat_seconds) == (10, 15)


def test_bad_values_are_each_reported() -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings(
            {
                "REDIS_URL": "http://valkey:6379",
                "WORKER_CONCURRENCY": "0",
                "GENERATION_CONCURRENCY": "-1",
                "GEMINI_REQUESTS_PER_MINUTE": "0",
                "JOB_HEARTBEAT_SECONDS": "0",
            },
            env_file=None,
        )
    assert sorted(problem.split(":")[0] for problem in raised.value.problems) == [
        "GEMINI_REQUESTS_PER_MINUTE",
        "GENERATION_CONCURRENCY",
        "JOB_HEARTBEAT_SECONDS",
        "REDIS_URL",
        "WORKER_CONCURRENCY",
    ]
