"""`ahc`: run the service and manage its database from the command line."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn
from alembic import command

from adapters.persistence.migrations import alembic_config
from entrypoints.cli.runtime import cli_settings
from entrypoints.cli.users import users_app

app = typer.Typer(help="Asaan Hai Coding backend: operator commands.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema migrations (Alembic).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")


def _database_url() -> str:
    url = cli_settings().database_url
    assert url is not None
    return url


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (default: HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default: PORT).")] = None,
) -> None:
    """Serve the API, bringing the database to the latest schema first."""
    from entrypoints.http.app import create_app

    settings = cli_settings(wait=False)
    uvicorn.run(
        create_app(settings, migrate=True),
        host=host or settings.host,
        port=port or settings.port,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips or "127.0.0.1",
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=10,
    )


@db_app.command()
def upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    command.upgrade(alembic_config(_database_url()), revision)


@db_app.command()
def downgrade(revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base.")]) -> None:
    """Revert migrations down to REVISION."""
    command.downgrade(alembic_config(_database_url()), revision)


@db_app.command()
def current() -> None:
    """Show the revision the database is at."""
    command.current(alembic_config(_database_url()))


def main() -> None:
    app()
