"""OpenAPI declarations shared by the controllers: every error a route can answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example, OpenAPIResponse, Operation

from entrypoints.http.errors import ErrorBody

_DESCRIPTIONS: Final = {
    401: "Missing, invalid or expired access token",
    403: "The caller's role may not do this",
    404: "No such resource, or not visible to the caller",
    409: "Conflicts with existing data",
    413: "Request body too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many attempts",
    502: "An upstream service failed",
    503: "A service the request needs is unavailable",
}

# Every route may meet bad input and an unavailable database.
ALWAYS: Final = (422, 503)
ADMIN: Final = (401, 403)


def error_responses(*codes: int) -> dict[int, ResponseSpec]:
    """Response declarations for the given error codes, in the contract's error shape."""
    return {
        code: ResponseSpec(
            data_container=ErrorBody,
            description=_DESCRIPTIONS[code],
            examples=[Example(value={"status_code": code, "detail": _DESCRIPTIONS[code]})],
        )
        for code in sorted({*ALWAYS, *codes})
    }


@dataclass
class NoContentOperation(Operation):
    """A 204 route that returns a `Response[None]` (to set a cookie) still has no body."""

    def __post_init__(self) -> None:
        if self.responses and isinstance(no_content := self.responses.get("204"), OpenAPIResponse):
            no_content.content = None
