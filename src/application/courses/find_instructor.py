from __future__ import annotations

from application.ports.users import UserRepository
from domain.errors import NotFound
from domain.users import User


class FindInstructor:
    """The user an operator names (by username or e-mail) to teach a course."""

    def __init__(self, users: UserRepository) -> None:
        self._users = users

    async def __call__(self, login: str) -> User:
        user = await self._users.get_by_login(login)
        if user is None:
            raise NotFound(f"No user has the username or e-mail {login!r}")
        return user
