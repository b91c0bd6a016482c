"""Users of the platform and their roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4

USERNAME_MIN, USERNAME_MAX = 2, 50
FULL_NAME_MIN, FULL_NAME_MAX = 2, 100
PASSWORD_MIN, PASSWORD_MAX = 8, 128
EMAIL_MAX = 320
CONTACT_MAX = 50


class Role(StrEnum):
    ADMIN = "ADMIN"
    USER = "USER"
    MODERATOR = "MODERATOR"


class Gender(StrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"
    OTHER = "OTHER"


@dataclass(eq=False)
class User:
    username: str
    email: str
    password_hash: str
    full_name: str
    role: Role = Role.USER
    gender: Gender | None = None
    contact: str | None = None
    is_active: bool = True
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


def normalize_email(email: str) -> str:
    """E-mail addresses are unique regardless of case, so they are compared lower-cased."""
    return email.strip().lower()
