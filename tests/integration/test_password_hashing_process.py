"""The argon2 adapter's hashing process: answers matched to callers, lowest priority,
replaced when it dies, deaf to stop signals, ended by the service."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.security.argon2_hasher import Argon2PasswordHasher

SCHED_IDLE = 5  # the policy field of /proc/<pid>/stat


def hashing_processes() -> set[int]:
    """Pids of this test process's children that run the hashing module (the app of other
    tests may have one too, so tests compare these before and after)."""
    children = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        children += [int(pid) for pid in (task / "children").read_text().split()]
    return {
        pid
        for pid in children
        if b"adapters.security.argon2_process" in Path(f"/proc/{pid}/cmdline").read_bytes()
    }


async def started_by(hasher: Argon2PasswordHasher) -> int:
    """The pid of the process `hasher` uses, started by a first hash."""
    before = hashing_processes()
    await hasher.hash("start the process")
    [pid] = hashing_processes() - before
    return pid


def thread_ids(pid: int) -> list[int]:
    return [int(task.name) for task in Path(f"/proc/{pid}/task").iterdir()]


def stat_fields(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (in parentheses, may hold spaces)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def nice_and_policy(pid: int) -> tuple[int, int]:
    fields = stat_fields(pid)
    return int(fields[16]), int(fields[38])


async def wait_gone(pid: int) -> None:
    for _ in range(100):
        if pid not in hashing_processes():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"hashing process {pid} is still running")


@pytest.fixture
async def hasher() -> AsyncIterator[Argon2PasswordHasher]:
    cheap = Argon2PasswordHasher(time_cost=1, memory_cost_kib=8192)
    yield cheap
    await cheap.close()


async def test_one_process_is_started_by_the_first_hash_and_kept(hasher: Argon2PasswordHasher) -> None:
    before = hashing_processes()
    await hasher.verify_unknown("a guess")
    await hasher.hash("a password")
    assert len(hashing_processes() - before) == 1


async def test_concurrent_callers_each_get_their_own_answer(hasher: Argon2PasswordHasher) -> None:
    passwords = [f"password number {n}" for n in range(8)]
    hashes = await asyncio.gather(*(hasher.hash(p) for p in passwords))
    assert len(set(hashes)) == len(passwords)
    checks = await asyncio.gather(
        *(hasher.verify(h, p) for h, p in zip(hashes, passwords, strict=True)),
        *(hasher.verify(h, passwords[0]) for h in hashes[1:]),
    )
    assert checks == [True] * len(passwords) + [False] * (len(passwords) - 1)


async def test_the_process_runs_at_the_lowest_cpu_priority(hasher: Argon2PasswordHasher) -> None:
    pid = await started_by(hasher)
    assert nice_and_policy(pid) == (19, SCHED_IDLE)
    # Its hashing threads inherit the priority.
    assert {nice_and_policy(thread) for thread in thread_ids(pid)} == {(19, SCHED_IDLE)}


async def test_a_stop_signal_to_the_process_group_does_not_end_it(hasher: Argon2PasswordHasher) -> None:
    pid = await started_by(hasher)
    os.kill(pid, signal.SIGTERM)
    os.kill(pid, signal.SIGINT)
    password_hash = await hasher.hash("another password")
    assert await hasher.verify(password_hash, "another password")
    assert pid in hashing_processes()


async def test_a_dead_process_is_replaced_and_a_lost_request_sent_again() -> None:
    slow = Argon2PasswordHasher(cores=1, time_cost=40, memory_cost_kib=8192)
    try:
        first = await started_by(slow)
        in_flight = asyncio.create_task(slow.hash("lost with the process"))
        await asyncio.sleep(0.05)
        assert not in_flight.done()
        os.kill(first, signal.SIGKILL)
        password_hash = await in_flight
        assert await slow.verify(password_hash, "lost with the process")
        assert first not in hashing_processes()
    finally:
        await slow.close()


async def test_close_ends_the_process_after_the_hashes_in_flight() -> None:
    slow = Argon2PasswordHasher(cores=1, time_cost=20, memory_cost_kib=8192)
    before = hashing_processes()
    pid = await started_by(slow)
    in_flight = asyncio.create_task(slow.hash("finished before the end"))
    await asyncio.sleep(0.02)
    await slow.close()
    assert (await in_flight).startswith("$argon2id$v=19$m=8192,t=20,p=1$")
    await wait_gone(pid)
    # Answered by the process being closed, not by a new one started for it.
    assert hashing_processes() == before
    await slow.close()  # closing twice is harmless


async def test_closing_a_hasher_that_never_hashed_starts_nothing() -> None:
    before = hashing_processes()
    unused = Argon2PasswordHasher()
    await unused.close()
    assert hashing_processes() == before


def cpu_seconds(pid: int) -> float:
    fields = stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def test_the_process_keeps_to_its_cpu_budget() -> None:
    quarter = Argon2PasswordHasher(cores=0.25, time_cost=16, memory_cost_kib=8192)
    try:
        pid = await started_by(quarter)
        cpu_before, started = cpu_seconds(pid), time.monotonic()
        await asyncio.gather(*(quarter.hash(f"password {n}") for n in range(6)))
        cpu_used, elapsed = cpu_seconds(pid) - cpu_before, time.monotonic() - started
        # Resting after each hash keeps it to a quarter of a core (clock ticks are 10 ms).
        assert cpu_used > 0.1
        assert cpu_used / elapsed <= 0.25 * 1.2 + 0.02
    finally:
        await quarter.close()
