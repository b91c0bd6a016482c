from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class WrittenLesson:
    """A model's answer to a lesson prompt, and what it cost."""

    text: str
    input_tokens: int
    output_tokens: int


class LessonWriter(Protocol):
    """A language model that writes a lesson's Markdown from a prompt.

    Raises UpstreamUnavailable when the model is rate limited or down (worth retrying
    later), UpstreamFailed for a refused, blocked or empty answer or any other failure,
    and ServiceNotConfigured when no model is configured.
    """

    @property
    def upstream(self) -> str:
        """The name of the model's provider, as clients see it in error messages."""
        ...

    async def write(self, prompt: str) -> WrittenLesson: ...
