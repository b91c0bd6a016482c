from __future__ import annotations

from application.pagination import Page, PageRequest
from application.ports.users import UserRepository
from domain.users import User


class ListUsers:
    def __init__(self, users: UserRepository) -> None:
        self._users = users

    async def __call__(self, page: PageRequest) -> Page[User]:
        return await self._users.list(page)
