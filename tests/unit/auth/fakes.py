"""In-memory fakes of the sign-in ports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from application.ports.tokens import AccessClaims, AccessToken
from domain.errors import Unauthenticated
from domain.sessions import AuthSession, RefreshToken
from domain.users import Role


class FakeTokenIssuer:
    EXPIRES_IN = 900

    def issue_access(self, user_id: UUID, role: Role) -> AccessToken:
        return AccessToken(token=f"access:{user_id}:{role.value}", expires_in=self.EXPIRES_IN)

    def decode_access(self, token: str) -> AccessClaims:
        kind, user_id, role = token.split(":")
        if kind != "access":
            raise Unauthenticated("Invalid or expired token")
        return AccessClaims(user_id=UUID(user_id), role=Role(role), token_id="id")


class FakeSessionRepository:
    def __init__(self) -> None:
        self.sessions: dict[UUID, AuthSession] = {}
        self.tokens: dict[str, RefreshToken] = {}

    async def add(self, session: AuthSession) -> None:
        self.sessions[session.id] = session

    async def add_token(self, token: RefreshToken) -> None:
        self.tokens[token.token_hash] = token

    async def use_token(self, token_hash: str, now: datetime) -> AuthSession | None:
        token = self.tokens.get(token_hash)
        if token is None or token.used_at is not None:
            return None
        token.used_at = now
        return self.sessions[token.session_id]

    async def session_of_token(self, token_hash: str) -> AuthSession | None:
        token = self.tokens.get(token_hash)
        return None if token is None else self.sessions[token.session_id]

    async def revoke(self, session_id: UUID, now: datetime) -> None:
        session = self.sessions[session_id]
        if session.revoked_at is None:
            session.revoked_at = now

    async def remove_ended(self, user_id: UUID, now: datetime) -> None:
        ended = {s.id for s in self.sessions.values() if s.user_id == user_id and s.expires_at <= now}
        self.sessions = {k: v for k, v in self.sessions.items() if k not in ended}
        self.tokens = {k: t for k, t in self.tokens.items() if t.session_id not in ended}

    async def revoke_all_of_user(self, user_id: UUID, now: datetime, keep: UUID | None = None) -> None:
        for session in self.sessions.values():
            if session.user_id == user_id and session.id != keep and session.revoked_at is None:
                session.revoked_at = now

    def live(self, now: datetime) -> list[AuthSession]:
        return [s for s in self.sessions.values() if s.is_live(now)]


@dataclass
class Counter:
    failures: int
    window_started_at: datetime
    locked_until: datetime | None = None


class FakeLoginThrottle:
    """The fixed-window rule of the SQL adapter, in a dict."""

    def __init__(self) -> None:
        self.counters: dict[str, Counter] = {}

    async def locked_until(self, keys: Sequence[str], now: datetime) -> datetime | None:
        locks = [
            c.locked_until
            for k in keys
            if (c := self.counters.get(k)) is not None and c.locked_until is not None and c.locked_until > now
        ]
        return max(locks, default=None)

    async def record_failure(self, key: str, *, limit: int, window: timedelta, now: datetime) -> None:
        counter = self.counters.get(key)
        if counter is None or counter.window_started_at <= now - window:
            counter = self.counters[key] = Counter(failures=0, window_started_at=now)
        counter.failures += 1
        if counter.failures >= limit:
            counter.locked_until = counter.window_started_at + window

    async def clear(self, key: str) -> None:
        self.counters.pop(key, None)
