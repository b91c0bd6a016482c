"""The one mapping from every error to the contract's error shape.

`{"status_code": int, "detail": str, "errors": [{"field", "message"}]}`, with `errors`
only where there is something to say per field.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Any, Final

import asyncpg
import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_502_BAD_GATEWAY,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError

from adapters.persistence.database import DATABASE_UNAVAILABLE
from domain.errors import (
    Conflict,
    DomainError,
    FieldProblem,
    Forbidden,
    InvalidInput,
    NotFound,
    PayloadTooLarge,
    ServiceNotConfigured,
    TooManyAttempts,
    Unauthenticated,
    UnsupportedMediaType,
    UpstreamFailed,
    UpstreamUnavailable,
)

logger = logging.getLogger(__name__)


class ErrorItem(msgspec.Struct, kw_only=True):
    field: str
    message: str


class ErrorBody(msgspec.Struct, kw_only=True, omit_defaults=True):
    status_code: int
    detail: str
    errors: list[ErrorItem] | None = None


def error_response(
    status_code: int,
    detail: str,
    errors: list[ErrorItem] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response[ErrorBody]:
    return Response(
        ErrorBody(status_code=status_code, detail=detail, errors=errors or None),
        status_code=status_code,
        headers=dict(headers or {}),
        media_type="application/json",
    )


_DOMAIN_STATUS: Final[dict[type[DomainError], int]] = {
    NotFound: HTTP_404_NOT_FOUND,
    Conflict: HTTP_409_CONFLICT,
    Unauthenticated: HTTP_401_UNAUTHORIZED,
    Forbidden: HTTP_403_FORBIDDEN,
    InvalidInput: HTTP_422_UNPROCESSABLE_ENTITY,
    PayloadTooLarge: HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    UnsupportedMediaType: HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    TooManyAttempts: HTTP_429_TOO_MANY_REQUESTS,
    UpstreamUnavailable: HTTP_503_SERVICE_UNAVAILABLE,
    UpstreamFailed: HTTP_502_BAD_GATEWAY,
    ServiceNotConfigured: HTTP_503_SERVICE_UNAVAILABLE,
}


def _problems(problems: tuple[FieldProblem, ...]) -> list[ErrorItem]:
    return [ErrorItem(field=p.field, message=p.message) for p in problems]


def domain_error_handler(_: Request[Any, Any, Any], exc: DomainError) -> Response[ErrorBody]:
    status = next(
        (_DOMAIN_STATUS[kind] for kind in type(exc).__mro__ if kind in _DOMAIN_STATUS),
        HTTP_500_INTERNAL_SERVER_ERROR,
    )
    headers: dict[str, str] = {}
    if isinstance(exc, TooManyAttempts):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, UpstreamUnavailable) and exc.retry_after is not None:
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, Unauthenticated):
        headers["WWW-Authenticate"] = "Bearer"
    errors = _problems(exc.problems) if isinstance(exc, InvalidInput) else None
    return error_response(status, exc.detail, errors, headers)


def validation_error_handler(_: Request[Any, Any, Any], exc: ValidationException) -> Response[ErrorBody]:
    errors = [
        ErrorItem(
            field=str(item.get("key") or item.get("source") or "body"), message=str(item.get("message"))
        )
        for item in (exc.extra if isinstance(exc.extra, list) else [])
        if isinstance(item, dict)
    ]
    if not errors and (missing := _MISSING_PARAMETER.match(exc.detail)):
        kind, name = missing.groups()
        errors = [ErrorItem(field=name, message=f"Missing required {kind} parameter")]
    return error_response(HTTP_422_UNPROCESSABLE_ENTITY, "Request validation failed", errors)


# Litestar names a missing parameter only in its message.
_MISSING_PARAMETER: Final = re.compile(r"Missing required (\w+) parameter '([^']+)'")


def http_error_handler(_: Request[Any, Any, Any], exc: HTTPException) -> Response[ErrorBody]:
    # Litestar answers malformed bodies and parameters with 400; the contract says 422.
    status = HTTP_422_UNPROCESSABLE_ENTITY if exc.status_code == HTTP_400_BAD_REQUEST else exc.status_code
    return error_response(status, exc.detail, headers=exc.headers)


_SQLSTATE_UNIQUE: Final = "23505"
_SQLSTATE_CLASS_DATA_EXCEPTION: Final = "22"
_SQLSTATE_FOREIGN_KEY: Final = "23503"
# Connection exceptions, insufficient resources (too many connections), and the server
# shutting down or starting up: the database is away for now, not the request at fault.
_SQLSTATE_CLASSES_UNAVAILABLE: Final = frozenset({"08", "53", "57"})


def integrity_error_handler(_: Request[Any, Any, Any], exc: IntegrityError) -> Response[ErrorBody]:
    """A constraint the use case did not catch itself: a race with another request."""
    sqlstate = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if sqlstate in (_SQLSTATE_UNIQUE, _SQLSTATE_FOREIGN_KEY):
        return error_response(HTTP_409_CONFLICT, "The change conflicts with existing data")
    return error_response(HTTP_422_UNPROCESSABLE_ENTITY, "The change breaks a data rule")


def database_unavailable_handler(_: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    logger.warning("database unavailable: %s", type(exc).__name__)
    return error_response(HTTP_503_SERVICE_UNAVAILABLE, "Database unavailable", headers={"Retry-After": "1"})


def redis_unavailable_handler(_: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    """Redis (sign-in counters, the job queue) is down or unreachable: worth retrying soon."""
    logger.warning("redis unavailable: %s", type(exc).__name__)
    return error_response(HTTP_503_SERVICE_UNAVAILABLE, "Redis unavailable", headers={"Retry-After": "1"})


def _sqlstate(exc: BaseException) -> str | None:
    return getattr(exc, "sqlstate", None) or getattr(getattr(exc, "orig", None), "sqlstate", None)


def database_error_handler(request: Request[Any, Any, Any], exc: DBAPIError) -> Response[ErrorBody]:
    if (
        exc.connection_invalidated
        or isinstance(exc, (OperationalError, InterfaceError))
        or (_sqlstate(exc) or "")[:2] in _SQLSTATE_CLASSES_UNAVAILABLE
    ):
        return database_unavailable_handler(request, exc)
    if (_sqlstate(exc) or "").startswith(_SQLSTATE_CLASS_DATA_EXCEPTION):
        return data_error_handler(request, exc)
    return unexpected_error_handler(request, exc)


def data_error_handler(_: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    """A value the database cannot store, such as a NUL character in text."""
    logger.info("value refused by the database", extra={"sqlstate": _sqlstate(exc)})
    return error_response(
        HTTP_422_UNPROCESSABLE_ENTITY, "A value cannot be stored (for example a NUL character)"
    )


def unexpected_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    logger.error(
        "unhandled error on %s %s",
        request.method,
        request.url.path,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    return error_response(HTTP_500_INTERNAL_SERVER_ERROR, "Internal server error")


ExceptionHandler = Callable[[Request[Any, Any, Any], Any], Response[ErrorBody]]

EXCEPTION_HANDLERS: Final[dict[type[Exception] | int, ExceptionHandler]] = {
    DomainError: domain_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_error_handler,
    IntegrityError: integrity_error_handler,
    DBAPIError: database_error_handler,
    asyncpg.DataError: data_error_handler,
    **dict.fromkeys(DATABASE_UNAVAILABLE, database_unavailable_handler),
    Exception: unexpected_error_handler,
}


def exception_handlers(*, with_redis: bool) -> dict[type[Exception] | int, ExceptionHandler]:
    """The handlers of the app; Redis's errors only where Redis is used, so that a service
    without it never loads the client."""
    if not with_redis:
        return EXCEPTION_HANDLERS
    from redis.exceptions import RedisError

    return {**EXCEPTION_HANDLERS, RedisError: redis_unavailable_handler}
