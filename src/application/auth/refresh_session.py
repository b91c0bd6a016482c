"""Trade a refresh token for a new access token and the session's next refresh token."""

from __future__ import annotations

import logging

from application.auth.session_tokens import SessionTokens, SignedIn, refresh_token_hash
from application.ports.clock import Clock
from application.ports.sessions import SessionRepository
from application.ports.unit_of_work import UnitOfWork
from application.ports.users import UserRepository
from domain.errors import Unauthenticated

INVALID_SESSION = "Invalid or expired session"

logger = logging.getLogger(__name__)


class RefreshSession:
    """Rotates the refresh token: each one works once.

    A token presented a second time was copied, by a thief or from a thief: the whole
    session is revoked, so neither holder can go on with it.
    """

    def __init__(
        self,
        sessions: SessionRepository,
        users: UserRepository,
        session_tokens: SessionTokens,
        clock: Clock,
        uow: UnitOfWork,
    ) -> None:
        self._sessions = sessions
        self._users = users
        self._session_tokens = session_tokens
        self._clock = clock
        self._uow = uow

    async def __call__(self, refresh_token: str) -> SignedIn:
        now = self._clock.now()
        token_hash = refresh_token_hash(refresh_token)
        session = await self._sessions.use_token(token_hash, now)
        if session is None:
            reused = await self._sessions.session_of_token(token_hash)
            if reused is not None:
                await self._sessions.revoke(reused.id, now)
                await self._uow.commit()
                logger.warning(
                    "refresh token presented twice: session revoked",
                    extra={"session_id": str(reused.id), "user_id": str(reused.user_id)},
                )
            raise Unauthenticated(INVALID_SESSION)
        user = await self._users.get(session.user_id)
        if not session.is_live(now) or user is None or not user.is_active:
            raise Unauthenticated(INVALID_SESSION)
        signed_in = await self._session_tokens.issue(session, user)
        await self._uow.commit()
        return signed_in
