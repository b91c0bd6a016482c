"""Running Alembic from the service, against the same settings as the app."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

PROJECT_ROOT: Final = Path(__file__).resolve().parents[3]
ALEMBIC_INI: Final = PROJECT_ROOT / "alembic.ini"


def alembic_config(database_url: str | None = None) -> Config:
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    # The service has configured logging already; alembic.ini's logging is for the bare CLI.
    config.attributes["configure_logging"] = False
    if database_url is not None:
        # migrations/env.py takes this URL over the settings when it is given.
        config.attributes["database_url"] = database_url
    return config


def upgrade_to_head(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "head")


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
