"""A signed-in user changes their own password."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.auth.failed_sign_ins import FailedSignIns
from application.auth.session_tokens import refresh_token_hash
from application.ports.clock import Clock
from application.ports.password_hasher import PasswordHasher
from application.ports.sessions import SessionRepository
from application.ports.unit_of_work import UnitOfWork
from application.ports.users import UserRepository
from domain.errors import Forbidden, Unauthenticated
from domain.users import normalize_email


@dataclass(frozen=True)
class PasswordReset:
    user_id: UUID  # the caller, from the access token
    username: str  # must name the caller (username or e-mail address)
    current_password: str
    new_password: str
    refresh_token: str | None = None  # the caller's refresh cookie, when sent
    client_address: str | None = None


class ResetPassword:
    """Sets a new password after checking the current one, and signs out every other session.

    The session the caller's refresh cookie belongs to stays, so the caller stays signed in.
    A wrong current password counts as a failed sign-in, so that a stolen access token
    cannot be used to guess the password.
    """

    def __init__(
        self,
        *,
        users: UserRepository,
        hasher: PasswordHasher,
        sessions: SessionRepository,
        failures: FailedSignIns,
        clock: Clock,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._sessions = sessions
        self._failures = failures
        self._clock = clock
        self._uow = uow

    async def __call__(self, reset: PasswordReset) -> None:
        user = await self._users.get(reset.user_id)
        if user is None:
            raise Unauthenticated("Not authenticated")
        if reset.username != user.username and normalize_email(reset.username) != user.email:
            raise Forbidden("You may only change your own password")
        await self._failures.ensure_allowed(user.username, reset.client_address)
        if not await self._hasher.verify(user.password_hash, reset.current_password):
            await self._failures.record(user.username, reset.client_address)
            await self._uow.commit()
            raise Unauthenticated("Current password is incorrect")
        user.password_hash = await self._hasher.hash(reset.new_password)
        await self._users.update(user)
        keep = None
        if reset.refresh_token:
            current = await self._sessions.session_of_token(refresh_token_hash(reset.refresh_token))
            if current is not None and current.user_id == user.id:
                keep = current.id
        await self._sessions.revoke_all_of_user(user.id, self._clock.now(), keep=keep)
        await self._uow.commit()
