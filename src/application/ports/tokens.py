from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from domain.users import Role


@dataclass(frozen=True)
class AccessToken:
    token: str
    expires_in: int  # seconds


@dataclass(frozen=True)
class AccessClaims:
    user_id: UUID
    role: Role
    token_id: str


class TokenIssuer(Protocol):
    """Issues and checks signed access tokens."""

    def issue_access(self, user_id: UUID, role: Role) -> AccessToken: ...

    def decode_access(self, token: str) -> AccessClaims:
        """The claims of a valid access token; raises Unauthenticated for anything else."""
        ...
