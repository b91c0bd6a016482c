from __future__ import annotations

from uuid import UUID

from application.ports.users import UserRepository
from application.users.user_rules import existing_user
from domain.users import User


class GetUser:
    def __init__(self, users: UserRepository) -> None:
        self._users = users

    async def __call__(self, user_id: UUID) -> User:
        return await existing_user(self._users, user_id)
