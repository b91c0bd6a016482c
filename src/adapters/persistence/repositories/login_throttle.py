from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import case, delete, func, literal, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import login_throttle_table

_t = login_throttle_table
_KEY_MAX = 400  # the length of login_throttle.key


def _stored(key: str) -> str:
    """The key as stored: one too long for the column (a long login, lower-cased) by its hash."""
    if len(key) <= _KEY_MAX:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


class SqlLoginThrottle:
    """Failure counters in the database, so that every instance of the service shares them.

    One fixed window per key: it opens at the first failure, and a key that reaches its
    limit stays locked until the window closes.
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def locked_until(self, keys: Sequence[str], now: datetime) -> datetime | None:
        statement = select(func.max(_t.c.locked_until)).where(
            _t.c.key.in_([_stored(k) for k in keys]), _t.c.locked_until > now
        )
        locked: datetime | None = await self._session.scalar(statement)
        return locked

    async def record_failure(self, key: str, *, limit: int, window: timedelta, now: datetime) -> None:
        # Atomic upsert: concurrent failures on one key all count.
        fresh = insert(_t).values(
            key=_stored(key),
            failures=1,
            window_started_at=now,
            locked_until=now + window if limit <= 1 else None,
        )
        stale = _t.c.window_started_at <= literal(now - window)
        failures = case((stale, 1), else_=_t.c.failures + 1)
        started = case((stale, literal(now)), else_=_t.c.window_started_at)
        statement = fresh.on_conflict_do_update(
            index_elements=[_t.c.key],
            set_={
                "failures": failures,
                "window_started_at": started,
                "locked_until": case((failures >= limit, started + window), else_=None),
            },
        )
        await self._session.execute(statement)

    async def clear(self, key: str) -> None:
        await self._session.execute(delete(_t).where(_t.c.key == _stored(key)))
