from __future__ import annotations

from datetime import timedelta

import pytest

from application.auth.login import BAD_CREDENTIALS, Credentials
from application.auth.session_tokens import refresh_token_hash
from domain.errors import TooManyAttempts, Unauthenticated
from tests.unit.auth.fakes import FakeTokenIssuer
from tests.unit.auth.harness import PASSWORD, POLICY, Auth, a_user
from tests.unit.fakes import FakePasswordHasher, FakeUserRepository


async def test_opens_a_session_with_an_access_token_and_a_hashed_refresh_token() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    signed_in = await auth.login(Credentials("ayesha", PASSWORD, "10.0.0.1"))

    assert signed_in.access.token == f"access:{user.id}:USER"
    assert signed_in.access.expires_in == FakeTokenIssuer.EXPIRES_IN
    (session,) = auth.sessions.sessions.values()
    assert session.user_id == user.id
    assert session.expires_at == auth.clock.now() + POLICY.session_lifetime
    assert signed_in.refresh_expires_in == int(POLICY.session_lifetime.total_seconds())
    (stored,) = auth.sessions.tokens.values()
    assert stored.token_hash == refresh_token_hash(signed_in.refresh_token) != signed_in.refresh_token
    assert stored.session_id == session.id
    assert stored.used_at is None
    assert auth.uow.committed


async def test_accepts_the_email_address_in_any_case() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    signed_in = await auth.login(Credentials("AYESHA@Example.COM", PASSWORD))
    assert signed_in.access.token.startswith(f"access:{user.id}")


@pytest.mark.parametrize(
    ("login", "password", "active", "account"),
    [
        ("ayesha", "wrong-password", True, "ayesha"),
        ("Ayesha@Example.com", "wrong-password", True, "ayesha"),
        ("Nobody", PASSWORD, True, "nobody"),
        ("ayesha", PASSWORD, False, "ayesha"),
    ],
    ids=["wrong-password", "by-email", "unknown-user", "deactivated"],
)
async def test_every_refusal_looks_alike_and_is_counted(
    login: str, password: str, active: bool, account: str
) -> None:
    auth = Auth(users=FakeUserRepository(a_user(is_active=active)))
    with pytest.raises(Unauthenticated) as refused:
        await auth.login(Credentials(login, password, "10.0.0.1"))
    assert refused.value.detail == BAD_CREDENTIALS
    assert auth.sessions.sessions == {}
    # A known user's failures count against the username, whichever name was given.
    assert {k: c.failures for k, c in auth.throttle.counters.items()} == {
        f"account:{account}": 1,
        "address:10.0.0.1": 1,
    }
    assert auth.uow.committed  # the failure counts even though the request fails


async def test_an_unknown_user_costs_a_password_verification_too() -> None:
    auth = Auth()
    with pytest.raises(Unauthenticated):
        await auth.login(Credentials("nobody", PASSWORD))
    assert auth.hasher.unknown_verifications == 1


async def test_the_account_locks_after_its_limit_even_for_the_right_password() -> None:
    auth = Auth(users=FakeUserRepository(a_user()))
    for _ in range(POLICY.max_failures_per_account):
        with pytest.raises(Unauthenticated):
            await auth.login(Credentials("ayesha@example.com", "wrong-password", "10.0.0.1"))
    auth.clock.advance(timedelta(minutes=5))
    with pytest.raises(TooManyAttempts) as locked:
        await auth.login(Credentials("ayesha", PASSWORD, "10.0.0.2"))
    assert locked.value.retry_after == 10 * 60
    assert auth.sessions.sessions == {}

    auth.clock.advance(timedelta(minutes=10))
    await auth.login(Credentials("ayesha", PASSWORD, "10.0.0.2"))
    assert len(auth.sessions.sessions) == 1


async def test_the_client_address_locks_after_its_limit_across_accounts() -> None:
    auth = Auth(users=FakeUserRepository(a_user()))
    for i in range(POLICY.max_failures_per_address):
        with pytest.raises(Unauthenticated):
            await auth.login(Credentials(f"guess-{i}", PASSWORD, "10.0.0.9"))
    with pytest.raises(TooManyAttempts):
        await auth.login(Credentials("ayesha", PASSWORD, "10.0.0.9"))
    # Another address is not affected.
    await auth.login(Credentials("ayesha", PASSWORD, "10.0.0.1"))


async def test_a_success_clears_the_account_counter_but_not_the_address_counter() -> None:
    auth = Auth(users=FakeUserRepository(a_user()))
    for _ in range(POLICY.max_failures_per_account - 1):
        with pytest.raises(Unauthenticated):
            await auth.login(Credentials("ayesha", "wrong-password", "10.0.0.1"))
    await auth.login(Credentials("ayesha", PASSWORD, "10.0.0.1"))
    assert "account:ayesha" not in auth.throttle.counters
    assert auth.throttle.counters["address:10.0.0.1"].failures == POLICY.max_failures_per_account - 1
    with pytest.raises(Unauthenticated):
        await auth.login(Credentials("ayesha", "wrong-password", "10.0.0.1"))
    assert auth.throttle.counters["account:ayesha"].failures == 1


class UpgradedHasher(FakePasswordHasher):
    """Hashes with new parameters ("v2:") and still verifies the old ones."""

    async def hash(self, password: str) -> str:
        return "v2:" + password

    async def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == "v2:" + password or await super().verify(password_hash, password)


async def test_an_outdated_hash_is_replaced_on_login() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user), hasher=UpgradedHasher(outdated={user.password_hash}))
    await auth.login(Credentials("ayesha", PASSWORD))
    assert user.password_hash == "v2:" + PASSWORD
    assert auth.uow.committed


async def test_a_current_hash_is_kept() -> None:
    user = a_user()
    old_hash = user.password_hash
    auth = Auth(users=FakeUserRepository(user), hasher=UpgradedHasher())
    await auth.login(Credentials("ayesha", PASSWORD))
    assert user.password_hash == old_hash


async def test_signing_in_clears_out_the_users_ended_sessions() -> None:
    user, someone = a_user(), a_user("bilal")
    auth = Auth(users=FakeUserRepository(user, someone))
    await auth.sign_in(user)
    await auth.sign_in(someone)
    auth.clock.advance(POLICY.session_lifetime)
    await auth.sign_in(user)
    assert sorted(s.user_id == user.id for s in auth.sessions.sessions.values()) == [False, True]
    assert len(auth.sessions.tokens) == 2
