from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.sessions import AuthSession, RefreshToken


class SessionRepository(Protocol):
    """Sign-in sessions and the hashes of their refresh tokens."""

    async def add(self, session: AuthSession) -> None: ...

    async def add_token(self, token: RefreshToken) -> None: ...

    async def use_token(self, token_hash: str, now: datetime) -> AuthSession | None:
        """Mark an unused token used and return its session; None when unknown or already used.

        Atomic: of two calls with one token, however close together, exactly one gets the session.
        """
        ...

    async def session_of_token(self, token_hash: str) -> AuthSession | None:
        """The session a token was issued from, whether or not the token was used."""
        ...

    async def revoke(self, session_id: UUID, now: datetime) -> None: ...

    async def remove_ended(self, user_id: UUID, now: datetime) -> None:
        """Delete the user's sessions that have passed their end, with their tokens."""
        ...

    async def revoke_all_of_user(self, user_id: UUID, now: datetime, keep: UUID | None = None) -> None:
        """Revoke every live session of the user except `keep`."""
        ...
