"""An administrator changes some fields of a user."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final
from uuid import UUID

from application.ports.clock import Clock
from application.ports.password_hasher import PasswordHasher
from application.ports.sessions import SessionRepository
from application.ports.unit_of_work import UnitOfWork
from application.ports.users import UserRepository
from application.users.user_rules import ensure_admins_remain, ensure_unique, existing_user
from domain.users import Gender, Role, User, normalize_email


class Keep(Enum):
    """A field left out of a partial update keeps its value."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP


@dataclass(frozen=True)
class UserChanges:
    username: str | Keep = KEEP
    email: str | Keep = KEEP
    password: str | Keep = KEEP
    full_name: str | Keep = KEEP
    contact: str | Keep | None = KEEP
    gender: Gender | Keep | None = KEEP
    role: Role | Keep = KEEP
    is_active: bool | Keep = KEEP


class UpdateUser:
    """Applies the changes given, and nothing else.

    A new password or a deactivation also revokes the user's sessions: whoever held
    them must sign in again. The last active administrator keeps that role and stays active.
    """

    def __init__(
        self,
        users: UserRepository,
        hasher: PasswordHasher,
        sessions: SessionRepository,
        clock: Clock,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._sessions = sessions
        self._clock = clock
        self._uow = uow

    async def __call__(self, user_id: UUID, changes: UserChanges) -> User:
        user = await existing_user(self._users, user_id)
        email = normalize_email(changes.email) if not isinstance(changes.email, Keep) else None
        username = changes.username if not isinstance(changes.username, Keep) else None
        await ensure_unique(self._users, username=username, email=email, except_id=user.id)
        demoted = not isinstance(changes.role, Keep) and changes.role is not Role.ADMIN
        deactivated = changes.is_active is False
        if demoted or deactivated:
            await ensure_admins_remain(self._users, user)

        if username is not None:
            user.username = username
        if email is not None:
            user.email = email
        if not isinstance(changes.full_name, Keep):
            user.full_name = changes.full_name
        if not isinstance(changes.contact, Keep):
            user.contact = changes.contact
        if not isinstance(changes.gender, Keep):
            user.gender = changes.gender
        if not isinstance(changes.role, Keep):
            user.role = changes.role
        if not isinstance(changes.is_active, Keep):
            user.is_active = changes.is_active
        if not isinstance(changes.password, Keep):
            user.password_hash = await self._hasher.hash(changes.password)
        user = await self._users.update(user)
        if deactivated or not isinstance(changes.password, Keep):
            await self._sessions.revoke_all_of_user(user.id, self._clock.now())
        await self._uow.commit()
        return user
