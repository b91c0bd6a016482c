"""Sign-in: /api/v1/auth. The refresh token travels only in an HttpOnly cookie."""

from __future__ import annotations

from typing import Annotated, Any, Final

from dishka import FromDishka
from litestar import Controller, Request, Response, get, patch, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.params import Body, CookieParameter
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from adapters.settings import Settings
from application.auth.login import Credentials, Login
from application.auth.logout import Logout
from application.auth.refresh_session import RefreshSession
from application.auth.reset_password import PasswordReset, ResetPassword
from application.auth.session_tokens import SignedIn
from domain.errors import Unauthenticated
from entrypoints.http.auth_wire import LoginForm, MessageOut, ResetPasswordForm, TokenOut
from entrypoints.http.guards import BEARER_SECURITY, authenticated_caller, requires_user
from entrypoints.http.openapi import NoContentOperation, error_responses
from entrypoints.http.users_wire import UserOut

REFRESH_COOKIE: Final = "refresh_token"
# Fixed by the contract: the browser sends the cookie to the auth routes only.
REFRESH_COOKIE_PATH: Final = "/api/v1/auth"

FormBody = Body(media_type=RequestEncodingType.URL_ENCODED)
# Any value is accepted: one that is not a live token is simply no session.
RefreshCookie = Annotated[str | None, CookieParameter(name=REFRESH_COOKIE, required=False)]


def _client_address(request: Request[Any, Any, Any]) -> str | None:
    # The peer address; uvicorn has replaced it with X-Forwarded-For's only for proxies
    # listed in FORWARDED_ALLOW_IPS.
    return request.client.host if request.client else None


def _refresh_cookie(value: str, max_age: int, settings: Settings) -> Cookie:
    return Cookie(
        key=REFRESH_COOKIE,
        value=value,
        max_age=max_age,
        path=REFRESH_COOKIE_PATH,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="strict",
    )


def _signed_in(signed_in: SignedIn, settings: Settings) -> Response[TokenOut]:
    return Response(
        TokenOut(access_token=signed_in.access.token, expires_in=signed_in.access.expires_in),
        cookies=[_refresh_cookie(signed_in.refresh_token, signed_in.refresh_expires_in, settings)],
        headers={"Cache-Control": "no-store"},
    )


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @post(
        "/login",
        summary="Sign in with a username or e-mail address and a password",
        description="Answers an access token and sets the `refresh_token` cookie.",
        status_code=HTTP_200_OK,
        responses=error_responses(401, 429),
    )
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[LoginForm, FormBody],
        login: FromDishka[Login],
        settings: FromDishka[Settings],
    ) -> Response[TokenOut]:
        credentials = Credentials(
            login=data.username, password=data.password, client_address=_client_address(request)
        )
        return _signed_in(await login(credentials), settings)

    @post(
        "/refresh",
        summary="Trade the refresh cookie for a new access token; the cookie is replaced",
        status_code=HTTP_200_OK,
        responses=error_responses(401),
    )
    async def refresh(
        self,
        refresh_token: RefreshCookie,
        refresh: FromDishka[RefreshSession],
        settings: FromDishka[Settings],
    ) -> Response[TokenOut]:
        if not refresh_token:
            raise Unauthenticated("No session")
        return _signed_in(await refresh(refresh_token), settings)

    @post(
        "/logout",
        summary="End the session of the refresh cookie and clear the cookie",
        status_code=HTTP_204_NO_CONTENT,
        responses=error_responses(),
        operation_class=NoContentOperation,
    )
    async def logout(
        self, refresh_token: RefreshCookie, logout: FromDishka[Logout], settings: FromDishka[Settings]
    ) -> Response[None]:
        await logout(refresh_token)
        return Response(None, status_code=HTTP_204_NO_CONTENT, cookies=[_refresh_cookie("", 0, settings)])

    @patch(
        "/reset-password",
        summary="Change your own password",
        description="Every other session of the user is signed out; the caller's stays.",
        guards=[requires_user],
        security=BEARER_SECURITY,
        responses=error_responses(401, 403, 429),
    )
    async def reset_password(
        self,
        request: Request[Any, Any, Any],
        data: Annotated[ResetPasswordForm, FormBody],
        refresh_token: RefreshCookie,
        reset_password: FromDishka[ResetPassword],
    ) -> MessageOut:
        caller = await authenticated_caller(request)
        await reset_password(
            PasswordReset(
                user_id=caller.id,
                username=data.username,
                current_password=data.current_password,
                new_password=data.password,
                refresh_token=refresh_token,
                client_address=_client_address(request),
            )
        )
        return MessageOut(message="Password updated")

    @get(
        "/me",
        summary="The signed-in user",
        guards=[requires_user],
        security=BEARER_SECURITY,
        responses=error_responses(401),
    )
    async def me(self, request: Request[Any, Any, Any]) -> UserOut:
        return UserOut.of(await authenticated_caller(request))
