from __future__ import annotations

from uuid import uuid4

import pytest

from application.pagination import PageRequest
from application.users.create_user import CreateUser, NewUser
from application.users.delete_user import DeleteUser
from application.users.get_user import GetUser
from application.users.list_users import ListUsers
from application.users.update_user import UpdateUser, UserChanges
from domain.errors import Conflict, NotFound
from domain.users import Gender, Role, User
from tests.unit.auth.fakes import FakeSessionRepository
from tests.unit.auth.harness import Auth, a_user
from tests.unit.fakes import FakePasswordHasher, FakeUnitOfWork, FakeUserRepository, FixedClock

NEW = NewUser(username="Zara", email="Zara@Example.com", password="zara-password", full_name="Zara Khan")


def update_user(users: FakeUserRepository, sessions: FakeSessionRepository | None = None) -> UpdateUser:
    return UpdateUser(
        users, FakePasswordHasher(), sessions or FakeSessionRepository(), FixedClock(), FakeUnitOfWork()
    )


async def test_list_gives_one_window_and_the_total() -> None:
    users = FakeUserRepository(*(a_user(f"user{i}") for i in range(5)))
    page = await ListUsers(users)(PageRequest(skip=1, limit=2))
    assert [u.username for u in page.items] == ["user1", "user2"]
    assert page.total == 5


async def test_get_an_unknown_user_is_not_found() -> None:
    with pytest.raises(NotFound):
        await GetUser(FakeUserRepository(a_user()))(uuid4())


async def test_create_hashes_the_password_and_lower_cases_the_email() -> None:
    users, uow = FakeUserRepository(), FakeUnitOfWork()
    created = await CreateUser(users, FakePasswordHasher(), uow)(NEW)
    assert users.rows[created.id] is created
    assert created.password_hash == "hashed:zara-password"
    assert created.email == "zara@example.com"
    assert (created.role, created.is_active) == (Role.USER, True)
    assert uow.committed


@pytest.mark.parametrize(
    "existing",
    [a_user("zara", email="other@example.com"), a_user("other", email="zara@example.com")],
    ids=["username", "email"],
)
async def test_create_refuses_a_taken_username_or_email_in_any_case(existing: User) -> None:
    users, uow = FakeUserRepository(existing), FakeUnitOfWork()
    with pytest.raises(Conflict):
        await CreateUser(users, FakePasswordHasher(), uow)(NEW)
    assert len(users.rows) == 1
    assert not uow.committed


async def test_update_changes_only_the_given_fields() -> None:
    user = a_user(contact="0300-1234567", gender=Gender.FEMALE)
    users = FakeUserRepository(user)
    updated = await update_user(users)(user.id, UserChanges(full_name="Ayesha Malik", contact=None))
    assert (updated.full_name, updated.contact) == ("Ayesha Malik", None)
    assert (updated.username, updated.email, updated.gender) == (
        "ayesha",
        "ayesha@example.com",
        Gender.FEMALE,
    )


async def test_update_may_keep_its_own_email_but_not_take_another() -> None:
    user, other = a_user(), a_user("bilal")
    users = FakeUserRepository(user, other)
    await update_user(users)(user.id, UserChanges(email="AYESHA@example.com"))
    with pytest.raises(Conflict):
        await update_user(users)(user.id, UserChanges(email="Bilal@example.com"))
    with pytest.raises(Conflict):
        await update_user(users)(user.id, UserChanges(username="BILAL"))
    assert (user.username, user.email) == ("ayesha", "ayesha@example.com")


async def test_update_of_an_unknown_user_is_not_found() -> None:
    with pytest.raises(NotFound):
        await update_user(FakeUserRepository())(uuid4(), UserChanges(full_name="Nobody"))


@pytest.mark.parametrize(
    "changes", [UserChanges(role=Role.USER), UserChanges(is_active=False)], ids=["demote", "deactivate"]
)
async def test_the_last_active_admin_stays(changes: UserChanges) -> None:
    admin = a_user("boss", Role.ADMIN)
    inactive_admin = a_user("former", Role.ADMIN, is_active=False)
    users = FakeUserRepository(admin, inactive_admin)
    with pytest.raises(Conflict):
        await update_user(users)(admin.id, changes)
    assert (admin.role, admin.is_active) == (Role.ADMIN, True)

    second = a_user("deputy", Role.ADMIN)
    await users.add(second)
    await update_user(users)(admin.id, changes)
    assert (admin.role, admin.is_active) != (Role.ADMIN, True)


async def test_a_new_password_signs_the_user_out_everywhere() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    await auth.sign_in(user)
    await auth.sign_in(user)
    await update_user(auth.users, auth.sessions)(user.id, UserChanges(password="brand-new-password"))
    assert user.password_hash == "hashed:brand-new-password"
    assert auth.sessions.live(auth.clock.now()) == []


async def test_deactivation_signs_the_user_out_and_other_changes_do_not() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    await auth.sign_in(user)
    await update_user(auth.users, auth.sessions)(user.id, UserChanges(role=Role.MODERATOR))
    assert len(auth.sessions.live(auth.clock.now())) == 1
    await update_user(auth.users, auth.sessions)(user.id, UserChanges(is_active=False))
    assert auth.sessions.live(auth.clock.now()) == []


async def test_delete_removes_the_user() -> None:
    user = a_user()
    users, uow = FakeUserRepository(user, a_user("boss", Role.ADMIN)), FakeUnitOfWork()
    await DeleteUser(users, uow)(user.id)
    assert user.id not in users.rows
    assert uow.committed


async def test_delete_refuses_the_last_admin_and_unknown_users() -> None:
    admin = a_user("boss", Role.ADMIN)
    users, uow = FakeUserRepository(admin), FakeUnitOfWork()
    with pytest.raises(Conflict):
        await DeleteUser(users, uow)(admin.id)
    with pytest.raises(NotFound):
        await DeleteUser(users, uow)(uuid4())
    assert admin.id in users.rows
    assert not uow.committed
