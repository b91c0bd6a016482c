"""Wire types of the media routes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar.exceptions import ValidationException
from litestar.openapi.spec import OpenAPIMediaType, Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType

from domain.media import (
    ALT_TEXT_MAX,
    DESCRIPTION_MAX,
    FOLDER_NAME_MAX,
    FOLDER_PATTERN,
    TITLE_MAX,
    Media,
    ResourceType,
)

Title = Annotated[str, msgspec.Meta(max_length=TITLE_MAX)]
AltText = Annotated[str, msgspec.Meta(max_length=ALT_TEXT_MAX)]
Description = Annotated[str, msgspec.Meta(max_length=DESCRIPTION_MAX)]
Folder = Annotated[
    str,
    msgspec.Meta(
        max_length=FOLDER_NAME_MAX,
        pattern=FOLDER_PATTERN,
        description="Folder path: letters, digits, '_' and '-', segments separated by '/'",
    ),
]


class MediaOut(msgspec.Struct, kw_only=True):
    id: UUID
    public_id: str
    resource_type: ResourceType
    format: str
    version: int | None
    secure_url: str
    url: str
    content_type: str
    bytes: int
    width: int | None
    height: int | None
    duration_ms: int | None
    folder: str | None
    original_filename: str
    title: str | None
    alt_text: str | None
    description: str | None
    is_published: bool
    is_deleted: bool
    deleted_at: datetime | None
    deleted_by: UUID | None
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def from_media(cls, media: Media) -> MediaOut:
        return cls(**{name: getattr(media, name) for name in cls.__struct_fields__})


class MediaPage(msgspec.Struct, kw_only=True):
    items: list[MediaOut]
    total: int


class MediaMetadataPatch(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Metadata only: what storage knows of the file (public_id, bytes, ...) cannot be patched."""

    title: Title | msgspec.UnsetType | None = msgspec.UNSET
    alt_text: AltText | msgspec.UnsetType | None = msgspec.UNSET
    description: Description | msgspec.UnsetType | None = msgspec.UNSET
    is_published: bool | msgspec.UnsetType = msgspec.UNSET


class MediaUploadForm(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The non-file fields of an upload."""

    title: Title | None = None
    alt_text: AltText | None = None
    description: Description | None = None
    folder: Folder | None = None
    is_published: bool = True

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> MediaUploadForm:
        """Form values are text: an empty one counts as left out; booleans read as true/false.

        Values are taken as sent (not trimmed), so that each is checked as the document says.
        """
        given = {name: value for name, value in fields.items() if value != ""}
        if given.get("is_published", "true").lower() not in ("true", "false"):
            raise ValidationException(
                "Request validation failed",
                extra=[{"key": "is_published", "message": "Expected true or false"}],
            )
        try:
            return msgspec.convert(given, cls, strict=False)
        except msgspec.ValidationError as exc:
            raise ValidationException("Request validation failed", extra=[_problem(str(exc))]) from None


_PATH = re.compile(r" - at `\$\.(\w+)`$")
_UNKNOWN = re.compile(r"^Object contains unknown field `(.+)`$")


def _problem(message: str) -> dict[str, Any]:
    if unknown := _UNKNOWN.match(message):
        return {"key": unknown.group(1), "message": "unknown field"}
    if located := _PATH.search(message):
        return {"key": located.group(1), "message": message[: located.start()]}
    return {"key": "body", "message": message}


def _text(max_length: int, description: str) -> Schema:
    return Schema(type=OpenAPIType.STRING, max_length=max_length, description=description)


@dataclass
class UploadOperation(Operation):
    """The upload route reads its multipart body itself; this documents that body."""

    def __post_init__(self) -> None:
        form = Schema(
            type=OpenAPIType.OBJECT,
            required=["file"],
            properties={
                "file": Schema(
                    type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY, description="The image or video"
                ),
                "title": _text(TITLE_MAX, "Title"),
                "alt_text": _text(ALT_TEXT_MAX, "Alternative text"),
                "description": _text(DESCRIPTION_MAX, "Description"),
                "folder": Schema(
                    type=OpenAPIType.STRING,
                    max_length=FOLDER_NAME_MAX,
                    # An empty form field counts as left out.
                    pattern=f"^$|{FOLDER_PATTERN}",
                    description="Storage folder",
                ),
                "is_published": Schema(type=OpenAPIType.BOOLEAN, default=True),
            },
        )
        self.request_body = RequestBody(
            required=True, content={"multipart/form-data": OpenAPIMediaType(schema=form)}
        )
