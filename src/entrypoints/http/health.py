"""Liveness and readiness, without authentication."""

from __future__ import annotations

import msgspec
from dishka import FromDishka
from litestar import Controller, get

from adapters.persistence.health import DatabaseHealth
from domain.errors import UpstreamUnavailable
from entrypoints.http.openapi import error_responses


class HealthStatus(msgspec.Struct, kw_only=True):
    status: str


class HealthController(Controller):
    path = "/health"
    tags = ["health"]

    @get("/live", summary="The process is up")
    async def live(self) -> HealthStatus:
        return HealthStatus(status="ok")

    @get("/ready", summary="The database answers and is migrated", responses=error_responses(503))
    async def ready(self, health: FromDishka[DatabaseHealth]) -> HealthStatus:
        problem = await health.problem()
        if problem is not None:
            raise UpstreamUnavailable("database", problem, retry_after=1)
        return HealthStatus(status="ok")
