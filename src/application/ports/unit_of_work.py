from __future__ import annotations

from typing import Protocol


class UnitOfWork(Protocol):
    """One transaction. A use case commits it itself; anything not committed is rolled back."""

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...
