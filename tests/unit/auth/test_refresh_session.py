from __future__ import annotations

from datetime import timedelta

import pytest

from application.auth.session_tokens import refresh_token_hash
from domain.errors import Unauthenticated
from tests.unit.auth.harness import POLICY, Auth, a_user
from tests.unit.fakes import FakeUnitOfWork, FakeUserRepository


async def test_rotates_the_refresh_token_within_the_session() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    first = await auth.sign_in(user)
    auth.clock.advance(timedelta(hours=1))

    signed_in = await auth.refresh(first)

    assert signed_in.refresh_token != first
    assert signed_in.access.token == f"access:{user.id}:USER"
    old = auth.sessions.tokens[refresh_token_hash(first)]
    new = auth.sessions.tokens[refresh_token_hash(signed_in.refresh_token)]
    assert old.used_at == auth.clock.now()
    assert new.used_at is None
    assert new.session_id == old.session_id
    assert len(auth.sessions.sessions) == 1
    # The lifetime is absolute: rotating does not extend it.
    assert signed_in.refresh_expires_in == int((POLICY.session_lifetime - timedelta(hours=1)).total_seconds())
    assert auth.uow.committed


async def test_the_access_token_carries_the_current_role() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    token = await auth.sign_in(user)
    user.role = user.role.MODERATOR
    signed_in = await auth.refresh(token)
    assert signed_in.access.token.endswith(":MODERATOR")


async def test_a_reused_token_revokes_the_whole_session() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    first = await auth.sign_in(user)
    second = (await auth.refresh(first)).refresh_token
    auth.uow = FakeUnitOfWork()

    with pytest.raises(Unauthenticated):
        await auth.refresh(first)
    assert auth.uow.committed  # the revocation is kept although the request fails
    assert auth.sessions.live(auth.clock.now()) == []
    # The thief's copy and the owner's newer token are both dead now.
    with pytest.raises(Unauthenticated):
        await auth.refresh(second)


async def test_an_unknown_token_is_refused_and_changes_nothing() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    await auth.sign_in(user)
    with pytest.raises(Unauthenticated):
        await auth.refresh("made-up")
    assert len(auth.sessions.live(auth.clock.now())) == 1
    assert not auth.uow.committed


async def test_an_expired_session_is_refused() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    token = await auth.sign_in(user)
    auth.clock.advance(POLICY.session_lifetime)
    with pytest.raises(Unauthenticated):
        await auth.refresh(token)
    assert not auth.uow.committed


async def test_a_revoked_session_is_refused() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    token = await auth.sign_in(user)
    await auth.logout(token)
    with pytest.raises(Unauthenticated):
        await auth.refresh(token)


@pytest.mark.parametrize("change", ["deactivated", "deleted"])
async def test_a_deactivated_or_deleted_user_cannot_refresh(change: str) -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    token = await auth.sign_in(user)
    if change == "deactivated":
        user.is_active = False
    else:
        await auth.users.delete(user)
    with pytest.raises(Unauthenticated):
        await auth.refresh(token)
