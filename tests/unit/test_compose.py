"""compose.yaml promises a deployment that cannot run here: check what it promises."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web1", "web2", "worker")
LONG_RUNNING = ("postgres", "valkey", "web1", "web2", "worker", "proxy")
# Names of variables (upper case) that hold secrets.
_SECRET_NAME = re.compile(r"^[A-Z_]*(PASSWORD|SECRET|KEY|TOKEN|CLOUDINARY_URL)[A-Z_]*$")
_REFERENCE = re.compile(r"^\$\{[A-Z_]+(:?[-?][^}]*)?\}$")
_CREDENTIALS_IN_URL = re.compile(r"://([^/@\s]+):([^/@\s]+)@")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return loaded


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = compose["services"]
    return found


def _strings(value: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [item for key, inner in value.items() for item in _strings(inner, f"{path}.{key}")]
    if isinstance(value, list):
        return [item for i, inner in enumerate(value) for item in _strings(inner, f"{path}[{i}]")]
    return [(path, str(value))]


def test_the_services_of_the_deployment(services: dict[str, Any]) -> None:
    assert set(services) == {"postgres", "valkey", "migrate", "web1", "web2", "worker", "proxy"}
    assert services["migrate"]["command"] == ["ahc", "db", "upgrade"]
    assert services["migrate"]["restart"] == "no"
    for web in ("web1", "web2"):
        assert services[web]["command"] == ["ahc", "serve", "--no-migrate"]
    assert services["worker"]["command"] == ["ahc", "worker"]
    assert services["valkey"]["image"].startswith("valkey/")
    assert services["postgres"]["image"].startswith("postgres:")
    assert services["proxy"]["image"].startswith("caddy:")


def test_the_app_runs_from_the_project_image_with_the_database_and_valkey(services: dict[str, Any]) -> None:
    for name in APP_SERVICES:
        service = services[name]
        assert service["build"] == {"context": ".", "dockerfile": "Containerfile"}, name
        assert service["env_file"] == ".env"
        assert "@postgres:5432/" in service["environment"]["DATABASE_URL"]
        assert service["environment"]["REDIS_URL"].startswith("redis://valkey:6379")
    assert (ROOT / "Containerfile").is_file()


def test_everything_waits_for_the_migration_and_the_proxy_for_healthy_web_instances(
    services: dict[str, Any],
) -> None:
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in ("web1", "web2", "worker"):
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"},
            "postgres": {"condition": "service_healthy"},
            "valkey": {"condition": "service_healthy"},
        }, name
    assert services["proxy"]["depends_on"] == {
        "web1": {"condition": "service_healthy"},
        "web2": {"condition": "service_healthy"},
    }


def test_every_long_running_service_has_a_health_check(services: dict[str, Any]) -> None:
    for name in LONG_RUNNING:
        check = services[name].get("healthcheck")
        assert check and check["test"] and check["test"][0] in {"CMD", "CMD-SHELL"}, name
        assert check.get("interval"), name
    assert "healthcheck" not in services["migrate"]
    assert any("/health/ready" in part for part in services["web1"]["healthcheck"]["test"])
    assert services["worker"]["healthcheck"]["test"] == ["CMD", "ahc", "worker", "--check"]


def test_the_proxy_balances_both_web_instances_and_checks_their_readiness(services: dict[str, Any]) -> None:
    mount = next(v for v in services["proxy"]["volumes"] if "Caddyfile" in v)
    caddyfile = (ROOT / mount.split(":")[0]).read_text()
    assert re.search(r"reverse_proxy\s+web1:8000\s+web2:8000", caddyfile)
    assert "health_uri /health/ready" in caddyfile
    assert "/proxy-health" in caddyfile
    assert any("/proxy-health" in part for part in services["proxy"]["healthcheck"]["test"])


def test_no_secret_is_written_in_the_file(compose: dict[str, Any]) -> None:
    for path, value in _strings(compose):
        name = path.rsplit(".", 1)[-1]
        if _SECRET_NAME.search(name):
            assert _REFERENCE.match(value), f"{path} holds a literal, not a reference to .env"
        for user, password in _CREDENTIALS_IN_URL.findall(value):
            assert user.startswith("${") and password.startswith("${"), f"{path} holds credentials"


def test_the_env_example_documents_every_variable_and_holds_no_secret() -> None:
    compose_text = (ROOT / "compose.yaml").read_text()
    example = (ROOT / ".env.example").read_text()
    assigned = dict(
        line.split("=", 1) for line in example.splitlines() if line.strip() and not line.startswith("#")
    )
    referenced = set(re.findall(r"\$\{([A-Z_]+)", compose_text))
    assert referenced <= set(assigned), referenced - set(assigned)
    for name in ("SECRET_KEY", "GEMINI_API_KEY", "GEMINI_REQUESTS_PER_MINUTE", "WORKER_CONCURRENCY"):
        assert name in assigned, name
    for name, value in assigned.items():
        if _SECRET_NAME.search(name):
            assert value == "", f"{name} has a value in .env.example"
