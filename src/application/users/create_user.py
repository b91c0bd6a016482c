"""An administrator adds a user."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports.password_hasher import PasswordHasher
from application.ports.unit_of_work import UnitOfWork
from application.ports.users import UserRepository
from application.users.user_rules import ensure_unique
from domain.users import Gender, Role, User, normalize_email


@dataclass(frozen=True)
class NewUser:
    username: str
    email: str
    password: str
    full_name: str
    contact: str | None = None
    gender: Gender | None = None
    role: Role = Role.USER
    is_active: bool = True


class CreateUser:
    def __init__(self, users: UserRepository, hasher: PasswordHasher, uow: UnitOfWork) -> None:
        self._users = users
        self._hasher = hasher
        self._uow = uow

    async def __call__(self, new: NewUser) -> User:
        email = normalize_email(new.email)
        await ensure_unique(self._users, username=new.username, email=email)
        user = await self._users.add(
            User(
                username=new.username,
                email=email,
                password_hash=await self._hasher.hash(new.password),
                full_name=new.full_name,
                contact=new.contact,
                gender=new.gender,
                role=new.role,
                is_active=new.is_active,
            )
        )
        await self._uow.commit()
        return user
