"""What every command shares: settings, the container, and one clear line on failure."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer
from dishka import AsyncContainer

from adapters.logging import configure_logging
from adapters.persistence.database import DATABASE_UNAVAILABLE
from adapters.settings import Settings, SettingsError, load_settings
from domain.errors import DomainError
from entrypoints.bootstrap import resolve_runtime_settings, wait_for_database
from entrypoints.container import build_container

T = TypeVar("T")

EXIT_FAILED = 1
EXIT_BAD_SETTINGS = 2


def fail(message: str, code: int = EXIT_FAILED) -> typer.Exit:
    """Print one line to standard error; raise the returned exit."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def cli_settings(*, wait: bool = True, log_level: str | None = None) -> Settings:
    """Validated settings with a secret key and (`wait`) a reachable database."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        for problem in exc.problems:
            typer.echo(f"invalid setting: {problem}", err=True)
        raise typer.Exit(EXIT_BAD_SETTINGS) from None
    configure_logging(log_level or settings.log_level)
    settings = resolve_runtime_settings(settings)
    if wait:
        assert settings.database_url is not None
        wait_for_database(settings.database_url)
    return settings


def run_with_container(
    work: Callable[[AsyncContainer], Awaitable[T]], *, settings: Settings | None = None
) -> T:
    """Run `work` with the service's container; a domain error ends the command with one line."""
    # Commands speak on the terminal; the JSON log is for warnings only.
    settings = settings or cli_settings(log_level="WARNING")

    async def main() -> T:
        container = build_container(settings)
        try:
            return await work(container)
        finally:
            await container.close()

    try:
        return asyncio.run(main())
    except DomainError as exc:
        raise fail(exc.detail) from None
    except DATABASE_UNAVAILABLE:
        raise fail("database unavailable") from None
