"""Helpers shared by the wire types of the content routes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Final, TypeVar

import msgspec
from litestar.openapi.spec import OpenAPIMediaType, Operation, Reference, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIType
from litestar.params import Parameter

from domain.courses import FIRST_ORDER, ORDER_MAX
from domain.errors import FieldProblem, InvalidInput

# A bulk request holds at most this many items: large enough for a whole course at once.
BULK_MAX_ITEMS: Final = 1000
# Integer ids and orders are PostgreSQL `integer`s: anything larger is bad input, not a 500.
INT_MAX: Final = 2_147_483_647

Order = Annotated[int, msgspec.Meta(ge=FIRST_ORDER, le=ORDER_MAX)]
RowId = Annotated[int, msgspec.Meta(ge=1, le=INT_MAX)]
PathId = Annotated[int, Parameter(ge=1, le=INT_MAX)]
# PostgreSQL text cannot hold NUL characters: they are bad input, not a database failure.
NO_NUL: Final = r"^[^\x00]*$"
Text = Annotated[str, msgspec.Meta(pattern=NO_NUL)]

T = TypeVar("T")


def set_fields(update: msgspec.Struct) -> dict[str, Any]:
    """The fields a partial update sets: those the client sent, `null` included."""
    return {
        name: value
        for name in update.__struct_fields__
        if (value := getattr(update, name)) is not msgspec.UNSET
    }


class Reorder(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Every child of the parent, each once, in the new order."""

    ids: Annotated[list[RowId], msgspec.Meta(max_length=10_000)]


_FIELD_IN_MESSAGE: Final = re.compile(r"(?:missing required|unknown) field `([^`]+)`")


def body_problem(error: msgspec.ValidationError, root: str) -> tuple[str, str]:
    """The field a decoding problem is about (`items[3].title`; `root` for the whole body) and what it is."""
    message, _, at = str(error).partition(" - at `")
    field = at.rstrip("`").replace("$", root, 1) if at else root
    if (named := _FIELD_IN_MESSAGE.search(message)) is not None:
        field = f"{field}.{named.group(1)}"
    return field, message


def decode_bulk(body: bytes, item_type: type[T]) -> list[T]:
    """A bulk body: a JSON array of 1..BULK_MAX_ITEMS items. Problems are named by item
    index (`items[3].title`), which the framework's own decoding leaves out."""
    list_type: Any = Annotated[list[item_type], msgspec.Meta(min_length=1, max_length=BULK_MAX_ITEMS)]  # type: ignore[valid-type]
    try:
        items: list[T] = msgspec.json.decode(body, type=list_type)
    except msgspec.ValidationError as error:
        field, message = body_problem(error, "items")
        raise InvalidInput(f"{field}: {message}", (FieldProblem(field, message),)) from error
    except msgspec.DecodeError as error:
        raise InvalidInput.for_field("body", "is not valid JSON") from error
    return items


def bulk_operation(item_schema: str) -> type[Operation]:
    """The OpenAPI operation of a bulk route, whose body the handler decodes itself."""

    @dataclass
    class BulkOperation(Operation):
        def __post_init__(self) -> None:
            self.request_body = RequestBody(
                required=True,
                content={
                    "application/json": OpenAPIMediaType(
                        schema=Schema(
                            type=OpenAPIType.ARRAY,
                            items=Reference(f"#/components/schemas/{item_schema}"),
                            min_items=1,
                            max_items=BULK_MAX_ITEMS,
                        )
                    )
                },
            )

    return BulkOperation
