from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher as Argon2
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


def lower_thread_priority() -> None:
    """Run the calling thread at the lowest CPU priority (a ThreadPoolExecutor initializer).

    Hashing is meant to be slow; at the lowest priority it takes the CPU that requests
    leave free instead of stalling them. Best effort: where the OS refuses, nothing changes.
    """
    thread_id = threading.get_native_id()
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, thread_id, 19)
    # Linux: run only when no other thread wants the CPU, and yield to one at once.
    with contextlib.suppress(OSError, AttributeError):
        os.sched_setscheduler(thread_id, os.SCHED_IDLE, os.sched_param(0))


class Argon2PasswordHasher:
    """argon2id with OWASP parameters, run in a small thread pool off the event loop.

    The pool is bounded so that a burst of logins queues up instead of starving the
    threads the rest of the service needs.
    """

    def __init__(
        self,
        executor: ThreadPoolExecutor,
        *,
        time_cost: int = 3,
        memory_cost_kib: int = 65536,
        parallelism: int = 1,
    ) -> None:
        self._argon2 = Argon2(
            time_cost=time_cost, memory_cost=memory_cost_kib, parallelism=parallelism, type=Type.ID
        )
        self._executor = executor
        # Made on first need with the current parameters, so it costs what a real one does.
        self._unknown_user_hash: str | None = None

    async def hash(self, password: str) -> str:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._argon2.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._verify, password_hash, password)

    async def verify_unknown(self, password: str) -> None:
        if self._unknown_user_hash is None:
            self._unknown_user_hash = await self.hash(secrets.token_urlsafe(16))
        await self.verify(self._unknown_user_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._argon2.check_needs_rehash(password_hash)
        except (InvalidHashError, ValueError):
            return True

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._argon2.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
