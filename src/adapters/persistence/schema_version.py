"""The schema version the code expects, and bringing a database to it, without loading Alembic.

The running service only needs the head revision's id and a way to run the migrations;
loading Alembic for that would keep its modules in memory for the life of the process.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
from pathlib import Path
from typing import Final

logger = logging.getLogger("migrations")

PROJECT_ROOT: Final = Path(__file__).resolve().parents[3]
ALEMBIC_INI: Final = PROJECT_ROOT / "alembic.ini"
VERSIONS_DIR: Final = PROJECT_ROOT / "migrations" / "versions"
# Revision files are named <date>_<revision id>_<slug>.py with ids that sort in order, and
# the history is a straight line (tests/integration/test_migrations.py checks both).
_REVISION_FILE: Final = re.compile(r"^\d{8}_(?P<revision>[0-9a-z]+)_\w+\.py$")


class MigrationFailed(RuntimeError):
    """The migrations ran and failed: a broken migration, not an unreachable database."""


def expected_revision() -> str | None:
    """The id of the newest migration: what the database's alembic_version must hold."""
    revisions = sorted(
        match["revision"] for path in VERSIONS_DIR.glob("*.py") if (match := _REVISION_FILE.match(path.name))
    )
    return revisions[-1] if revisions else None


async def upgrade_in_subprocess(database_url: str) -> None:
    """`alembic upgrade head` in a child process; its output becomes log lines of ours."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "alembic",
        "-c",
        str(ALEMBIC_INI),
        "upgrade",
        "head",
        cwd=PROJECT_ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    lines = output.decode(errors="replace").splitlines()
    for line in lines:
        logger.info(line)
    if process.returncode != 0:
        raise MigrationFailed(f"migrations failed (exit {process.returncode}): {lines[-1] if lines else ''}")
