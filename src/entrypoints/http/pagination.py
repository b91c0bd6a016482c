"""`skip`/`limit` query parameters and the `X-Total-Count` header, the same on every list."""

from __future__ import annotations

from typing import Annotated, Final

from litestar.datastructures import ResponseHeader
from litestar.params import Parameter

from application.pagination import DEFAULT_LIMIT, MAX_LIMIT, PageRequest

TOTAL_COUNT_HEADER: Final = "X-Total-Count"

# Declared on list routes so that the OpenAPI document names the header.
TOTAL_COUNT_RESPONSE_HEADER: Final = ResponseHeader(
    name=TOTAL_COUNT_HEADER, description="Number of items across all pages", documentation_only=True
)


def provide_page_request(
    skip: Annotated[int, Parameter(ge=0, le=2_147_483_647, description="Items to skip")] = 0,
    limit: Annotated[int, Parameter(ge=1, le=MAX_LIMIT, description="Items to return")] = DEFAULT_LIMIT,
) -> PageRequest:
    """A Litestar dependency:

    `dependencies={"page": Provide(provide_page_request, sync_to_thread=False)}`.
    """
    return PageRequest(skip=skip, limit=limit)


def total_count_headers(total: int) -> dict[str, str]:
    return {TOTAL_COUNT_HEADER: str(total)}
