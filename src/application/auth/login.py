"""Sign in with a username or e-mail address and a password."""

from __future__ import annotations

from dataclasses import dataclass

from application.auth.failed_sign_ins import FailedSignIns
from application.auth.session_tokens import SessionTokens, SignedIn
from application.ports.password_hasher import PasswordHasher
from application.ports.unit_of_work import UnitOfWork
from application.ports.users import UserRepository
from domain.errors import Unauthenticated
from domain.users import User

BAD_CREDENTIALS = "Incorrect username or password"


@dataclass(frozen=True)
class Credentials:
    login: str  # username or e-mail address
    password: str
    client_address: str | None = None


class Login:
    """Checks the credentials and opens a new session.

    Every refusal looks alike (unknown user, wrong password, deactivated user) and takes
    about as long. Failures are counted per account and per client address; past the
    policy's limits the attempt is refused before any password is checked. A known user's
    failures count against their username, whichever name they signed in with.
    """

    def __init__(
        self,
        users: UserRepository,
        hasher: PasswordHasher,
        session_tokens: SessionTokens,
        failures: FailedSignIns,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._session_tokens = session_tokens
        self._failures = failures
        self._uow = uow

    async def __call__(self, credentials: Credentials) -> SignedIn:
        user = await self._users.get_by_login(credentials.login)
        account = user.username if user is not None else credentials.login
        await self._failures.ensure_allowed(account, credentials.client_address)

        user = await self._verified(user, credentials.password)
        if user is None:
            await self._failures.record(account, credentials.client_address)
            await self._uow.commit()
            raise Unauthenticated(BAD_CREDENTIALS)

        await self._failures.clear(account)
        if self._hasher.needs_rehash(user.password_hash):
            user.password_hash = await self._hasher.hash(credentials.password)
            await self._users.update(user)
        signed_in = await self._session_tokens.open(user)
        await self._uow.commit()
        return signed_in

    async def _verified(self, user: User | None, password: str) -> User | None:
        """`user` when the password is theirs and they may sign in."""
        if user is None:
            await self._hasher.verify_unknown(password)
            return None
        if not await self._hasher.verify(user.password_hash, password) or not user.is_active:
            return None
        return user
