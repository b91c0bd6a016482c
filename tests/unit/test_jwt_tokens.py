from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt
import pytest

from adapters.clock import SystemClock
from adapters.security.jwt_tokens import JwtTokenIssuer
from domain.errors import Unauthenticated
from domain.users import Role

KEY = "unit-test-secret-key-of-sufficient-length"


def _issuer(lifetime: timedelta = timedelta(minutes=5)) -> JwtTokenIssuer:
    return JwtTokenIssuer(
        secret_key=KEY,
        algorithm="HS256",
        issuer="iss",
        audience="aud",
        lifetime=lifetime,
        clock=SystemClock(),
    )


def _claims(**overrides: object) -> dict[str, object]:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "sub": str(uuid4()),
        "role": "ADMIN",
        "type": "access",
        "iss": "iss",
        "aud": "aud",
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "jti": "id",
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def test_issued_token_decodes_to_its_claims() -> None:
    user_id = uuid4()
    token = _issuer().issue_access(user_id, Role.MODERATOR)
    claims = _issuer().decode_access(token.token)
    assert (claims.user_id, claims.role) == (user_id, Role.MODERATOR)
    assert token.expires_in == 300
    payload = jwt.decode(token.token, KEY, algorithms=["HS256"], audience="aud")
    assert set(payload) == {"sub", "role", "type", "iss", "aud", "iat", "exp", "jti"}


@pytest.mark.parametrize(
    "token",
    [
        jwt.encode(_claims(type="refresh"), KEY, algorithm="HS256"),
        jwt.encode(_claims(aud="someone-else"), KEY, algorithm="HS256"),
        jwt.encode(_claims(iss="someone-else"), KEY, algorithm="HS256"),
        jwt.encode(_claims(exp=datetime.now(UTC) - timedelta(seconds=1)), KEY, algorithm="HS256"),
        jwt.encode(_claims(jti=None), KEY, algorithm="HS256"),
        jwt.encode(_claims(role="EMPEROR"), KEY, algorithm="HS256"),
        jwt.encode(_claims(sub="not-a-uuid"), KEY, algorithm="HS256"),
        jwt.encode(_claims(), "another-key-entirely-but-long-enough", algorithm="HS256"),
        jwt.encode(_claims(), KEY, algorithm="HS512"),
        jwt.encode(_claims(), "", algorithm="none"),
        "not.a.token",
        "",
    ],
    ids=[
        "refresh",
        "audience",
        "issuer",
        "expired",
        "no-jti",
        "bad-role",
        "bad-sub",
        "forged",
        "hs512",
        "none",
        "junk",
        "empty",
    ],
)
def test_anything_but_a_valid_access_token_is_refused(token: str) -> None:
    with pytest.raises(Unauthenticated):
        _issuer().decode_access(token)
