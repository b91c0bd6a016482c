"""The argon2 adapter's stand-in verification for sign-ins that name no user."""

from __future__ import annotations

from adapters.security.argon2_hasher import Argon2PasswordHasher


async def test_the_argon2_hasher_spends_a_real_verification_on_unknown_users() -> None:
    hasher = Argon2PasswordHasher(time_cost=1, memory_cost_kib=8192)
    try:
        await hasher.verify_unknown("a-guess")
        await hasher.verify_unknown("another-guess")
        # One stand-in hash, made with the hasher's own parameters and kept for later calls.
        stand_in = hasher._unknown_user_hash
        assert stand_in is not None
        assert stand_in.startswith("$argon2id$v=19$m=8192,t=1,p=1$")
        await hasher.verify_unknown("a-third-guess")
        assert hasher._unknown_user_hash == stand_in
    finally:
        await hasher.close()
