"""`ahc serve` in a subprocess on the test database, for the tests that need a real server
(concurrent load, two instances, signals)."""

from __future__ import annotations

from tests.integration.conftest import ADMIN_PASSWORD, TEST_SECRET_KEY


def service_env(**extra: str) -> dict[str, str]:
    """The environment of a served instance sharing the test app's secret and first admin."""
    return {
        "SECRET_KEY": TEST_SECRET_KEY,
        "FIRST_SUPERUSER": "admin",
        "FIRST_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
        "FIRST_SUPERUSER_EMAIL": "admin@example.com",
        "LOG_LEVEL": "INFO",
        **extra,
    }
