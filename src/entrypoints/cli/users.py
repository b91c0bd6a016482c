"""`ahc users`: administrators and the list of users, through the same use cases as the API."""

from __future__ import annotations

from typing import Annotated

import msgspec
import typer
from dishka import AsyncContainer

from application.pagination import MAX_LIMIT, PageRequest
from application.users.create_user import CreateUser, NewUser
from application.users.list_users import ListUsers
from domain.users import Role, User
from entrypoints.cli.runtime import fail, run_with_container
from entrypoints.http.users_wire import UserCreate

users_app = typer.Typer(help="Users and administrators.", no_args_is_help=True)


@users_app.command("create-admin")
def create_admin(
    username: Annotated[str, typer.Option(help="Login name (2..50 characters, no @ or spaces).")],
    email: Annotated[str, typer.Option(help="E-mail address.")],
    full_name: Annotated[str | None, typer.Option(help="Full name (default: the username).")] = None,
    password: Annotated[
        str | None, typer.Option(help="Password (8..128 characters); asked without echo when left out.")
    ] = None,
) -> None:
    """Create an administrator."""
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        # The API's own wire type, so the command checks exactly what the API checks.
        data = msgspec.convert(
            {
                "username": username,
                "email": email,
                "password": password,
                "full_name": full_name or username,
                "role": Role.ADMIN,
            },
            UserCreate,
        )
    except msgspec.ValidationError as exc:
        raise fail(str(exc).replace("$.", "")) from None

    async def create(container: AsyncContainer) -> User:
        async with container() as request:
            return await (await request.get(CreateUser))(NewUser(**msgspec.structs.asdict(data)))

    admin = run_with_container(create)
    typer.echo(f"created administrator {admin.username} ({admin.email}), id {admin.id}")


@users_app.command("list")
def list_users() -> None:
    """List every user, oldest first."""

    async def every_user(container: AsyncContainer) -> list[User]:
        found: list[User] = []
        async with container() as request:
            list_page = await request.get(ListUsers)
            while True:
                page = await list_page(PageRequest(skip=len(found), limit=MAX_LIMIT))
                found += page.items
                if not page.items or len(found) >= page.total:
                    return found

    users = run_with_container(every_user)
    for user in users:
        state = "active" if user.is_active else "inactive"
        typer.echo(f"{user.username}\t{user.email}\t{user.role.value}\t{state}\t{user.id}")
    typer.echo(f"{len(users)} user(s)", err=True)
