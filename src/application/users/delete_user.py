from __future__ import annotations

from uuid import UUID

from application.ports.unit_of_work import UnitOfWork
from application.ports.users import UserRepository
from application.users.user_rules import ensure_admins_remain, existing_user


class DeleteUser:
    """Removes a user with their sessions; the last active administrator stays."""

    def __init__(self, users: UserRepository, uow: UnitOfWork) -> None:
        self._users = users
        self._uow = uow

    async def __call__(self, user_id: UUID) -> None:
        user = await existing_user(self._users, user_id)
        await ensure_admins_remain(self._users, user)
        await self._users.delete(user)
        await self._uow.commit()
