from __future__ import annotations

from application.auth.session_tokens import refresh_token_hash
from tests.unit.auth.harness import Auth, a_user
from tests.unit.fakes import FakeUserRepository


async def test_revokes_the_session_of_the_token() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    mine = await auth.sign_in(user)
    other = await auth.sign_in(user)

    await auth.logout(mine)

    assert auth.uow.committed
    live = auth.sessions.live(auth.clock.now())
    assert [s.id for s in live] == [auth.sessions.tokens[refresh_token_hash(other)].session_id]


async def test_a_missing_or_unknown_token_changes_nothing() -> None:
    user = a_user()
    auth = Auth(users=FakeUserRepository(user))
    await auth.sign_in(user)
    await auth.logout(None)
    await auth.logout("")
    await auth.logout("made-up")
    assert not auth.uow.committed
    assert len(auth.sessions.live(auth.clock.now())) == 1
