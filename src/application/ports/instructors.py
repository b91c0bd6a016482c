"""Who may be named as a course's instructor."""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol
from uuid import UUID


class InstructorDirectory(Protocol):
    async def existing(self, user_ids: Collection[UUID]) -> set[UUID]:
        """Those of the ids that name a user."""
        ...
