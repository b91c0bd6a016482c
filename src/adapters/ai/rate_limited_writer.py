from __future__ import annotations

from adapters.redis.rate_limiter import RateLimiter
from application.ports.lesson_writer import LessonWriter, WrittenLesson


class RateLimitedLessonWriter:
    """A lesson writer that waits for a slot under the model's requests-per-minute budget."""

    def __init__(self, writer: LessonWriter, limiter: RateLimiter) -> None:
        self._writer = writer
        self._limiter = limiter

    @property
    def upstream(self) -> str:
        return self._writer.upstream

    async def write(self, prompt: str) -> WrittenLesson:
        await self._limiter.acquire()
        return await self._writer.write(prompt)
