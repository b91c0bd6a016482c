"""Who is calling: the active user behind an access token."""

from __future__ import annotations

from application.ports.tokens import TokenIssuer
from application.ports.users import UserRepository
from domain.errors import Unauthenticated
from domain.users import User


class IdentifyCaller:
    """Checks an access token and the current state of its user.

    The user is read on every call so that a deactivated, deleted or re-roled user
    loses access at once, not when the token expires.
    """

    def __init__(self, tokens: TokenIssuer, users: UserRepository) -> None:
        self._tokens = tokens
        self._users = users

    async def __call__(self, access_token: str) -> User:
        claims = self._tokens.decode_access(access_token)
        user = await self._users.get(claims.user_id)
        if user is None or not user.is_active:
            raise Unauthenticated("Invalid or expired token")
        return user
