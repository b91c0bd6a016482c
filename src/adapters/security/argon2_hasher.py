from __future__ import annotations

import asyncio
import itertools
import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any, cast

from argon2.exceptions import InvalidHashError

from adapters.security.argon2_process import make_argon2

# Where `adapters` lives, so that the hashing process finds it however the service runs.
_SOURCE_ROOT = str(Path(__file__).resolve().parents[2])
_CLOSE_TIMEOUT_SECONDS = 10.0


class PasswordHashingFailed(RuntimeError):
    """The hashing process could not answer, even after being started again."""


class _ProcessEnded(Exception):
    pass


# A caller's future per request id, waiting on one process.
_Waiting = dict[int, "asyncio.Future[tuple[bool, Any]]"]


class _HashingProcess:
    """One `argon2_process` child, started on first use and again if it ever dies.

    Requests carry an id and are answered as their hashes finish; every caller waits on
    a future of its own.
    """

    def __init__(self, params: dict[str, float]) -> None:
        self._command = [sys.executable, "-m", "adapters.security.argon2_process", json.dumps(params)]
        self._starting = asyncio.Lock()
        self._process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        # The futures waiting on the current process; a new process gets a new map.
        self._waiting: _Waiting = {}
        self._request_ids = itertools.count()

    async def call(self, *request: str) -> Any:
        try:
            ok, value = await self._ask(request)
        except _ProcessEnded:
            # Hashing has no side effects: a request lost with a dead process is sent again.
            try:
                ok, value = await self._ask(request)
            except _ProcessEnded as exc:
                raise PasswordHashingFailed("the password-hashing process keeps ending") from exc
        if not ok:
            raise PasswordHashingFailed(value)
        return value

    async def _ask(self, request: tuple[str, ...]) -> tuple[bool, Any]:
        process, waiting = await self._running()
        request_id = next(self._request_ids)
        answer: asyncio.Future[tuple[bool, Any]] = asyncio.get_running_loop().create_future()
        waiting[request_id] = answer
        try:
            assert process.stdin is not None
            process.stdin.write(json.dumps([request_id, *request]).encode() + b"\n")
            await process.stdin.drain()
            return await answer
        except ConnectionError as exc:  # the pipe broke: the process is gone
            raise _ProcessEnded from exc
        finally:
            waiting.pop(request_id, None)

    async def _running(self) -> tuple[asyncio.subprocess.Process, _Waiting]:
        async with self._starting:
            if self._process is None:
                path = os.pathsep.join(filter(None, [_SOURCE_ROOT, os.environ.get("PYTHONPATH")]))
                self._process = await asyncio.create_subprocess_exec(
                    *self._command,
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    env={**os.environ, "PYTHONPATH": path},
                )
                self._waiting = {}
                self._reader = asyncio.create_task(self._read_answers(self._process, self._waiting))
            return self._process, self._waiting

    async def _read_answers(self, process: asyncio.subprocess.Process, waiting: _Waiting) -> None:
        assert process.stdout is not None
        try:
            async for line in process.stdout:
                request_id, ok, value = json.loads(line)
                answer = waiting.get(request_id)
                if answer is not None and not answer.done():  # its caller may have given up
                    answer.set_result((ok, value))
        finally:
            # The process has ended: nothing it was asked will be answered.
            if self._process is process:
                self._process = None
            for answer in waiting.values():
                if not answer.done():
                    answer.set_exception(_ProcessEnded())

    async def close(self) -> None:
        """End the process once it has answered what it was asked."""
        process, reader = self._process, self._reader
        if process is None or reader is None:
            return
        assert process.stdin is not None
        process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), _CLOSE_TIMEOUT_SECONDS)
        except TimeoutError:
            process.kill()
            await process.wait()
        await reader


class Argon2PasswordHasher:
    """argon2id with OWASP parameters, computed in a separate process of the lowest priority.

    The process keeps the event loop free and, unlike a thread, never holds the service's
    GIL (see `argon2_process`). It uses at most `cores` worth of CPU (0.5: half of one
    core), so that a stream of sign-ins queues up instead of slowing every request.
    """

    def __init__(
        self,
        *,
        cores: float = 1.0,
        time_cost: int = 3,
        memory_cost_kib: int = 65536,
        parallelism: int = 1,
    ) -> None:
        params: dict[str, float] = {
            "cores": cores,
            "time_cost": time_cost,
            "memory_cost_kib": memory_cost_kib,
            "parallelism": parallelism,
        }
        self._argon2 = make_argon2(params)
        self._process = _HashingProcess(params)
        # Made on first need with the current parameters, so it costs what a real one does.
        self._unknown_user_hash: str | None = None

    async def hash(self, password: str) -> str:
        return cast(str, await self._process.call("hash", password))

    async def verify(self, password_hash: str, password: str) -> bool:
        return cast(bool, await self._process.call("verify", password_hash, password))

    async def verify_unknown(self, password: str) -> None:
        if self._unknown_user_hash is None:
            self._unknown_user_hash = await self.hash(secrets.token_urlsafe(16))
        await self.verify(self._unknown_user_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self._argon2.check_needs_rehash(password_hash)
        except (InvalidHashError, ValueError):
            return True

    async def close(self) -> None:
        await self._process.close()
