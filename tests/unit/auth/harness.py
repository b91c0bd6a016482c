"""The sign-in use cases wired to fakes, sharing one set of them as the container would."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from application.auth.failed_sign_ins import FailedSignIns
from application.auth.login import Credentials, Login
from application.auth.logout import Logout
from application.auth.policy import AuthPolicy
from application.auth.refresh_session import RefreshSession
from application.auth.reset_password import ResetPassword
from application.auth.session_tokens import SessionTokens
from domain.users import Role, User
from tests.unit.auth.fakes import FakeLoginThrottle, FakeSessionRepository, FakeTokenIssuer
from tests.unit.fakes import FakePasswordHasher, FakeUnitOfWork, FakeUserRepository, FixedClock

PASSWORD = "correct-password"
POLICY = AuthPolicy(
    session_lifetime=timedelta(days=14),
    max_failures_per_account=5,
    max_failures_per_address=20,
    failure_window=timedelta(minutes=15),
)


def a_user(username: str = "ayesha", role: Role = Role.USER, **fields: object) -> User:
    values: dict[str, object] = {
        "email": f"{username}@example.com",
        "password_hash": FakePasswordHasher.PREFIX + PASSWORD,
        "full_name": username.title(),
        "role": role,
        **fields,
    }
    return User(username=username, **values)  # type: ignore[arg-type]


@dataclass
class Auth:
    users: FakeUserRepository = field(default_factory=FakeUserRepository)
    hasher: FakePasswordHasher = field(default_factory=FakePasswordHasher)
    sessions: FakeSessionRepository = field(default_factory=FakeSessionRepository)
    throttle: FakeLoginThrottle = field(default_factory=FakeLoginThrottle)
    clock: FixedClock = field(default_factory=FixedClock)
    uow: FakeUnitOfWork = field(default_factory=FakeUnitOfWork)

    @property
    def session_tokens(self) -> SessionTokens:
        return SessionTokens(self.sessions, FakeTokenIssuer(), self.clock, POLICY)

    @property
    def login(self) -> Login:
        return Login(self.users, self.hasher, self.session_tokens, self.failures, self.uow)

    @property
    def failures(self) -> FailedSignIns:
        return FailedSignIns(self.throttle, self.clock, POLICY)

    @property
    def refresh(self) -> RefreshSession:
        return RefreshSession(self.sessions, self.users, self.session_tokens, self.clock, self.uow)

    @property
    def logout(self) -> Logout:
        return Logout(self.sessions, self.clock, self.uow)

    @property
    def reset_password(self) -> ResetPassword:
        return ResetPassword(
            users=self.users,
            hasher=self.hasher,
            sessions=self.sessions,
            failures=self.failures,
            clock=self.clock,
            uow=self.uow,
        )

    async def sign_in(self, user: User, address: str = "10.0.0.1") -> str:
        """Sign `user` in and return the refresh token; the unit of work starts afresh."""
        signed_in = await self.login(Credentials(user.username, PASSWORD, address))
        self.uow = FakeUnitOfWork()
        return signed_in.refresh_token
