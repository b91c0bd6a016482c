"""`make fuzz`: schemathesis over every operation of the service's own OpenAPI document.

The service runs as `ahc serve` on a fresh database (the machine's PostgreSQL from
HARDENING_DATABASE_URL, else an embedded one) with a little data seeded through the API:
a published course with a section and lessons, a project, an image. Then schemathesis
fuzzes every operation three times: anonymously, as an ADMIN and as a USER, with the
checks of the contract's reliability promises. Exit status 0 only when no check failed.

FUZZ_MAX_EXAMPLES bounds the examples per operation (default 30); FUZZ_SEED makes a run
reproducible.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.harness import AHC, Service, call, embedded_postgres, log, login, recreate_database, start_service

CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance,negative_data_rejection,ignored_auth,use_after_free"
)
# Tokens that outlive the run, and no sign-in throttling of the fuzzer's own logins.
SERVICE_ENV = {
    "ACCESS_TOKEN_EXPIRE_MINUTES": "240",
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": "100000",
    "LOGIN_MAX_FAILURES_PER_ADDRESS": "100000",
}
CONFIG = Path(__file__).with_name("schemathesis.toml")
USER = ("fuzzuser", "fuzz-user-password", "fuzzuser@example.com")
# A 1x1 PNG, so that the media routes have a real row to find.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a1d8a5d90000000049454e44ae426082"
)


def postgres_server_url() -> str:
    given = os.environ.get("HARDENING_DATABASE_URL")
    if given:
        return given
    return str(embedded_postgres("hardening-postgres").get_uri("postgres"))


def seed(base: str, admin: str) -> None:
    """A little of everything, so that the fuzzer meets real rows as well as missing ones."""
    api = f"{base}/api/v1"
    image = call(
        "POST",
        f"{api}/media",
        admin,
        files={"file": ("dot.png", PNG, "image/png")},
        data={"title": "Dot", "is_published": "true"},
    )
    course = call(
        "POST",
        f"{api}/courses",
        admin,
        json={"title": "Fuzzed", "description": "A course", "is_published": True, "image_id": image["id"]},
    )
    section = call(
        "POST", f"{api}/sections", admin, json={"course_id": course["id"], "title": "S1", "section_order": 1}
    )
    call(
        "POST",
        f"{api}/lessons/bulk",
        admin,
        json=[
            {"section_id": section["id"], "title": f"L{i}", "content": f"# L{i}\n", "lesson_order": i}
            for i in (1, 2)
        ],
    )
    project = call(
        "POST",
        f"{api}/projects",
        admin,
        json={"title": "P", "description": "A project", "is_published": True, "technologies": ["py"]},
    )
    call(
        "POST",
        f"{api}/projects/{project['id']}/detail",
        admin,
        json={"markdown_content": "# P", "tech_stack": ["py"]},
    )
    call(
        "POST",
        f"{api}/users",
        admin,
        json={"username": USER[0], "password": USER[1], "email": USER[2], "full_name": "Fuzz User"},
    )


@dataclass
class Pass:
    name: str
    operations: int
    examples: int
    failures: int
    seconds: float
    output: str


# Every multipart form field arrives as text: a number sent for a text field ("0.0" as
# alt_text) is a valid text, so the upload form cannot refuse schemathesis' negative type
# probes. It is fuzzed on its own without that one check; the upload tests cover its other
# invalid data (lengths, folder pattern, booleans, parts, missing file).
UPLOAD = "POST /api/v1/media"
UPLOAD_CHECKS = CHECKS.replace("negative_data_rejection,", "")


def schemathesis(
    service: Service,
    name: str,
    token: str | None,
    *,
    max_examples: int,
    work: Path,
    seed: str | None = None,
    phases: str = "examples,coverage,fuzzing",
) -> Pass:
    """One caller's pass over every operation: the upload form apart, as said above."""
    started = time.monotonic()
    runs = [
        _run(
            service,
            work / f"{name}.json",
            token=token,
            max_examples=max_examples,
            seed=seed,
            phases=phases,
            selection=["--checks", CHECKS, "--exclude-name", UPLOAD],
        ),
        _run(
            service,
            work / f"{name}-upload.json",
            token=token,
            max_examples=max_examples,
            seed=seed,
            phases=phases,
            selection=["--checks", UPLOAD_CHECKS, "--include-name", UPLOAD],
        ),
    ]
    seconds = time.monotonic() - started
    output = "\n".join(out for out, _ in runs)
    totals = [sum(numbers[i] for _, numbers in runs) for i in range(3)]
    return Pass(name, totals[0], totals[1], totals[2], seconds, output)


def _run(
    service: Service,
    report: Path,
    *,
    token: str | None,
    max_examples: int,
    seed: str | None,
    phases: str,
    selection: list[str],
) -> tuple[str, tuple[int, int, int]]:
    command = [
        str(Path(AHC).with_name("schemathesis")),
        "--config-file",
        str(CONFIG),
        "run",
        f"{service.base}/openapi.json",
        "--url",
        service.base,
        *selection,
        "--max-examples",
        str(max_examples),
        # One worker: hypothesis' lambda descriptions are not thread-safe and erred with more.
        "--workers",
        "1",
        "--phases",
        phases,
        "--suppress-health-check",
        "all",
        "--request-timeout",
        "30",
        "--no-shrink",
        "--continue-on-failure",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    if seed_value := seed or os.environ.get("FUZZ_SEED"):
        command += ["--seed", seed_value]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    # In the work folder, so that schemathesis keeps its crash cache there, not in the checkout.
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=report.parent)
    output = done.stdout + done.stderr
    return output, summary(report, output)


def summary(report: Path, output: str) -> tuple[int, int, int]:
    """Operations tested, test cases generated and unique failures, from the JSON report."""
    if not report.exists():
        raise SystemExit(f"schemathesis wrote no report:\n{output[-5000:]}")
    data = json.loads(report.read_text())
    cases = data["test_cases"]
    errors = sum(int(e.get("count", 1)) for e in data.get("errors") or [])
    return int(data["operations"]["tested"]), int(cases["generated"]), int(cases["unique_failures"]) + errors


def run(max_examples: int, work: Path) -> list[Pass]:
    server_url = postgres_server_url()
    db_url = recreate_database(server_url, "ahc_fuzz")
    service = start_service(db_url, work, **SERVICE_ENV)
    try:
        admin = login(service.base)
        log("fuzz", "seeding a course, a project, an image and a user through the API")
        seed(service.base, admin)
        user = login(service.base, USER[0], USER[1])
        passes = []
        # The admin pass may delete or change the user, so it comes last.
        for name, token in (("anonymous", None), ("user", user), ("admin", admin)):
            log("fuzz", f"fuzzing every operation as {name}")
            passes.append(schemathesis(service, name, token, max_examples=max_examples, work=work))
        return passes
    finally:
        code = service.stop()
        log("fuzz", f"service stopped with exit status {code}; logs in {work}")


def main() -> None:
    max_examples = int(os.environ.get("FUZZ_MAX_EXAMPLES", "30"))
    work = Path(tempfile.mkdtemp(prefix="ahc-fuzz-"))
    passes = run(max_examples, work)
    failed = False
    print()
    print(f"Schema fuzzing, up to {max_examples} examples per operation, checks: {CHECKS}")
    print()
    print("| caller | operations | test cases | failures | seconds |")
    print("|---|---|---|---|---|")
    for one in passes:
        print(f"| {one.name} | {one.operations} | {one.examples} | {one.failures} | {one.seconds:.0f} |")
        failed = failed or one.failures > 0 or "FAILURES" in one.output
    for one in passes:
        if one.failures or "FAILURES" in one.output:
            print(f"\n===== {one.name} =====\n{one.output[-20000:]}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
