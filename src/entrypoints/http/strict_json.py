"""JSON bodies decoded strictly into the route's wire type.

Litestar decodes a JSON body to plain values and then converts them leniently, so `0`
passed for a boolean or `"5"` for an integer would be accepted. The contract's wire
types are exact: a body is decoded straight into the handler's `data` type with
msgspec's strict rules, and a value of the wrong type is a 422.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException

from entrypoints.http.wire import body_problem


class StrictJsonRequest(Request[Any, Any, Any]):
    async def json(self) -> Any:
        data_field = self.route_handler.parsed_data_field
        if data_field is None or data_field.annotation is bytes:
            return await super().json()
        body = await self.body()
        try:
            return msgspec.json.decode(body or b"null", type=data_field.annotation)
        except msgspec.ValidationError as error:
            field, message = body_problem(error, "body")
            raise ValidationException(
                "Request validation failed",
                extra=[{"key": field.removeprefix("body."), "message": message}],
            ) from None
        except msgspec.DecodeError:
            raise ValidationException(
                "Request validation failed", extra=[{"key": "body", "message": "is not valid JSON"}]
            ) from None
