from __future__ import annotations

from typing import Protocol
from uuid import UUID


class GenerationQueue(Protocol):
    """Where started jobs go to be run: worker processes, or a pool inside this process."""

    async def dispatch(self, job_id: UUID) -> None:
        """Have the job run (or run again). Dispatching a job already waiting is harmless."""
        ...
