"""Lessons written by Google Gemini through the google-genai SDK's async client."""

from __future__ import annotations

import logging
import math
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Final

import httpx
import httpx2
from google import genai
from google.genai import errors, types

from application.ports.lesson_writer import WrittenLesson
from domain.errors import UpstreamFailed, UpstreamUnavailable

logger = logging.getLogger(__name__)

UPSTREAM: Final = "Gemini"
# The API version the public Gemini endpoint serves generateContent under.
API_VERSION: Final = "v1beta"
# What a client is told to wait when Gemini does not say: its quota windows are a minute.
DEFAULT_RETRY_AFTER_SECONDS: Final = 30
MAX_RETRY_DELAY_SECONDS: Final = 30.0

_RATE_LIMITED: Final = 429
# Statuses that mean "try again later" rather than "this request is wrong".
_UNAVAILABLE: Final = frozenset({_RATE_LIMITED, 503, 504})
_OK_FINISH: Final = frozenset({types.FinishReason.STOP, types.FinishReason.FINISH_REASON_UNSPECIFIED})
_RETRY_DELAY: Final = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s*$")

# The SDK sends its requests with httpx2 (or httpx when so configured); their transport
# errors escape it unchanged once its retries are spent.
_TIMEOUTS: Final = (httpx2.TimeoutException, httpx.TimeoutException)
_TRANSPORT_ERRORS: Final = (httpx2.TransportError, httpx.TransportError)


def _seconds(value: float) -> int:
    return max(1, math.ceil(value))


def _header_retry_after(response: Any) -> int | None:
    headers = getattr(response, "headers", None)
    raw = headers.get("retry-after") if headers is not None else None
    if not raw:
        return None
    raw = raw.strip()
    if raw.isdigit():
        return _seconds(int(raw))
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return _seconds((when - datetime.now(UTC)).total_seconds())


def _retry_info_delay(details: Any) -> int | None:
    """The `google.rpc.RetryInfo` delay Gemini puts in a 429's error details ("17s")."""
    error = details.get("error", details) if isinstance(details, dict) else None
    items = error.get("details") if isinstance(error, dict) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and str(item.get("@type", "")).endswith("RetryInfo"):
            match = _RETRY_DELAY.match(str(item.get("retryDelay", "")))
            if match:
                return _seconds(float(match.group(1)))
    return None


def retry_after(exc: errors.APIError) -> int:
    """How long a client should wait, as Gemini said it (header or RetryInfo), else a default."""
    return _header_retry_after(exc.response) or _retry_info_delay(exc.details) or DEFAULT_RETRY_AFTER_SECONDS


def _usage(response: types.GenerateContentResponse) -> tuple[int, int]:
    usage = response.usage_metadata
    if usage is None:
        return 0, 0
    # Thinking is billed as output: the caller sees what the answer cost.
    output = (usage.candidates_token_count or 0) + (usage.thoughts_token_count or 0)
    return usage.prompt_token_count or 0, output


def _answer_text(response: types.GenerateContentResponse) -> str:
    """The answer's text; UpstreamFailed when Gemini blocked, cut short or left it empty."""
    feedback = response.prompt_feedback
    if feedback is not None and feedback.block_reason is not None:
        raise UpstreamFailed(UPSTREAM, f"Gemini blocked the prompt ({feedback.block_reason.value})")
    if not response.candidates:
        raise UpstreamFailed(UPSTREAM, "Gemini returned no answer")
    finish = response.candidates[0].finish_reason
    if finish is types.FinishReason.MAX_TOKENS:
        raise UpstreamFailed(UPSTREAM, "Gemini's answer was cut short (MAX_TOKENS)")
    if finish is not None and finish not in _OK_FINISH:
        raise UpstreamFailed(UPSTREAM, f"Gemini blocked the answer ({finish.value})")
    text = response.text
    if not text or not text.strip():
        raise UpstreamFailed(UPSTREAM, "Gemini returned an empty answer")
    return text


class GeminiLessonWriter:
    """Asks a Gemini model for a lesson.

    The API key travels only in the `x-goog-api-key` header (the SDK's way with an API
    key), never in a URL. Each attempt has a timeout; 429, 5xx and network failures are
    retried a bounded number of times with exponential backoff (the SDK's retry options).
    """

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None,
        timeout_seconds: float,
        max_retries: int,
        retry_initial_delay_seconds: float,
    ) -> None:
        self._model = model
        self._client = genai.Client(
            api_key=api_key,
            vertexai=False,
            http_options=types.HttpOptions(
                base_url=base_url,
                api_version=API_VERSION,
                timeout=max(1, round(timeout_seconds * 1000)),  # milliseconds
                retry_options=types.HttpRetryOptions(
                    attempts=max_retries + 1,
                    initial_delay=retry_initial_delay_seconds,
                    max_delay=MAX_RETRY_DELAY_SECONDS,
                    exp_base=2.0,
                    # Jitter in proportion to the delay, so that small delays stay small.
                    jitter=retry_initial_delay_seconds,
                ),
            ),
        )

    @property
    def upstream(self) -> str:
        return UPSTREAM

    async def write(self, prompt: str) -> WrittenLesson:
        try:
            response = await self._client.aio.models.generate_content(model=self._model, contents=prompt)
        except errors.APIError as exc:
            raise self._api_error(exc) from exc
        except _TIMEOUTS as exc:
            logger.warning("gemini timed out", extra={"model": self._model})
            raise UpstreamUnavailable(
                UPSTREAM, "Gemini did not answer in time", retry_after=DEFAULT_RETRY_AFTER_SECONDS
            ) from exc
        except _TRANSPORT_ERRORS as exc:
            logger.warning("gemini unreachable: %s", type(exc).__name__, extra={"model": self._model})
            raise UpstreamUnavailable(
                UPSTREAM, "Gemini is unreachable", retry_after=DEFAULT_RETRY_AFTER_SECONDS
            ) from exc
        except ValueError as exc:
            # Unparseable or ill-shaped answers (the SDK's own and pydantic's errors).
            logger.warning("gemini answer unreadable: %s", type(exc).__name__, extra={"model": self._model})
            raise UpstreamFailed(UPSTREAM, "Gemini returned a malformed answer") from exc
        text = _answer_text(response)
        input_tokens, output_tokens = _usage(response)
        return WrittenLesson(text=text, input_tokens=input_tokens, output_tokens=output_tokens)

    def _api_error(self, exc: errors.APIError) -> UpstreamFailed | UpstreamUnavailable:
        logger.warning(
            "gemini answered an error",
            extra={"model": self._model, "status_code": exc.code, "upstream_status": exc.status},
        )
        if exc.code == _RATE_LIMITED:
            return UpstreamUnavailable(UPSTREAM, "Gemini rate limit reached", retry_after=retry_after(exc))
        if exc.code in _UNAVAILABLE:
            return UpstreamUnavailable(UPSTREAM, "Gemini is unavailable", retry_after=retry_after(exc))
        return UpstreamFailed(UPSTREAM, f"Gemini failed (HTTP {exc.code})")

    async def close(self) -> None:
        await self._client.aio.aclose()
