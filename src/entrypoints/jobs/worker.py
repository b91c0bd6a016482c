"""`ahc worker`: a process that runs generation jobs taken from SAQ's queue on Redis."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from typing import Any, Final
from uuid import UUID

from dishka import AsyncContainer
from saq import Job, Worker
from saq.types import PartialTimersDict

from adapters.queue.saq_queue import GENERATE_COURSE, saq_queue
from adapters.settings import Settings
from application.ai.resume_generation_jobs import ResumeGenerationJobs
from application.ai.run_generation_job import RunGenerationJob
from application.ports.generation_jobs import GenerationJobs
from domain.generation_jobs import JobStatus
from entrypoints.container import build_container

logger = logging.getLogger(__name__)

# Beats per heartbeat period: a few missed beats (a slow Redis) do not get a live job swept.
BEATS_PER_PERIOD: Final = 3
# How often a worker reports itself to the queue (what `ahc worker --check` looks for).
WORKER_INFO_SECONDS: Final = 10
# How often unfinished jobs are handed to the queue again, in case a hand-over was lost.
RESUME_EVERY_SECONDS: Final = 60


def _host() -> str:
    # SAQ splits its keys on ':': none in a worker's name.
    return socket.gethostname().replace(":", "-")


def worker_id() -> str:
    """This process's name on the queue: host and pid."""
    return f"{_host()}-{os.getpid()}"


async def _beat(job: Job, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            await job.update()
        except Exception:
            logger.warning("could not send the job's heartbeat", exc_info=True)


async def generate_course(ctx: dict[str, Any], *, job_id: str) -> None:
    """Run one generation job (first run or resumed), beating its heartbeat meanwhile."""
    container: AsyncContainer = ctx["container"]
    settings: Settings = ctx["settings"]
    beat = asyncio.create_task(_beat(ctx["job"], settings.job_heartbeat_seconds / BEATS_PER_PERIOD))
    try:
        run = await container.get(RunGenerationJob)
        await run(UUID(job_id))
    except Exception:
        job: Job = ctx["job"]
        if job.attempts >= job.retries:
            # The last attempt: the job cannot go on, say so where clients look.
            await (await container.get(GenerationJobs)).finish(UUID(job_id), JobStatus.FAILED)
        raise
    finally:
        beat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beat


async def _resume_now_and_then(container: AsyncContainer) -> None:
    """Hands over jobs whose hand-over was lost (Redis away when a web instance queued them).

    Jobs still in the queue are not queued twice: the queue keys them by id.
    """
    while True:
        try:
            resumed = await (await container.get(ResumeGenerationJobs))()
        except Exception:
            logger.warning("could not hand over the unfinished generation jobs", exc_info=True)
        else:
            logger.debug("unfinished generation jobs handed over", extra={"jobs": len(resumed)})
        await asyncio.sleep(RESUME_EVERY_SECONDS)


async def work(settings: Settings) -> None:
    """Take jobs until SIGINT or SIGTERM; a job cut short goes back to the queue."""
    if settings.redis_url is None:
        raise RuntimeError("REDIS_URL must be set to run a worker")
    container = build_container(settings)
    queue = saq_queue(settings.redis_url)

    resuming: list[asyncio.Task[None]] = []

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["container"] = container
        ctx["settings"] = settings
        resuming.append(asyncio.create_task(_resume_now_and_then(container)))
        logger.info("worker started", extra={"worker": worker_id()})

    async def shutdown(_: dict[str, Any]) -> None:
        for task in resuming:
            task.cancel()
        await asyncio.gather(*resuming, return_exceptions=True)
        await container.close()

    worker: Worker[Any] = Worker(
        queue,
        functions=[(GENERATE_COURSE, generate_course)],
        id=worker_id(),
        concurrency=settings.worker_concurrency,
        startup=startup,
        shutdown=shutdown,
        # Sweeping finds jobs whose worker stopped beating and puts them back in the queue.
        timers=PartialTimersDict(
            schedule=1, abort=1, sweep=settings.job_heartbeat_seconds, worker_info=WORKER_INFO_SECONDS
        ),
    )
    await queue.connect()
    try:
        await worker.start()
    finally:
        await queue.disconnect()


async def worker_is_alive(settings: Settings) -> bool:
    """Whether a worker of this host has reported to the queue lately (the container health check)."""
    if settings.redis_url is None:
        return False
    queue = saq_queue(settings.redis_url)
    await queue.connect()
    try:
        info = await queue.info()
    finally:
        await queue.disconnect()
    return any(name.startswith(f"{_host()}-") for name in info["workers"])
