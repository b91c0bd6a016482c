from __future__ import annotations

import pytest

from application.auth.reset_password import PasswordReset
from application.auth.session_tokens import refresh_token_hash
from domain.errors import Forbidden, TooManyAttempts, Unauthenticated
from tests.unit.auth.harness import PASSWORD, POLICY, Auth, a_user
from tests.unit.fakes import FakeUserRepository

NEW_PASSWORD = "a-new-password"


async def test_sets_the_new_password_and_signs_out_every_other_session() -> None:
    user, someone = a_user(), a_user("bilal")
    auth = Auth(users=FakeUserRepository(user, someone))
    mine = await auth.sign_in(user)
    await auth.sign_in(user)
    await auth.sign_in(someone)

    await auth.reset_password(PasswordReset(user.id, "ayesha", PASSWORD, NEW_PASSWORD, refresh_token=mine))

    assert await auth.hasher.verify(user.password_hash, NEW_PASSWORD)
    assert auth.uow.committed
    live = auth.sessions.live(auth.clock.now())
    kept = auth.sessions.tokens[refresh_token_hash(mine)].session_id
    assert sorted(s.user_id == user.id and s.id == kept for s in live) == [False, True]
    assert {s.user_id for s in live} == {user.id, someone.id}


async def test_without_a_cookie_every_session_of_the_user_ends() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    await auth.sign_in(user)
    await auth.reset_password(PasswordReset(user.id, "ayesha@EXAMPLE.com", PASSWORD, NEW_PASSWORD))
    assert auth.sessions.live(auth.clock.now()) == []


async def test_another_users_cookie_keeps_nothing() -> None:
    user, someone = a_user(), a_user("bilal")
    auth = Auth(users=FakeUserRepository(user, someone))
    await auth.sign_in(user)
    theirs = await auth.sign_in(someone)
    await auth.reset_password(PasswordReset(user.id, "ayesha", PASSWORD, NEW_PASSWORD, refresh_token=theirs))
    assert [s.user_id for s in auth.sessions.live(auth.clock.now())] == [someone.id]


async def test_a_wrong_current_password_changes_nothing() -> None:
    user = a_user()
    old_hash = user.password_hash
    auth = Auth(users=FakeUserRepository(user))
    await auth.sign_in(user)
    with pytest.raises(Unauthenticated):
        await auth.reset_password(PasswordReset(user.id, "ayesha", "not-my-password", NEW_PASSWORD))
    assert user.password_hash == old_hash
    assert len(auth.sessions.live(auth.clock.now())) == 1
    # Only the failure is kept: it counts like a failed sign-in.
    assert auth.throttle.counters["account:ayesha"].failures == 1
    assert auth.uow.committed


async def test_guessing_the_current_password_is_throttled() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    for _ in range(POLICY.max_failures_per_account):
        with pytest.raises(Unauthenticated):
            await auth.reset_password(PasswordReset(user.id, "ayesha", "a-guess", NEW_PASSWORD))
    with pytest.raises(TooManyAttempts):
        await auth.reset_password(PasswordReset(user.id, "ayesha", PASSWORD, NEW_PASSWORD))
    assert await auth.hasher.verify(user.password_hash, PASSWORD)


async def test_another_username_is_forbidden() -> None:
    user, someone = a_user(), a_user("bilal")
    auth = Auth(users=FakeUserRepository(user, someone))
    with pytest.raises(Forbidden):
        await auth.reset_password(PasswordReset(user.id, "bilal", PASSWORD, NEW_PASSWORD))
    assert await auth.hasher.verify(someone.password_hash, PASSWORD)
    assert not auth.uow.committed
