"""Sign-in sessions: a family of rotating refresh tokens with one absolute lifetime."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid4


@dataclass(eq=False)
class AuthSession:
    """One sign-in. Every refresh token issued from it belongs to this family."""

    user_id: UUID
    expires_at: datetime
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    revoked_at: datetime | None = None

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

    def seconds_left(self, now: datetime) -> int:
        """Whole seconds until the session ends, never negative."""
        return max(0, int((self.expires_at - now).total_seconds()))


@dataclass(eq=False)
class RefreshToken:
    """A refresh token, known to the server only by its hash; used at most once."""

    token_hash: str
    session_id: UUID
    issued_at: datetime
    used_at: datetime | None = None
