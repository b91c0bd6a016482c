"""Wire types of sign-in: OAuth2 password forms in, bearer tokens out."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain import users
from entrypoints.http.users_wire import NO_NUL_PATTERN, Password

# Any password up to the maximum is checked (and counted as a failure when wrong); only
# a new password must meet the minimum length.
GivenPassword = Annotated[str, msgspec.Meta(min_length=1, max_length=users.PASSWORD_MAX)]
LoginName = Annotated[str, msgspec.Meta(min_length=1, max_length=users.EMAIL_MAX, pattern=NO_NUL_PATTERN)]


class LoginForm(msgspec.Struct, kw_only=True):
    """An OAuth2 password form. Its other fields (grant_type, scope, client_id) are ignored."""

    username: LoginName
    password: GivenPassword


class ResetPasswordForm(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    username: LoginName
    password: Password
    current_password: GivenPassword


class TokenOut(msgspec.Struct, kw_only=True):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int  # seconds


class MessageOut(msgspec.Struct, kw_only=True):
    message: str
