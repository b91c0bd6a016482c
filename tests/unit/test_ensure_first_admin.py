from __future__ import annotations

from application.users.ensure_first_admin import EnsureFirstAdmin, FirstAdmin
from domain.users import Role, User
from tests.unit.fakes import FakePasswordHasher, FakeUnitOfWork, FakeUserRepository

ADMIN = FirstAdmin(username="root", email="Root@Example.com", password="s3cret-password")


async def test_creates_the_admin_with_a_hashed_password() -> None:
    users, uow = FakeUserRepository(), FakeUnitOfWork()
    created = await EnsureFirstAdmin(users, FakePasswordHasher(), uow)(ADMIN)
    assert created and uow.committed
    (admin,) = users.rows.values()
    assert admin.role is Role.ADMIN
    assert admin.email == "root@example.com"
    assert admin.password_hash == "hashed:s3cret-password"


async def test_does_nothing_when_an_admin_exists() -> None:
    existing = User(
        username="boss", email="boss@example.com", password_hash="x", full_name="Boss", role=Role.ADMIN
    )
    users, uow = FakeUserRepository(existing), FakeUnitOfWork()
    assert not await EnsureFirstAdmin(users, FakePasswordHasher(), uow)(ADMIN)
    assert list(users.rows.values()) == [existing]
    assert not uow.committed


async def test_does_not_take_over_a_taken_username() -> None:
    taken = User(username="root", email="other@example.com", password_hash="x", full_name="Someone")
    users, uow = FakeUserRepository(taken), FakeUnitOfWork()
    assert not await EnsureFirstAdmin(users, FakePasswordHasher(), uow)(ADMIN)
    assert taken.role is Role.USER
    assert len(users.rows) == 1
