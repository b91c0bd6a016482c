"""Rules that creating, changing and deleting users share."""

from __future__ import annotations

from uuid import UUID

from application.ports.users import UserRepository
from domain.errors import Conflict, NotFound
from domain.users import User


async def ensure_unique(
    users: UserRepository, *, username: str | None, email: str | None, except_id: UUID | None = None
) -> None:
    """Usernames and e-mail addresses are unique without regard to case."""
    if username is not None and await users.username_taken(username, except_id):
        raise Conflict("A user with this username already exists")
    if email is not None and await users.email_taken(email, except_id):
        raise Conflict("A user with this e-mail address already exists")


async def ensure_admins_remain(users: UserRepository, user: User) -> None:
    """Refuse to remove `user` from the administrators when no other active one would be left."""
    if user.is_admin and user.is_active and await users.count_active_admins() <= 1:
        raise Conflict("The last administrator cannot be removed, demoted or deactivated")


async def existing_user(users: UserRepository, user_id: UUID) -> User:
    user = await users.get(user_id)
    if user is None:
        raise NotFound("User not found")
    return user
