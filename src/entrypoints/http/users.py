"""Users admin: /api/v1/users, ADMIN only."""

from __future__ import annotations

from uuid import UUID

import msgspec
from dishka import FromDishka
from litestar import Controller, Response, delete, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_204_NO_CONTENT

from application.pagination import PageRequest
from application.users.create_user import CreateUser, NewUser
from application.users.delete_user import DeleteUser
from application.users.get_user import GetUser
from application.users.list_users import ListUsers
from application.users.update_user import KEEP, UpdateUser, UserChanges
from entrypoints.http.guards import BEARER_SECURITY, requires_admin
from entrypoints.http.openapi import error_responses
from entrypoints.http.pagination import (
    TOTAL_COUNT_RESPONSE_HEADER,
    provide_page_request,
    total_count_headers,
)
from entrypoints.http.users_wire import UserCreate, UserOut, UserUpdate


def _changes(data: UserUpdate) -> UserChanges:
    given = {
        name: value for name, value in msgspec.structs.asdict(data).items() if value is not msgspec.UNSET
    }
    return UserChanges(**{name: given.get(name, KEEP) for name in UserChanges.__dataclass_fields__})


class UsersController(Controller):
    path = "/users"
    tags = ["users"]
    guards = [requires_admin]
    security = BEARER_SECURITY

    @get(
        "/",
        summary="List users, oldest first",
        dependencies={"page": Provide(provide_page_request, sync_to_thread=False)},
        response_headers=[TOTAL_COUNT_RESPONSE_HEADER],
        responses=error_responses(401, 403),
    )
    async def list_users(
        self, page: NamedDependency[PageRequest], list_users: FromDishka[ListUsers]
    ) -> Response[list[UserOut]]:
        found = await list_users(page)
        return Response([UserOut.of(u) for u in found.items], headers=total_count_headers(found.total))

    @get("/{user_id:str}", summary="One user", responses=error_responses(401, 403, 404))
    async def get_user(self, user_id: FromPath[UUID], get_user: FromDishka[GetUser]) -> UserOut:
        return UserOut.of(await get_user(user_id))

    @post("/", summary="Create a user", responses=error_responses(401, 403, 409))
    async def create_user(self, data: JSONBody[UserCreate], create_user: FromDishka[CreateUser]) -> UserOut:
        return UserOut.of(await create_user(NewUser(**msgspec.structs.asdict(data))))

    @put(
        "/{user_id:str}",
        summary="Change some fields of a user",
        description="Fields left out keep their values. A new password or `is_active: false` "
        "also signs the user out everywhere.",
        responses=error_responses(401, 403, 404, 409),
    )
    async def update_user(
        self, user_id: FromPath[UUID], data: JSONBody[UserUpdate], update_user: FromDishka[UpdateUser]
    ) -> UserOut:
        return UserOut.of(await update_user(user_id, _changes(data)))

    @delete(
        "/{user_id:str}",
        summary="Delete a user",
        status_code=HTTP_204_NO_CONTENT,
        responses=error_responses(401, 403, 404, 409),
    )
    async def delete_user(self, user_id: FromPath[UUID], delete_user: FromDishka[DeleteUser]) -> None:
        await delete_user(user_id)
