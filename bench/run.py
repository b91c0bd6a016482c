"""`make bench`: the service's hottest reads measured side by side with the floor.

One run on one machine: PostgreSQL (embedded, or BENCH_DATABASE_URL's server), the fixed
dataset of ../shared/bench loaded into the service through its own API and into a second
database for the floor, both served by one uvicorn worker, each read loaded with wrk
(32 connections, warm-up, then BENCH_SECONDS in BENCH_ROUNDS turns taken with the floor),
and a table of requests/s, p50, p99, resident memory and the service/floor ratio, then
whether each target of the service is met (exit status 1 when one is not). Database round
trips per request are counted by a protocol-aware proxy in a separate pass, so that it
does not slow the timed load. Everything started here is stopped at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from bench.harness import (
    ADMIN,
    Service,
    call,
    embedded_postgres,
    free_port,
    login,
    recreate_database,
    start_service,
)
from bench.pg_round_trips import RoundTripCounter, start_proxy

ROOT = Path(__file__).resolve().parents[1]
SHARED_BENCH = Path(os.environ.get("BENCH_SHARED_DIR", ROOT.parent / "shared" / "bench")).resolve()
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARMUP_SECONDS = int(os.environ.get("BENCH_WARMUP_SECONDS", "3"))
# Service and floor take turns, so that a slow spell of a shared machine falls on both.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
ROUND_SECONDS = max(1, SECONDS // ROUNDS)
CONNECTIONS = 32
VENV_BIN = ROOT / ".venv" / "bin"

sys.path.insert(0, str(SHARED_BENCH))
import dataset  # noqa: E402  (the shared, fixed benchmark dataset)


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("installing wrk (Debian package)")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "wrk"],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk could not be installed")
    return found


# --- PostgreSQL -------------------------------------------------------------------------


@dataclass
class Postgres:
    server_url: str  # URL of the `postgres` database of the server
    unix_socket: str | None
    host: str
    port: int


def start_postgres() -> Postgres:
    given = os.environ.get("BENCH_DATABASE_URL")
    if given:
        parts = urllib.parse.urlsplit(given)
        return Postgres(given, None, parts.hostname or "127.0.0.1", parts.port or 5432)
    server = embedded_postgres("bench-postgres")
    info = server.get_postmaster_info()
    url = server.get_uri("postgres")
    socket_path = info.socket_path
    return Postgres(url, str(socket_path) if socket_path else None, "127.0.0.1", int(info.port or 5432))


# --- processes --------------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    """`pid` and every process descending from it (the service's password hashing)."""
    tree = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            tree += process_tree(int(child))
    return tree


def rss_mb_of_one(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


def rss_mb(pid: int) -> float:
    """Resident memory of `pid` and its descendants, summed: a library page that two of
    them map counts twice, so this is an upper bound."""
    return sum(rss_mb_of_one(member) for member in process_tree(pid))


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss_mb(self) -> float:
        return rss_mb(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{url}: the server exited with {process.returncode}")
        with (
            contextlib.suppress(OSError, urllib.error.URLError),
            urllib.request.urlopen(url, timeout=2) as response,
        ):
            if response.status < 500:
                return
        time.sleep(0.2)
    raise SystemExit(f"{url} did not become ready")


def start_floor(dsn: str, logs: Path) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [
            str(VENV_BIN / "uvicorn"),
            "floor_app:app",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env={**os.environ, "FLOOR_DSN": dsn},
        cwd=SHARED_BENCH,
        stdout=subprocess.DEVNULL,
        stderr=logs.open("wb"),
    )
    server = Server("floor", process, port)
    wait_ready(f"{server.base}/api/v1/courses?limit=1", process)
    return server


# --- the service's API ------------------------------------------------------------------


@dataclass
class Seeded:
    course_id: str
    lesson_id: int


def seed_service(base: str) -> Seeded:
    """Load the dataset through the service's own API, in the floor's order of creation."""
    token = login(base)
    first: Seeded | None = None
    for course in dataset.courses():
        created = call(
            "POST",
            f"{base}/api/v1/courses",
            token,
            json={
                "title": course.title,
                "description": course.description,
                "difficulty_level": "beginner",
                "is_published": course.published,
            },
        )
        sections = call(
            "POST",
            f"{base}/api/v1/sections/bulk",
            token,
            json=[
                {"course_id": created["id"], "title": s.title, "section_order": s.order}
                for s in course.sections
            ],
        )
        lessons = call(
            "POST",
            f"{base}/api/v1/lessons/bulk",
            token,
            json=[
                {
                    "section_id": section["id"],
                    "title": lesson.title,
                    "content": lesson.content,
                    "lesson_order": lesson.order,
                }
                for section, source in zip(sections, course.sections, strict=True)
                for lesson in source.lessons
            ],
        )
        if first is None:
            first = Seeded(created["id"], lessons[0]["id"])
    assert first is not None
    return first


def seed_floor(dsn: str) -> None:
    subprocess.run(
        [sys.executable, "floor_seed.py", dsn], cwd=SHARED_BENCH, check=True, stdout=subprocess.DEVNULL
    )


# --- load -------------------------------------------------------------------------------

# Percentiles wrk reports for each load, fine enough near the tail to pool rounds.
_PERCENTILES: Final = [*range(1, 100), *(99 + i / 10 for i in range(1, 10)), 99.95, 99.99]
_PERCENTILE_SCRIPT: Final = (
    "done = function(summary, latency, requests)\n"
    '  io.write("percentiles")\n'
    f"  for _, p in ipairs({{{', '.join(map(str, _PERCENTILES))}}}) do\n"
    '    io.write(string.format(" %g:%d", p, latency:percentile(p)))\n'
    "  end\n"
    # percentile(100) answers 0 in wrk: the slowest request is `max`
    '  io.write(string.format(" 100:%d\\n", latency.max))\n'
    "end\n"
)


@dataclass
class Load:
    requests: int
    rps: float
    non_2xx: int
    # (percentile, latency in ms) as wrk reported them
    percentiles: list[tuple[float, float]]

    def latency_ms(self, percentile: float) -> float:
        return Load.pooled_latency_ms([self], percentile)

    @property
    def p50_ms(self) -> float:
        return self.latency_ms(50)

    @property
    def p99_ms(self) -> float:
        return self.latency_ms(99)

    @staticmethod
    def pooled_latency_ms(loads: list[Load], percentile: float) -> float:
        """The latency under which `percentile` % of all the loads' requests were answered.

        Each load's share under a latency is read off its percentiles, rounding down, so the
        answer errs on the slow side.
        """
        total = sum(load.requests for load in loads)
        for candidate in sorted({ms for load in loads for _, ms in load.percentiles}):
            answered = sum(
                load.requests * max((p for p, ms in load.percentiles if ms <= candidate), default=0) / 100
                for load in loads
            )
            if answered >= total * percentile / 100:
                return candidate
        return max(ms for load in loads for _, ms in load.percentiles)

    @classmethod
    def of_rounds(cls, rounds: list[Load]) -> Load:
        """Rounds of equal length as one load: their requests and latencies pooled."""
        pooled = [(float(p), cls.pooled_latency_ms(rounds, p)) for p in (*_PERCENTILES, 100)]
        return cls(
            requests=sum(r.requests for r in rounds),
            rps=sum(r.rps for r in rounds) / len(rounds),
            non_2xx=sum(r.non_2xx for r in rounds),
            percentiles=pooled,
        )


def requests_per_second(wrk_output: str) -> float:
    return float(re.search(r"Requests/sec:\s+([\d.]+)", wrk_output).group(1))  # type: ignore[union-attr]


def wrk(wrk_bin: str, url: str, *, connections: int = CONNECTIONS, seconds: int = SECONDS) -> Load:
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_PERCENTILE_SCRIPT)
        script.flush()
        command = [wrk_bin, "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name, url]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rps = requests_per_second(out)
    table = re.search(r"^percentiles (.*)$", out, re.M).group(1)  # type: ignore[union-attr]
    percentiles = [(float(p), int(us) / 1000) for p, us in (pair.split(":") for pair in table.split())]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return Load(requests, rps, int(bad.group(1)) if bad else 0, percentiles)


def lessons_beside_logins(wrk_bin: str, base: str, lesson_url: str, login_script: Path) -> tuple[Load, float]:
    """A round of the lesson load while 8 clients sign in without pause; and sign-ins/s."""
    logins = subprocess.Popen(
        [
            wrk_bin,
            "-t1",
            "-c8",
            f"-d{ROUND_SECONDS + 2}s",
            "-s",
            str(login_script),
            f"{base}/api/v1/auth/login",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(1)
    load = wrk(wrk_bin, lesson_url, connections=16, seconds=ROUND_SECONDS)
    out = logins.communicate()[0]
    time.sleep(3)  # the sign-ins still queued for hashing when wrk stopped finish meanwhile
    return load, requests_per_second(out)


# --- round trips ------------------------------------------------------------------------


@contextlib.contextmanager
def counting_proxy(pg: Postgres) -> Iterator[tuple[RoundTripCounter, str]]:
    """A proxy in front of the server that counts round trips; yields its URL template."""
    import threading

    counter = RoundTripCounter()
    loop = asyncio.new_event_loop()
    proxy = loop.run_until_complete(
        start_proxy(counter, upstream_host=pg.host, upstream_port=pg.port, unix_socket=pg.unix_socket)
    )
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    user = urllib.parse.urlsplit(pg.server_url).username or "postgres"
    try:
        yield counter, f"postgresql://{user}@127.0.0.1:{proxy.sockets[0].getsockname()[1]}/{{database}}"
    finally:
        loop.call_soon_threadsafe(proxy.close)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def count_read_round_trips(
    pg: Postgres, database: str, make_server: Any, paths: dict[str, str], samples: int = 50
) -> dict[str, float]:
    """Round trips per request of each read, on a server connected through the proxy."""
    with counting_proxy(pg) as (counter, url):
        server = make_server(url.format(database=database))
        try:
            result: dict[str, float] = {}
            for name, path in paths.items():
                call("GET", server.base + path)  # warm the pools and statement caches
                counter.reset()
                for _ in range(samples):
                    call("GET", server.base + path)
                result[name] = counter.round_trips / samples
            return result
        finally:
            server.stop()


def count_bulk_round_trips(pg: Postgres, make_server: Any, items: list[dict[str, Any]]) -> dict[int, int]:
    """Round trips of one bulk create of the first 5 items and of all of them, in new sections."""
    with counting_proxy(pg) as (counter, url):
        server = make_server(url.format(database="ahc_bench"))
        try:
            token = login(server.base)
            trips: dict[int, int] = {}
            for size in (5, len(items)):
                section_id = new_section(server.base, token, f"Bulk of {size} (counted)")
                moved = [{**item, "section_id": section_id} for item in items[:size]]
                counter.reset()
                call("POST", f"{server.base}/api/v1/lessons/bulk", token, json=moved)
                trips[size] = counter.round_trips
            return trips
        finally:
            server.stop()


def new_section(base: str, token: str, title: str) -> int:
    course = call("POST", f"{base}/api/v1/courses", token, json={"title": title, "is_published": False})
    section = call(
        "POST",
        f"{base}/api/v1/sections",
        token,
        json={"course_id": course["id"], "title": "S", "section_order": 1},
    )
    return int(section["id"])


# --- the run ----------------------------------------------------------------------------


def main() -> None:
    wrk_bin = ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="ahc-bench-"))
    log(f"logs in {work}")
    pg = start_postgres()
    servers: list[Server | Service] = []
    try:
        service_db = recreate_database(pg.server_url, "ahc_bench")
        floor_db = recreate_database(pg.server_url, "ahc_floor")
        seed_floor(floor_db)
        service = start_service(service_db, work, "service")
        servers.append(service)
        log("loading the dataset through the service's API")
        seeded = seed_service(service.base)
        floor = start_floor(floor_db, work / "floor.log")
        servers.append(floor)

        reads = {
            "GET /courses": ("/api/v1/courses?skip=0&limit=20", "/api/v1/courses?skip=0&limit=20"),
            "GET /courses/{id}": (
                f"/api/v1/courses/{seeded.course_id}",
                f"/api/v1/courses/{dataset.course_uuid(1)}",
            ),
            "GET /lessons/{id}": (f"/api/v1/lessons/{seeded.lesson_id}", "/api/v1/lessons/1"),
        }
        rows = []
        for name, (service_path, floor_path) in reads.items():
            log(f"loading {name}")
            urls = (service.base + service_path, floor.base + floor_path)
            for url in urls:
                wrk(wrk_bin, url, seconds=WARMUP_SECONDS)
            rounds: tuple[list[Load], list[Load]] = ([], [])
            for _ in range(ROUNDS):
                for url, loads in zip(urls, rounds, strict=True):
                    loads.append(wrk(wrk_bin, url, seconds=ROUND_SECONDS))
            rows.append((name, Load.of_rounds(rounds[0]), Load.of_rounds(rounds[1])))
        service_rss, floor_rss = rss_mb(service.process.pid), floor.rss_mb()
        service_main_rss = rss_mb_of_one(service.process.pid)

        log("event-loop stall check: lessons at 16 connections, alone and beside 8 clients logging in")
        lesson_url = service.base + reads["GET /lessons/{id}"][0]
        login_script = work / "login.lua"
        login_script.write_text(
            'wrk.method = "POST"\n'
            f'wrk.body = "username={ADMIN[0]}&password={ADMIN[1]}"\n'
            'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        )
        wrk(wrk_bin, lesson_url, connections=16, seconds=WARMUP_SECONDS)
        alone_rounds, beside_rounds, login_rates = [], [], []
        for _ in range(ROUNDS):  # taking turns, as the reads do
            alone_rounds.append(wrk(wrk_bin, lesson_url, connections=16, seconds=ROUND_SECONDS))
            beside, login_rate = lessons_beside_logins(wrk_bin, service.base, lesson_url, login_script)
            beside_rounds.append(beside)
            login_rates.append(login_rate)
        alone, beside_logins = Load.of_rounds(alone_rounds), Load.of_rounds(beside_rounds)
        login_rps = sum(login_rates) / len(login_rates)
        rss_after_logins = rss_mb(service.process.pid)

        log("bulk create of 500 lessons in one request")
        token = login(service.base)
        section_id = new_section(service.base, token, "Bulk")
        items = [
            {
                "section_id": section_id,
                "title": f"Lesson {i}",
                "content": dataset.lesson_content(1, 1, 1, i),
                "lesson_order": i,
            }
            for i in range(1, 501)
        ]
        started = time.perf_counter()
        created = call("POST", f"{service.base}/api/v1/lessons/bulk", token, json=items)
        bulk_seconds = time.perf_counter() - started
        assert len(created) == 500

        service.stop()
        floor.stop()

        log("counting database round trips per request")
        user_paths = {name: paths[0] for name, paths in reads.items()}
        service_trips = count_read_round_trips(
            pg, "ahc_bench", lambda url: start_service(url, work, "service-count"), user_paths
        )
        floor_paths = {name: paths[1] for name, paths in reads.items()}
        floor_trips = count_read_round_trips(
            pg, "ahc_floor", lambda url: start_floor(url, work / "floor-count.log"), floor_paths
        )
        bulk_round_trips = count_bulk_round_trips(
            pg, lambda url: start_service(url, work, "service-bulk"), items
        )

        print()
        print(
            f"Service vs floor, {SECONDS} s per read in {ROUNDS} alternating rounds after {WARMUP_SECONDS} s warm-up,"
            f" {CONNECTIONS} connections, one worker each; latencies of the rounds pooled"
        )
        print()
        print(
            "| read | service req/s | floor req/s | ratio | service p50 | service p99 | floor p99 | p99 ratio | round trips (service / floor) |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for name, s, f in rows:
            print(
                f"| {name} | {s.rps:,.0f} | {f.rps:,.0f} | {s.rps / f.rps:.2f} | {s.p50_ms:.2f} ms | {s.p99_ms:.2f} ms"
                f" | {f.p99_ms:.2f} ms | {s.p99_ms / f.p99_ms:.2f} | {service_trips[name]:.1f} / {floor_trips[name]:.1f} |"
            )
            if s.non_2xx or f.non_2xx:
                print(f"|   non-2xx answers: service {s.non_2xx}, floor {f.non_2xx} | | | | | | | | |")
        stall = beside_logins.p99_ms / alone.p99_ms
        print()
        print(
            f"Resident memory after the load: service {service_rss:.0f} MB ({service_main_rss:.0f} MB the server,"
            f" {service_rss - service_main_rss:.0f} MB its password-hashing process), floor {floor_rss:.0f} MB;"
            f" service after the logins below: {rss_after_logins:.0f} MB"
        )
        print(
            f"GET /lessons/{{id}} p99 at 16 connections: {alone.p99_ms:.2f} ms alone, {beside_logins.p99_ms:.2f} ms beside"
            f" 8 clients logging in ({login_rps:,.0f} logins/s): {stall:.2f}x"
        )
        print(
            f"Bulk create of 500 lessons in one request: {bulk_seconds * 1000:.0f} ms;"
            f" database round trips {bulk_round_trips[500]} (and {bulk_round_trips[5]} for 5 lessons)"
        )
        targets = [
            *((f"{name}: req/s >= 0.6 of the floor's", s.rps / f.rps >= 0.6) for name, s, f in rows),
            *((f"{name}: p99 <= 3x the floor's", s.p99_ms <= 3 * f.p99_ms) for name, s, f in rows),
            *((f"{name}: <= 4 round trips", service_trips[name] <= 4) for name, _, _ in rows),
            *((f"{name}: every answer 2xx", s.non_2xx == 0) for name, s, _ in rows),
            ("resident memory after the load <= 120 MB", service_rss <= 120),
            ("lesson p99 beside logins <= 2x alone", stall <= 2),
            ("bulk of 500 lessons < 1 s", bulk_seconds < 1),
            ("bulk round trips the same for 5 and 500 lessons", bulk_round_trips[5] == bulk_round_trips[500]),
        ]
        print()
        for target, met in targets:
            print(f"{'met' if met else 'NOT MET'}: {target}")
        missed = sum(not met for _, met in targets)
    finally:
        for server in servers:
            server.stop()
    if missed:
        raise SystemExit(f"{missed} target(s) not met in this run")


if __name__ == "__main__":
    main()
