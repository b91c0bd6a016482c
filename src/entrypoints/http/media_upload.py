"""Streams a multipart media upload into a staged file, never holding the body in memory.

Litestar's own form parsing buffers the whole body, so the upload route reads the raw
stream and feeds it to python-multipart's push parser. The file part is written to disk
as it arrives; its type is judged from its first bytes, and reading stops as soon as it
passes the cap of that type.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

from litestar import Request
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from application.media.upload_media import StagedFile
from domain.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from domain.media import SNIFF_BYTES, MediaKind, MediaLimits, classify_upload, clean_filename

FILE_FIELD: Final = "file"
MAX_PARTS: Final = 8
MAX_FIELD_BYTES: Final = 48 * 1024
# Room for the non-file parts and the multipart framing on top of the file itself.
FORM_OVERHEAD_BYTES: Final = MAX_PARTS * (MAX_FIELD_BYTES + 8 * 1024)
# Written to disk in batches of about this size, each off the event loop.
WRITE_BATCH_BYTES: Final = 1024 * 1024


STAGED_PREFIX: Final = "upload-"
# A staged file this old belongs to an upload that died with its process.
STALE_AFTER_SECONDS: Final = 24 * 3600


def remove_stale_uploads(directory: Path) -> int:
    """Delete staged files left behind by a crash; returns how many went."""
    removed = 0
    cutoff = time.time() - STALE_AFTER_SECONDS
    for path in directory.glob(f"{STAGED_PREFIX}*") if directory.is_dir() else ():
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
    return removed


@dataclass(frozen=True)
class UploadStaging:
    """Where uploads wait while they are received (on disk, not in a memory-backed /tmp)."""

    directory: Path
    limits: MediaLimits


@dataclass(frozen=True)
class ReceivedUpload:
    file: StagedFile
    fields: dict[str, str]


@dataclass
class _Part:
    name: str
    filename: str | None
    content_type: str | None
    value: bytearray = field(default_factory=bytearray)


class _UploadParser:
    """The push parser's callbacks: collects fields and hands file bytes over for writing."""

    def __init__(self, limits: MediaLimits) -> None:
        self._limits = limits
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._headers: dict[str, bytes] = {}
        self._part: _Part | None = None
        self._parts = 0
        self.fields: dict[str, str] = {}
        self.file: _Part | None = None
        self.kind: MediaKind | None = None
        self.file_size = 0
        self.pending: list[bytes] = []
        self.pending_bytes = 0
        self.finished = False

    def callbacks(self) -> Any:
        return {
            "on_part_begin": self._on_part_begin,
            "on_header_field": self._on_header_field,
            "on_header_value": self._on_header_value,
            "on_header_end": self._on_header_end,
            "on_headers_finished": self._on_headers_finished,
            "on_part_data": self._on_part_data,
            "on_part_end": self._on_part_end,
            "on_end": self._on_end,
        }

    def _on_part_begin(self) -> None:
        self._parts += 1
        if self._parts > MAX_PARTS:
            raise InvalidInput(f"A media upload has at most {MAX_PARTS} parts")
        self._headers = {}

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _on_header_end(self) -> None:
        self._headers[self._header_name.decode("latin-1").strip().lower()] = bytes(self._header_value).strip()
        self._header_name.clear()
        self._header_value.clear()

    def _on_headers_finished(self) -> None:
        disposition, options = parse_options_header(self._headers.get("content-disposition"))
        raw_name = options.get(b"name")
        if disposition != b"form-data" or raw_name is None:
            raise InvalidInput("Every part of the upload needs a form-data name")
        name = raw_name.decode("utf-8", "replace")
        raw_filename = options.get(b"filename")
        content_type = parse_options_header(self._headers.get("content-type"))[0].decode("latin-1")
        self._part = _Part(
            name=name,
            filename=None if raw_filename is None else raw_filename.decode("utf-8", "replace"),
            content_type=content_type or None,
        )
        if name == FILE_FIELD:
            if self.file is not None:
                raise InvalidInput.for_field(FILE_FIELD, "only one file per upload")
            self.file = self._part
        elif name in self.fields:
            raise InvalidInput.for_field(name, "given more than once")

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        part = self._part
        assert part is not None
        if part is not self.file:
            if len(part.value) + end - start > MAX_FIELD_BYTES:
                raise PayloadTooLarge(f"The field {part.name} is larger than {MAX_FIELD_BYTES} bytes")
            part.value += data[start:end]
            return
        chunk = data[start:end]
        self.file_size += len(chunk)
        if self.kind is None:
            # The first bytes wait in memory until there are enough to judge the type.
            part.value += chunk
            if len(part.value) >= SNIFF_BYTES:
                self._classify()
            return
        self._limits.check(self.kind.resource_type, self.file_size)
        self.pending.append(chunk)
        self.pending_bytes += len(chunk)

    def _classify(self) -> None:
        file = self.file
        assert file is not None
        self.kind = classify_upload(bytes(file.value), file.content_type)
        self._limits.check(self.kind.resource_type, self.file_size)
        self.pending.append(bytes(file.value))
        self.pending_bytes += len(file.value)
        file.value.clear()

    def _on_part_end(self) -> None:
        part = self._part
        assert part is not None
        if part is self.file:
            if self.file_size == 0:
                raise InvalidInput.for_field(FILE_FIELD, "the file is empty")
            if self.kind is None:
                self._classify()
        else:
            try:
                self.fields[part.name] = part.value.decode("utf-8")
            except UnicodeDecodeError:
                raise InvalidInput.for_field(part.name, "must be UTF-8 text") from None
        self._part = None

    def _on_end(self) -> None:
        self.finished = True

    def take_pending(self) -> bytes:
        data = b"".join(self.pending)
        self.pending.clear()
        self.pending_bytes = 0
        return data


def _boundary(request: Request[Any, Any, Any]) -> bytes:
    media_type, options = request.content_type
    boundary = options.get("boundary")
    if media_type != "multipart/form-data" or not boundary:
        raise UnsupportedMediaType("Upload media as multipart/form-data")
    return boundary.encode("latin-1")


async def _write(target: IO[bytes], data: bytes) -> None:
    if data:
        await asyncio.to_thread(target.write, data)


@contextlib.asynccontextmanager
async def receive_upload(
    request: Request[Any, Any, Any], staging: UploadStaging
) -> AsyncIterator[ReceivedUpload]:
    """The upload, staged in a file that is removed again when the block ends."""
    limits = staging.limits
    body_cap = limits.largest + FORM_OVERHEAD_BYTES
    announced = request.headers.get("content-length")
    if announced is not None and announced.isdigit() and int(announced) > body_cap:
        raise PayloadTooLarge(f"The upload is larger than the cap of {limits.largest} bytes")
    boundary = _boundary(request)
    await asyncio.to_thread(staging.directory.mkdir, parents=True, exist_ok=True)
    descriptor, name = await asyncio.to_thread(tempfile.mkstemp, prefix=STAGED_PREFIX, dir=staging.directory)
    path = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as target:
            parser = _UploadParser(limits)
            try:
                multipart = MultipartParser(boundary, parser.callbacks())
            except FormParserError:
                raise InvalidInput("Malformed multipart boundary") from None
            received = 0
            async for chunk in request.stream():
                received += len(chunk)
                if received > body_cap:
                    raise PayloadTooLarge(f"The upload is larger than the cap of {limits.largest} bytes")
                try:
                    multipart.write(chunk)
                except FormParserError:
                    raise InvalidInput("Malformed multipart body") from None
                if parser.pending_bytes >= WRITE_BATCH_BYTES:
                    await _write(target, parser.take_pending())
            await _write(target, parser.take_pending())
        if not parser.finished:
            raise InvalidInput("Malformed multipart body: it ends before its closing boundary")
        if parser.file is None or parser.kind is None:
            raise InvalidInput.for_field(FILE_FIELD, "a file is required")
        staged = StagedFile(
            path=path,
            size=parser.file_size,
            kind=parser.kind,
            original_filename=clean_filename(parser.file.filename),
        )
        yield ReceivedUpload(file=staged, fields=parser.fields)
    finally:
        await asyncio.to_thread(path.unlink, missing_ok=True)
