from __future__ import annotations

from typing import Protocol


class PasswordHasher(Protocol):
    """Hashes and verifies passwords. Implementations keep the event loop free."""

    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str, password: str) -> bool:
        """True when `password` matches; a malformed hash is simply a mismatch."""
        ...

    async def verify_unknown(self, password: str) -> None:
        """Spend the time of one verification for a sign-in that names no user.

        Unknown and known users then take about as long to refuse, so timing tells nothing.
        """
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with weaker parameters than the current ones."""
        ...
