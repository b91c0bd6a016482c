"""The lesson writer of a service with no AI provider configured."""

from __future__ import annotations

from application.ports.lesson_writer import WrittenLesson
from domain.errors import ServiceNotConfigured


class UnconfiguredLessonWriter:
    @property
    def upstream(self) -> str:
        return "AI provider"

    async def write(self, prompt: str) -> WrittenLesson:  # noqa: ARG002 (the port's signature)
        raise ServiceNotConfigured("AI provider not configured")
