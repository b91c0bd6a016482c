"""The tokens a signed-in client holds: a short-lived access token and the session's refresh token."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from application.auth.policy import AuthPolicy
from application.ports.clock import Clock
from application.ports.sessions import SessionRepository
from application.ports.tokens import AccessToken, TokenIssuer
from domain.sessions import AuthSession, RefreshToken
from domain.users import User

REFRESH_TOKEN_BYTES = 32


def refresh_token_hash(token: str) -> str:
    """The form a refresh token is stored in: a stolen table holds nothing usable."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SignedIn:
    access: AccessToken
    refresh_token: str
    refresh_expires_in: int  # seconds until the session ends


class SessionTokens:
    """Opens sessions, and issues an access token with the next refresh token of a session."""

    def __init__(
        self, sessions: SessionRepository, tokens: TokenIssuer, clock: Clock, policy: AuthPolicy
    ) -> None:
        self._sessions = sessions
        self._tokens = tokens
        self._clock = clock
        self._policy = policy

    async def open(self, user: User) -> SignedIn:
        """A new session for `user`, ending after the policy's lifetime whatever happens."""
        now = self._clock.now()
        # Ended sessions are of no use, even for spotting reused tokens: clear them out
        # here, where a user's sessions grow.
        await self._sessions.remove_ended(user.id, now)
        session = AuthSession(user_id=user.id, expires_at=now + self._policy.session_lifetime)
        await self._sessions.add(session)
        return await self.issue(session, user)

    async def issue(self, session: AuthSession, user: User) -> SignedIn:
        now = self._clock.now()
        refresh_token = secrets.token_urlsafe(REFRESH_TOKEN_BYTES)
        await self._sessions.add_token(
            RefreshToken(token_hash=refresh_token_hash(refresh_token), session_id=session.id, issued_at=now)
        )
        return SignedIn(
            access=self._tokens.issue_access(user.id, user.role),
            refresh_token=refresh_token,
            refresh_expires_in=session.seconds_left(now),
        )
