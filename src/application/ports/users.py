from __future__ import annotations

from typing import Protocol
from uuid import UUID

from application.pagination import Page, PageRequest
from domain.users import Role, User


class UserRepository(Protocol):
    async def add(self, user: User) -> User: ...

    async def get(self, user_id: UUID) -> User | None: ...

    async def get_by_login(self, login: str) -> User | None:
        """The user whose username, or e-mail (any case), is `login`."""
        ...

    async def count_by_role(self, role: Role) -> int: ...

    async def list(self, page: PageRequest) -> Page[User]:
        """Users oldest first, one window of them, with the count of all."""
        ...

    async def update(self, user: User) -> User:
        """Write the changes made to `user`, which came from this repository."""
        ...

    async def delete(self, user: User) -> None: ...

    async def username_taken(self, username: str, except_id: UUID | None = None) -> bool:
        """Whether another user has this username, compared without regard to case."""
        ...

    async def email_taken(self, email: str, except_id: UUID | None = None) -> bool:
        """Whether another user has this e-mail address, compared without regard to case."""
        ...

    async def count_active_admins(self) -> int:
        """Active administrators, their rows locked until the transaction ends.

        The lock keeps two requests from each removing one of the last two administrators.
        """
        ...
