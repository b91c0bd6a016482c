"""Create the first administrator from the settings, once."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports.password_hasher import PasswordHasher
from application.ports.unit_of_work import UnitOfWork
from application.ports.users import UserRepository
from domain.users import Role, User, normalize_email


@dataclass(frozen=True)
class FirstAdmin:
    username: str
    email: str
    password: str


class EnsureFirstAdmin:
    """Creates the configured administrator when the database has no administrator yet.

    Running it again, or with an administrator already present, changes nothing.
    """

    def __init__(self, users: UserRepository, hasher: PasswordHasher, uow: UnitOfWork) -> None:
        self._users = users
        self._hasher = hasher
        self._uow = uow

    async def __call__(self, admin: FirstAdmin) -> bool:
        """True when the administrator was created by this call."""
        if await self._users.count_by_role(Role.ADMIN) > 0:
            return False
        if await self._users.get_by_login(admin.username) is not None:
            return False
        if await self._users.get_by_login(admin.email) is not None:
            return False
        await self._users.add(
            User(
                username=admin.username,
                email=normalize_email(admin.email),
                password_hash=await self._hasher.hash(admin.password),
                full_name=admin.username,
                role=Role.ADMIN,
            )
        )
        await self._uow.commit()
        return True
