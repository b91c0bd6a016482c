"""Structured logging: one JSON object per line, each carrying the request id."""

from __future__ import annotations

import asyncio
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO, Any, Final

import msgspec

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

_encoder: Final = msgspec.json.Encoder(enc_hook=str)
# Attributes every LogRecord has; anything else was passed through `extra=` and is logged.
_STANDARD_ATTRS: Final = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line; newlines inside values are escaped, never emitted."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id is not None:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return _encoder.encode(entry).decode()


class _AccessLine(msgspec.Struct):
    time: str
    level: str
    logger: str
    message: str
    request_id: str
    method: str
    path: str
    status: int
    duration_ms: float


class AccessLog:
    """One JSON line per request, in the same shape as every other log line.

    Lines are written in batches (at most `flush_after` seconds late): a write to standard
    error per request would cost more than the rest of a fast request's bookkeeping.
    """

    LOGGER = "access"

    def __init__(
        self, stream: IO[str] | None = None, *, flush_after: float = 0.5, max_lines: int = 256
    ) -> None:
        self._stream = stream
        self._lines: list[bytes] = []
        self._flush_after = flush_after
        self._max_lines = max_lines
        self._flush_scheduled = False
        self._encoder = msgspec.json.Encoder()

    @property
    def enabled(self) -> bool:
        return logging.getLogger(self.LOGGER).isEnabledFor(logging.INFO)

    def record(self, request_id: str, method: str, path: str, status: int, duration_ms: float) -> None:
        line = _AccessLine(
            time=datetime.now(UTC).isoformat(timespec="milliseconds"),
            level="INFO",
            logger=self.LOGGER,
            message="request",
            request_id=request_id,
            method=method,
            path=path,
            status=status,
            duration_ms=round(duration_ms, 2),
        )
        self._lines.append(self._encoder.encode(line))
        if len(self._lines) >= self._max_lines:
            self.flush()
        elif not self._flush_scheduled:
            self._flush_scheduled = True
            asyncio.get_running_loop().call_later(self._flush_after, self.flush)

    def flush(self) -> None:
        self._flush_scheduled = False
        if not self._lines:
            return
        text = b"\n".join(self._lines).decode() + "\n"
        self._lines.clear()
        stream = self._stream or sys.stderr
        stream.write(text)
        stream.flush()


def configure_logging(level: str) -> None:
    """Send every logger's records, as JSON lines, to standard error."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "litestar"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    # Access lines come from our own middleware (AccessLog), with the request id.
    logging.getLogger("uvicorn.access").disabled = True
