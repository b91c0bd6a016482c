"""In-memory fakes of the application's ports, for use-case tests without I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from application.pagination import Page, PageRequest
from domain.users import Role, User, normalize_email


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.committed = False
        self.rolled_back = False

    async def commit(self) -> None:
        self.committed = True

    async def rollback(self) -> None:
        self.rolled_back = True


class FakePasswordHasher:
    """Reversible 'hashing' that still lets tests tell a hash from a password."""

    PREFIX = "hashed:"

    def __init__(self, *, outdated: set[str] | None = None) -> None:
        self.outdated = outdated or set()
        self.unknown_verifications = 0

    async def hash(self, password: str) -> str:
        return self.PREFIX + password

    async def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == self.PREFIX + password

    async def verify_unknown(self, password: str) -> None:
        self.unknown_verifications += 1

    def needs_rehash(self, password_hash: str) -> bool:
        return password_hash in self.outdated


class FixedClock:
    def __init__(self, now: datetime | None = None) -> None:
        self.current = now or datetime(2026, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class FakeUserRepository:
    def __init__(self, *users: User) -> None:
        self.rows: dict[UUID, User] = {u.id: u for u in users}

    async def add(self, user: User) -> User:
        self.rows[user.id] = user
        return user

    async def get(self, user_id: UUID) -> User | None:
        return self.rows.get(user_id)

    async def get_by_login(self, login: str) -> User | None:
        return next(
            (u for u in self.rows.values() if u.username == login or u.email == normalize_email(login)),
            None,
        )

    async def count_by_role(self, role: Role) -> int:
        return sum(1 for u in self.rows.values() if u.role is role)

    async def list(self, page: PageRequest) -> Page[User]:
        users = list(self.rows.values())
        return Page(items=users[page.skip : page.skip + page.limit], total=len(users))

    async def update(self, user: User) -> User:
        self.rows[user.id] = user
        return user

    async def delete(self, user: User) -> None:
        del self.rows[user.id]

    async def username_taken(self, username: str, except_id: UUID | None = None) -> bool:
        return any(u.username.lower() == username.lower() and u.id != except_id for u in self.rows.values())

    async def email_taken(self, email: str, except_id: UUID | None = None) -> bool:
        return any(u.email == normalize_email(email) and u.id != except_id for u in self.rows.values())

    async def count_active_admins(self) -> int:
        return sum(1 for u in self.rows.values() if u.is_admin and u.is_active)
