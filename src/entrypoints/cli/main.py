"""`ahc`: run the service and manage its database from the command line."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from alembic.config import Config
import uvicorn

from adapters.settings import SettingsError, load_settings
from entrypoints.cli.ai import ai_app
from entrypoints.cli.courses import courses_app
from entrypoints.cli.runtime import cli_settings
from entrypoints.cli.users import users_app

app = typer.Typer(help="Asaan Hai Coding backend: operator commands.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema migrations (Alembic).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(users_app, name="users")
app.add_typer(courses_app, name="courses")
app.add_typer(ai_app, name="ai")


def _database_url() -> str:
    url = cli_settings().database_url
    assert url is not None
    return url


def _alembic() -> tuple[ModuleType, Callable[[str], Config]]:
    """Alembic, loaded by the db commands only: `serve` runs migrations in a child process."""
    from alembic import command

    from adapters.persistence.migrations import alembic_config

    return command, alembic_config


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on (default: HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default: PORT).")] = None,
    migrate: Annotated[
        bool,
        typer.Option(
            "--migrate/--no-migrate",
            help="Bring the database to the latest schema at start (off when a separate step migrates).",
        ),
    ] = True,
) -> None:
    """Serve the API, bringing the database to the latest schema first (unless --no-migrate)."""
    from entrypoints.http.app import create_app

    settings = cli_settings(wait=False)
    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again; a stop that
    # was asked for and went cleanly exits 0.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    uvicorn.run(
        create_app(settings, migrate=migrate),
        host=host or settings.host,
        port=port or settings.port,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips or "127.0.0.1",
        log_config=None,
        access_log=False,
        ws="none",  # the API has no WebSocket routes: the protocol is not even loaded
        timeout_graceful_shutdown=10,
    )


@app.command()
def worker(
    check: Annotated[
        bool, typer.Option("--check", help="Exit 0 when a worker of this host reports to the queue, else 1.")
    ] = False,
) -> None:
    """Run generation jobs from the queue on Redis (REDIS_URL), a few at a time (WORKER_CONCURRENCY)."""
    import asyncio

    from redis.exceptions import RedisError

    from entrypoints.jobs.worker import work, worker_is_alive

    if check:
        # Only the queue is needed: no database, no generated secret.
        try:
            alive = asyncio.run(worker_is_alive(load_settings()))
        except (SettingsError, OSError, RedisError):
            alive = False
        raise typer.Exit(0 if alive else 1)
    settings = cli_settings()
    if settings.redis_url is None:
        typer.echo("ahc worker needs REDIS_URL; without it the web process runs the jobs itself", err=True)
        raise typer.Exit(2)
    asyncio.run(work(settings))


@db_app.command()
def upgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "head") -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    command, config = _alembic()
    command.upgrade(config(_database_url()), revision)


@db_app.command()
def downgrade(revision: Annotated[str, typer.Argument(help="Target revision, e.g. -1 or base.")]) -> None:
    """Revert migrations down to REVISION."""
    command, config = _alembic()
    command.downgrade(config(_database_url()), revision)


@db_app.command()
def current() -> None:
    """Show the revision the database is at."""
    command, config = _alembic()
    command.current(config(_database_url()))


def main() -> None:
    app()
