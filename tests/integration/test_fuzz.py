"""A short schema fuzzing run in the suite: the long one is `make fuzz` (bench/fuzz.py).

The served app meets every operation of its own OpenAPI document anonymously and as an
ADMIN, with a few generated examples each and a fixed seed, under the same checks (the
coverage phase, which walks every constraint's edges, is left to `make fuzz`: it takes
over half a minute).
"""

from __future__ import annotations

from pathlib import Path

from bench.fuzz import SERVICE_ENV, USER, schemathesis, seed
from bench.harness import login, start_service

from tests.integration.conftest import ADMIN_PASSWORD
from tests.integration.service_support import service_env

EXAMPLES = 8


def test_schema_fuzzing_finds_no_failure(migrated_database: str, tmp_path: Path) -> None:
    service = start_service(migrated_database, tmp_path, **SERVICE_ENV, **service_env())
    try:
        admin = login(service.base, "admin", ADMIN_PASSWORD)
        seed(service.base, admin)
        user = login(service.base, USER[0], USER[1])
        passes = [
            schemathesis(
                service, name, token, max_examples=EXAMPLES, work=tmp_path, seed="20261127", phases="fuzzing"
            )
            for name, token in (("anonymous", None), ("user", user), ("admin", admin))
        ]
    finally:
        service.stop()
    for one in passes:
        assert one.operations >= 50, one.output[-3000:]
        assert one.examples > 0
        assert one.failures == 0, one.output[-20000:]
