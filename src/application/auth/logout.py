"""End the session a refresh token belongs to."""

from __future__ import annotations

from application.auth.session_tokens import refresh_token_hash
from application.ports.clock import Clock
from application.ports.sessions import SessionRepository
from application.ports.unit_of_work import UnitOfWork


class Logout:
    """Revokes the session of the token; an unknown or missing token changes nothing."""

    def __init__(self, sessions: SessionRepository, clock: Clock, uow: UnitOfWork) -> None:
        self._sessions = sessions
        self._clock = clock
        self._uow = uow

    async def __call__(self, refresh_token: str | None) -> None:
        if not refresh_token:
            return
        session = await self._sessions.session_of_token(refresh_token_hash(refresh_token))
        if session is None:
            return
        await self._sessions.revoke(session.id, self._clock.now())
        await self._uow.commit()
