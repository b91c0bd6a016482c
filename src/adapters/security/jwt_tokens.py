from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Final
from uuid import UUID

import jwt

from application.ports.clock import Clock
from application.ports.tokens import AccessClaims, AccessToken
from domain.errors import Unauthenticated
from domain.users import Role

ACCESS_TYPE: Final = "access"
_REQUIRED_CLAIMS: Final = ["sub", "role", "type", "iss", "aud", "iat", "exp", "jti"]


class JwtTokenIssuer:
    """Signed access tokens. The algorithm is pinned: a token naming another one is refused."""

    def __init__(
        self,
        *,
        secret_key: str,
        algorithm: str,
        issuer: str,
        audience: str,
        lifetime: timedelta,
        clock: Clock,
    ) -> None:
        self._key = secret_key
        self._algorithm = algorithm
        self._issuer = issuer
        self._audience = audience
        self._lifetime = lifetime
        self._clock = clock

    def issue_access(self, user_id: UUID, role: Role) -> AccessToken:
        now = self._clock.now()
        claims = {
            "sub": str(user_id),
            "role": role.value,
            "type": ACCESS_TYPE,
            "iss": self._issuer,
            "aud": self._audience,
            "iat": now,
            "exp": now + self._lifetime,
            "jti": secrets.token_urlsafe(16),
        }
        token = jwt.encode(claims, self._key, algorithm=self._algorithm)
        return AccessToken(token=token, expires_in=int(self._lifetime.total_seconds()))

    def decode_access(self, token: str) -> AccessClaims:
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=[self._algorithm],
                audience=self._audience,
                issuer=self._issuer,
                options={"require": _REQUIRED_CLAIMS},
            )
            if claims["type"] != ACCESS_TYPE:
                raise Unauthenticated("Not an access token")
            return AccessClaims(
                user_id=UUID(claims["sub"]), role=Role(claims["role"]), token_id=claims["jti"]
            )
        except (jwt.PyJWTError, ValueError, TypeError, KeyError) as exc:
            raise Unauthenticated("Invalid or expired token") from exc
