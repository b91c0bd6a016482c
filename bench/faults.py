"""`make faults`: PostgreSQL restarted under a steady read and write load.

An embedded PostgreSQL (under .data/faults-postgres) serves `ahc serve`. Readers fetch a
course and a lesson, writers create lessons with unique orders, and every id answered
2xx is remembered. Mid-load PostgreSQL is stopped (`pg_ctl stop -m fast`), kept down
for FAULTS_DOWN_SECONDS, and started again; the service is never restarted. The run
prints the requests during the outage and their answers, the time from PostgreSQL being
back to the first 2xx, and whether every 2xx write is in the database. It exits 1 when a
promise is broken: an answer other than 2xx or a clean 503 in the contract's shape, a
dropped connection, recovery slower than 5 s, or a lost write.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from bench.harness import call, embedded_postgres, fetchval, log, login, recreate_database, start_service

ROOT = Path(__file__).resolve().parents[1]
DOWN_SECONDS = float(os.environ.get("FAULTS_DOWN_SECONDS", "2"))
READERS = 8
WRITERS = 4
RECOVERY_LIMIT_SECONDS = 5.0
CLEAN_503_DETAILS = {"Database unavailable"}


@dataclass
class Answer:
    started: float
    ended: float
    kind: str
    status: int | None  # None: no HTTP answer at all
    detail: str = ""


@dataclass
class Load:
    answers: list[Answer] = field(default_factory=list)
    written: list[int] = field(default_factory=list)
    running: bool = True


class Postgres:
    """The embedded server, with a real stop and start of its postmaster."""

    def __init__(self) -> None:
        self.server = embedded_postgres("faults-postgres")
        info = self.server.get_postmaster_info()
        self.socket_dir = str(info.socket_dir)
        self.url = str(self.server.get_uri("postgres"))

    def _pg_ctl(self, *args: str) -> None:
        from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

        pg_ctl(list(args), pgdata=self.server.pgdata, user=self.server.system_user, timeout=30)

    def stop(self) -> None:
        self._pg_ctl("-w", "-m", "fast", "stop")

    def start(self) -> None:
        self._pg_ctl("-w", "-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.server.log), "start")


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except json.JSONDecodeError:
        return f"not JSON: {response.text[:80]!r}"
    if response.status_code < 400:
        return ""
    if set(body) - {"status_code", "detail", "errors"} or body.get("status_code") != response.status_code:
        return f"not the error shape: {body!r}"
    return str(body.get("detail"))


async def _record(load: Load, kind: str, send: Any) -> httpx.Response | None:
    started = time.monotonic()
    try:
        response: httpx.Response = await send()
    except httpx.HTTPError as exc:
        load.answers.append(Answer(started, time.monotonic(), kind, None, type(exc).__name__))
        await asyncio.sleep(0.05)
        return None
    load.answers.append(Answer(started, time.monotonic(), kind, response.status_code, _detail(response)))
    if response.status_code >= 500:
        await asyncio.sleep(0.05)  # a client backing off, as Retry-After asks
    return response


async def reader(load: Load, client: httpx.AsyncClient, course_id: str, lesson_id: int) -> None:
    while load.running:
        await _record(load, "read", lambda: client.get(f"/api/v1/courses/{course_id}"))
        await _record(load, "read", lambda: client.get(f"/api/v1/lessons/{lesson_id}"))


async def writer(load: Load, client: httpx.AsyncClient, section_id: int, orders: Any) -> None:
    while load.running:
        order = next(orders)
        body = {
            "section_id": section_id,
            "title": f"Load {order}",
            "content": "# Load\n",
            "lesson_order": order,
        }
        response = await _record(load, "write", partial(client.post, "/api/v1/lessons", json=body))
        if response is not None and response.status_code == 201:
            load.written.append(int(response.json()["id"]))


@dataclass
class Outcome:
    stopped_at: float
    back_at: float
    load: Load


async def run_load(
    base: str, token: str, *, course_id: str, lesson_id: int, section_id: int, pg: Postgres
) -> Outcome:
    import itertools

    load = Load()
    orders = itertools.count(100)
    limits = httpx.Limits(max_connections=READERS + WRITERS)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30, limits=limits) as client:
        tasks = [asyncio.create_task(reader(load, client, course_id, lesson_id)) for _ in range(READERS)]
        tasks += [asyncio.create_task(writer(load, client, section_id, orders)) for _ in range(WRITERS)]
        await asyncio.sleep(3)
        log("faults", "stopping PostgreSQL (fast shutdown)")
        stopped_at = time.monotonic()
        await asyncio.to_thread(pg.stop)
        await asyncio.sleep(DOWN_SECONDS)
        log("faults", "starting PostgreSQL again")
        await asyncio.to_thread(pg.start)
        back_at = time.monotonic()
        await asyncio.sleep(8)
        load.running = False
        await asyncio.gather(*tasks)
    return Outcome(stopped_at, back_at, load)


def report(outcome: Outcome, stored: int) -> bool:
    answers = outcome.load.answers
    during = [a for a in answers if a.ended >= outcome.stopped_at and a.started <= outcome.back_at]
    first_ok_after = min(
        (
            a.ended
            for a in answers
            if a.started >= outcome.back_at and a.status is not None and a.status < 300
        ),
        default=None,
    )
    recovery = None if first_ok_after is None else first_ok_after - outcome.back_at
    failures = [a for a in answers if a.status is None or a.status >= 300]
    kinds = Counter(
        f"{a.status if a.status is not None else 'no answer'} {a.detail}".strip() for a in failures
    )
    unclean = [a for a in failures if not (a.status == 503 and a.detail in CLEAN_503_DETAILS)]
    after = [a for a in answers if first_ok_after is not None and a.started > first_ok_after + 1]
    late_failures = [a for a in after if a.status is None or a.status >= 300]
    written = len(outcome.load.written)

    print()
    print(f"PostgreSQL stopped (fast) for {DOWN_SECONDS:.1f} s under {READERS} readers and {WRITERS} writers")
    print()
    print(f"requests in all: {len(answers)} ({sum(a.kind == 'write' for a in answers)} writes)")
    print(f"requests during the outage (stop to start): {len(during)}")
    print(f"failed answers: {len(failures)}")
    for kind, count in kinds.most_common():
        print(f"  {count} x {kind}")
    print(f"unclean failures (not a 503 in the error shape): {len(unclean)}")
    recovery_text = "never" if recovery is None else f"{recovery:.2f} s"
    print(f"first 2xx after PostgreSQL was back: {recovery_text}")
    print(f"failures later than 1 s after that: {len(late_failures)}")
    print(f"writes answered 2xx: {written}, found in the database: {stored}")
    ok = (
        not unclean
        and recovery is not None
        and recovery <= RECOVERY_LIMIT_SECONDS
        and not late_failures
        and stored == written
    )
    print("\nresult:", "PASS" if ok else "FAIL")
    return ok


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="ahc-faults-"))
    pg = Postgres()
    db_url = recreate_database(pg.url, "ahc_faults")
    service = start_service(db_url, work, DATABASE_POOL_SIZE="10")
    try:
        token = login(service.base)
        api = f"{service.base}/api/v1"
        course = call("POST", f"{api}/courses", token, json={"title": "Under load", "is_published": True})
        section = call(
            "POST",
            f"{api}/sections",
            token,
            json={"course_id": course["id"], "title": "S", "section_order": 1},
        )
        lesson = call(
            "POST",
            f"{api}/lessons",
            token,
            json={"section_id": section["id"], "title": "L", "content": "# L\n", "lesson_order": 1},
        )
        outcome = asyncio.run(
            run_load(
                service.base,
                token,
                course_id=course["id"],
                lesson_id=lesson["id"],
                section_id=section["id"],
                pg=pg,
            )
        )
        stored = int(
            fetchval(db_url, "SELECT count(*) FROM lessons WHERE id = ANY($1::int[])", outcome.load.written)
        )
        ok = report(outcome, stored)
        if service.process.poll() is not None:
            print(f"the service exited during the run: {service.process.returncode}")
            ok = False
    finally:
        service.stop()
        log("faults", f"service log in {service.log_path}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
