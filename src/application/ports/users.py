from __future__ import annotations

from typing import Protocol
from uuid import UUID

from domain.users import Role, User


class UserRepository(Protocol):
    async def add(self, user: User) -> User: ...

    async def get(self, user_id: UUID) -> User | None: ...

    async def get_by_login(self, login: str) -> User | None:
        """The user whose username, or e-mail (any case), is `login`."""
        ...

    async def count_by_role(self, role: Role) -> int: ...
