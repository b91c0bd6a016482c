"""Wire types of users: what clients send and get back. No password ever goes out."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Final
from uuid import UUID

import msgspec

from domain import users
from domain.users import Gender, Role, User

# Deliberately loose (one @, a dot in the domain): the address is confirmed by use, not by regex.
EMAIL_PATTERN: Final = r"^[^@\s\x00-\x1f]+@[^@\s\x00-\x1f]+\.[^@\s\x00-\x1f]+$"
# PostgreSQL text cannot hold NUL: such input is refused here instead of failing on insert.
NO_NUL_PATTERN: Final = r"^[^\x00]*$"

Username = Annotated[
    str,
    msgspec.Meta(
        min_length=users.USERNAME_MIN,
        max_length=users.USERNAME_MAX,
        # No @ and no spaces, so that a username is never mistaken for an e-mail address.
        pattern=r"^[^@\s\x00-\x1f\x7f]+$",
        description="2..50 characters, no @ and no spaces",
    ),
]
Email = Annotated[str, msgspec.Meta(max_length=users.EMAIL_MAX, pattern=EMAIL_PATTERN)]
Password = Annotated[str, msgspec.Meta(min_length=users.PASSWORD_MIN, max_length=users.PASSWORD_MAX)]
FullName = Annotated[
    str,
    msgspec.Meta(min_length=users.FULL_NAME_MIN, max_length=users.FULL_NAME_MAX, pattern=NO_NUL_PATTERN),
]
Contact = Annotated[str, msgspec.Meta(max_length=users.CONTACT_MAX, pattern=NO_NUL_PATTERN)]


class UserOut(msgspec.Struct, kw_only=True):
    id: UUID
    username: str
    email: str
    full_name: str
    contact: str | None
    gender: Gender | None
    role: Role
    is_active: bool
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            username=user.username,
            email=user.email,
            full_name=user.full_name,
            contact=user.contact,
            gender=user.gender,
            role=user.role,
            is_active=user.is_active,
            created_at=user.created_at,
            updated_at=user.updated_at,
        )


class UserCreate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    username: Username
    email: Email
    password: Password
    full_name: FullName
    contact: Contact | None = None
    gender: Gender | None = None
    role: Role = Role.USER
    is_active: bool = True


class UserUpdate(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A partial update: fields left out keep their values, `null` clears an optional one."""

    username: Username | msgspec.UnsetType = msgspec.UNSET
    email: Email | msgspec.UnsetType = msgspec.UNSET
    password: Password | msgspec.UnsetType = msgspec.UNSET
    full_name: FullName | msgspec.UnsetType = msgspec.UNSET
    contact: Contact | msgspec.UnsetType | None = msgspec.UNSET
    gender: Gender | msgspec.UnsetType | None = msgspec.UNSET
    role: Role | msgspec.UnsetType = msgspec.UNSET
    is_active: bool | msgspec.UnsetType = msgspec.UNSET
