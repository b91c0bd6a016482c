"""The password-hashing process: argon2id in an interpreter of its own.

`Argon2PasswordHasher` starts it as `python -m adapters.security.argon2_process PARAMS`.
Each line on stdin is one JSON request, `[id, "hash", password]` or
`[id, "verify", password_hash, password]`; each answer is one JSON line on stdout,
`[id, true, result]` or `[id, false, "what went wrong"]`, in the order the hashes finish.
The process ends when stdin closes, after answering what it was given.

It runs at the lowest CPU priority, so a hash takes only CPU that requests leave free.
Being a process rather than a thread of the service matters: a thread would share the
service's GIL, and a low-priority thread that is preempted while holding it stalls the
event loop until the scheduler gets round to it again.

Priority alone does not keep hashing out of the way of requests, though: where cores are
virtual, a busy neighbour core slows the service's whatever its priority (a spinning
idle-class loop beside the service stretched its p99 1.5-5x). So the process also keeps to
a budget of `cores`: it hashes on ceil(cores) threads, and each rests after a hash until
its CPU time is within its share of a core.

This module imports only the standard library and argon2, to keep the process small.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


def make_argon2(params: dict[str, float]) -> PasswordHasher:
    """argon2id with `time_cost`, `memory_cost_kib` and `parallelism`."""
    return PasswordHasher(
        time_cost=int(params["time_cost"]),
        memory_cost=int(params["memory_cost_kib"]),
        parallelism=int(params["parallelism"]),
        type=Type.ID,
    )


def verify(argon2: PasswordHasher, password_hash: str, password: str) -> bool:
    """True when `password` matches; a malformed hash is simply a mismatch."""
    try:
        return argon2.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def lower_priority() -> None:
    """Run this process (and the threads it starts later) at the lowest CPU priority.

    Best effort: where the OS refuses, nothing changes.
    """
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, 0, 19)
    # Linux: run only when nothing else wants the CPU, and yield to anything that does.
    with contextlib.suppress(OSError, AttributeError):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


def serve(params: dict[str, float], requests: Any, answers: Any) -> None:
    """Answer every request line of `requests` on `answers` until `requests` ends."""
    argon2 = make_argon2(params)
    operations: dict[str, Callable[..., object]] = {
        "hash": argon2.hash,
        "verify": lambda password_hash, password: verify(argon2, password_hash, password),
    }
    writing = threading.Lock()

    def answer(request_id: int, ok: bool, value: object) -> None:
        line = json.dumps([request_id, ok, value]).encode() + b"\n"
        with writing:
            answers.write(line)
            answers.flush()

    def run(request_id: int, operation: str, arguments: list[str]) -> None:
        try:
            result = operations[operation](*arguments)
        # Whatever fails is answered: a request left unanswered would keep its caller waiting.
        except Exception as exc:  # noqa: BLE001
            answer(request_id, False, f"{type(exc).__name__}: {exc}")
        else:
            answer(request_id, True, result)

    # Plain threads on a queue rather than concurrent.futures: a megabyte less to load.
    queued: queue.SimpleQueue[list[Any] | None] = queue.SimpleQueue()

    threads = math.ceil(params["cores"])
    share = params["cores"] / threads  # of a core, for each thread

    def work() -> None:
        while (request := queued.get()) is not None:
            started, started_cpu = time.monotonic(), time.thread_time()
            run(*request)
            used = time.thread_time() - started_cpu
            time.sleep(max(0.0, used / share - (time.monotonic() - started)))

    workers = [threading.Thread(target=work, name="argon2") for _ in range(threads)]
    for worker in workers:
        worker.start()
    for line in requests:
        request_id, operation, *arguments = json.loads(line)
        queued.put([request_id, operation, arguments])
    for _ in workers:
        queued.put(None)
    for worker in workers:
        worker.join()


def main() -> None:
    # A stop signal may reach the whole process group (Ctrl-C, systemd): the service ends
    # this process by closing stdin once it has stopped, so sign-ins in flight still finish.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    lower_priority()
    serve(json.loads(sys.argv[1]), sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    main()
