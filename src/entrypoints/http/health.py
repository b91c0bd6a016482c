"""Liveness and readiness, without authentication."""

from __future__ import annotations

from typing import Any

import msgspec
from dishka import FromDishka
from litestar import Controller, Request, get

from adapters.persistence.health import DatabaseHealth
from domain.errors import UpstreamUnavailable
from entrypoints.http.openapi import error_responses
from entrypoints.http.startup_gate import StartupGate


class HealthStatus(msgspec.Struct, kw_only=True):
    status: str


class HealthController(Controller):
    path = "/health"
    tags = ["health"]

    @get("/live", summary="The process is up")
    async def live(self) -> HealthStatus:
        return HealthStatus(status="ok")

    @get("/ready", summary="The database answers and is migrated", responses=error_responses(503))
    async def ready(
        self, request: Request[Any, Any, Any], health: FromDishka[DatabaseHealth]
    ) -> HealthStatus:
        gate: StartupGate = request.app.state.startup_gate
        problem = await health.problem() if gate.is_open else "Service is starting: waiting for the database"
        if problem is not None:
            raise UpstreamUnavailable("database", problem, retry_after=1)
        return HealthStatus(status="ok")
