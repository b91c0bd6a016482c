"""Sign in with a username or e-mail address and a password."""

from __future__ import annotations

import math
from dataclasses import dataclass

from application.auth.policy import AuthPolicy
from application.auth.session_tokens import SessionTokens, SignedIn
from application.ports.clock import Clock
from application.ports.login_throttle import LoginThrottle
from application.ports.password_hasher import PasswordHasher
from application.ports.unit_of_work import UnitOfWork
from application.ports.users import UserRepository
from domain.errors import TooManyAttempts, Unauthenticated
from domain.users import User

BAD_CREDENTIALS = "Incorrect username or password"


@dataclass(frozen=True)
class Credentials:
    login: str  # username or e-mail address
    password: str
    client_address: str | None = None


def account_key(login: str) -> str:
    return f"account:{login.strip().lower()}"


def address_key(address: str) -> str:
    return f"address:{address}"


class Login:
    """Checks the credentials and opens a new session.

    Every refusal looks alike (unknown user, wrong password, deactivated user) and takes
    about as long. Failures are counted per account and per client address; past the
    policy's limits the attempt is refused before any password is checked.
    """

    def __init__(
        self,
        *,
        users: UserRepository,
        hasher: PasswordHasher,
        session_tokens: SessionTokens,
        throttle: LoginThrottle,
        clock: Clock,
        policy: AuthPolicy,
        uow: UnitOfWork,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._session_tokens = session_tokens
        self._throttle = throttle
        self._clock = clock
        self._policy = policy
        self._uow = uow

    async def __call__(self, credentials: Credentials) -> SignedIn:
        now = self._clock.now()
        account = account_key(credentials.login)
        limits = {account: self._policy.max_failures_per_account}
        if credentials.client_address:
            limits[address_key(credentials.client_address)] = self._policy.max_failures_per_address
        locked_until = await self._throttle.locked_until(list(limits), now)
        if locked_until is not None:
            retry_after = max(1, math.ceil((locked_until - now).total_seconds()))
            raise TooManyAttempts("Too many failed sign-in attempts; try again later", retry_after)

        user = await self._verified_user(credentials)
        if user is None:
            for key, limit in limits.items():
                await self._throttle.record_failure(
                    key, limit=limit, window=self._policy.failure_window, now=now
                )
            await self._uow.commit()
            raise Unauthenticated(BAD_CREDENTIALS)

        await self._throttle.clear(account)
        if self._hasher.needs_rehash(user.password_hash):
            user.password_hash = await self._hasher.hash(credentials.password)
            await self._users.update(user)
        signed_in = await self._session_tokens.open(user)
        await self._uow.commit()
        return signed_in

    async def _verified_user(self, credentials: Credentials) -> User | None:
        user = await self._users.get_by_login(credentials.login)
        if user is None:
            await self._hasher.verify_unknown(credentials.password)
            return None
        if not await self._hasher.verify(user.password_hash, credentials.password):
            return None
        return user if user.is_active else None
