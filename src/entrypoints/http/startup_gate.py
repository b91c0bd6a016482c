"""Holds requests back with a 503 while the service is still preparing its database."""

from __future__ import annotations

from typing import Final

import msgspec

from entrypoints.http.errors import ErrorBody

# Health checks and the docs answer while the database is being prepared.
_ALWAYS_OPEN: Final = ("/health/", "/openapi.json", "/schema")


class StartupGate:
    """Closed until the database is reachable and migrated; then open for good."""

    STARTING_BODY: Final = msgspec.json.encode(
        ErrorBody(status_code=503, detail="Service is starting: waiting for the database")
    )

    def __init__(self, *, is_open: bool) -> None:
        self.is_open = is_open

    def open(self) -> None:
        self.is_open = True

    def admits(self, path: str) -> bool:
        return self.is_open or path == "/" or path.startswith(_ALWAYS_OPEN)
