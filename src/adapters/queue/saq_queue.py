"""Jobs handed to worker processes through SAQ's queue on Redis."""

from __future__ import annotations

from typing import Final
from uuid import UUID

from saq import Job
from saq.queue.redis import RedisQueue

QUEUE_NAME: Final = "generation"
GENERATE_COURSE: Final = "generate_course"
# A job may be taken up again this many times (a worker killed or stalled mid-job).
MAX_ATTEMPTS: Final = 20
# How long SAQ keeps a finished job's record (its own bookkeeping; ours is in the database).
FINISHED_TTL_SECONDS: Final = 3600


def saq_queue(redis_url: str) -> RedisQueue:
    return RedisQueue.from_url(redis_url, name=QUEUE_NAME)


class SaqGenerationQueue:
    """One SAQ job per generation job, keyed by its id: dispatching a job still waiting is a no-op.

    No timeout (a course takes minutes) but a heartbeat: a job whose worker stops beating
    (killed, frozen) is swept by another worker and retried there.
    """

    def __init__(self, queue: RedisQueue, heartbeat_seconds: int) -> None:
        self._queue = queue
        self._heartbeat_seconds = heartbeat_seconds

    async def dispatch(self, job_id: UUID) -> None:
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
