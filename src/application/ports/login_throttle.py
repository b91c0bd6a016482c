from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol


class LoginThrottle(Protocol):
    """Counts failed sign-ins per key (an account, a client address) where every instance sees them."""

    async def locked_until(self, keys: Sequence[str], now: datetime) -> datetime | None:
        """The latest lock among `keys` still in force at `now`; None when none is."""
        ...

    async def record_failure(self, key: str, *, limit: int, window: timedelta, now: datetime) -> None:
        """Count one failure. A key with `limit` failures in one window is locked until the window ends."""
        ...

    async def clear(self, key: str) -> None: ...
