"""Jobs handed to worker processes through SAQ's queue on Redis."""

from __future__ import annotations

import logging
from typing import Final
from uuid import UUID

from redis.exceptions import RedisError
from saq import Job
from saq.queue.redis import RedisQueue

logger = logging.getLogger(__name__)

QUEUE_NAME: Final = "generation"
GENERATE_COURSE: Final = "generate_course"
# A job may be taken up again this many times (a worker killed or stalled mid-job).
MAX_ATTEMPTS: Final = 20
# How long SAQ keeps a finished job's record (its own bookkeeping; ours is in the database).
FINISHED_TTL_SECONDS: Final = 3600


def saq_queue(redis_url: str) -> RedisQueue:
    return RedisQueue.from_url(redis_url, name=QUEUE_NAME)


async def close_quietly(queue: RedisQueue) -> None:
    """Disconnect; a Redis already gone is no reason to fail a shutdown."""
    try:
        await queue.disconnect()
    except (RedisError, OSError):
        logger.warning("the job queue's connection did not close cleanly", exc_info=True)


class SaqGenerationQueue:
    """One SAQ job per generation job, keyed by its id: dispatching a job still waiting is a no-op.

    No timeout (a course takes minutes) but a heartbeat: a job whose worker stops beating
    (killed, frozen) is swept by another worker and retried there.
    """

    def __init__(self, queue: RedisQueue, heartbeat_seconds: int) -> None:
        self._queue = queue
        self._heartbeat_seconds = heartbeat_seconds

    async def dispatch(self, job_id: UUID) -> None:
        try:
            await self._enqueue(job_id)
        except (RedisError, OSError):
            # The job is safe in the database: the workers' periodic resume hands it over later.
            logger.warning("could not queue the generation job", extra={"job_id": str(job_id)})

    async def _enqueue(self, job_id: UUID) -> None:
        await self._queue.enqueue(
            Job(
                function=GENERATE_COURSE,
                kwargs={"job_id": str(job_id)},
                key=str(job_id),
                timeout=0,
                heartbeat=self._heartbeat_seconds,
                retries=MAX_ATTEMPTS,
                ttl=FINISHED_TTL_SECONDS,
            )
        )
