"""Images and videos kept in media storage, and the rules their records obey."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Final
from uuid import UUID, uuid4

from domain.errors import PayloadTooLarge, UnsupportedMediaType

TITLE_MAX = 255
ALT_TEXT_MAX = 500
FILENAME_MAX = 255
FOLDER_MAX = 255
DESCRIPTION_MAX = 10_000
# Leaves room for "/" and the 32 hex digits of the generated name within the public id's 255.
FOLDER_NAME_MAX = 200
FOLDER_PATTERN: Final = r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$"
# Enough leading bytes to tell every accepted format apart (WebM names itself in its header).
SNIFF_BYTES: Final = 64


class ResourceType(StrEnum):
    IMAGE = "image"
    VIDEO = "video"


@dataclass(frozen=True)
class MediaKind:
    """What an uploaded file is, judged by its content."""

    resource_type: ResourceType
    format: str
    content_type: str


JPEG = MediaKind(ResourceType.IMAGE, "jpg", "image/jpeg")
PNG = MediaKind(ResourceType.IMAGE, "png", "image/png")
WEBP = MediaKind(ResourceType.IMAGE, "webp", "image/webp")
GIF = MediaKind(ResourceType.IMAGE, "gif", "image/gif")
MP4 = MediaKind(ResourceType.VIDEO, "mp4", "video/mp4")
WEBM = MediaKind(ResourceType.VIDEO, "webm", "video/webm")
QUICKTIME = MediaKind(ResourceType.VIDEO, "mov", "video/quicktime")

# Declared part types that name the same format as the sniffed one.
_ALIASES: Final[dict[str, str]] = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg"}
# A declared type that says nothing about the content: the leading bytes decide alone.
_UNDECLARED: Final = frozenset({"", "application/octet-stream"})
_MP4_BRANDS: Final = frozenset(
    {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash", b"mmp4", b"M4V "}
)


# Leading-byte signatures: (offset, bytes) pairs that must all match.
_SIGNATURES: Final[tuple[tuple[MediaKind, tuple[tuple[int, bytes], ...]], ...]] = (
    (JPEG, ((0, b"\xff\xd8\xff"),)),
    (PNG, ((0, b"\x89PNG\r\n\x1a\n"),)),
    (GIF, ((0, b"GIF87a"),)),
    (GIF, ((0, b"GIF89a"),)),
    (WEBP, ((0, b"RIFF"), (8, b"WEBP"))),
    (QUICKTIME, ((4, b"ftypqt  "),)),
)


def sniff_media_kind(head: bytes) -> MediaKind | None:
    """The accepted kind whose signature `head` (the file's first bytes) carries, else None."""
    for kind, parts in _SIGNATURES:
        if all(head[offset : offset + len(part)] == part for offset, part in parts):
            return kind
    if head[4:8] == b"ftyp" and head[8:12] in _MP4_BRANDS:
        return MP4
    # Matroska's EBML header; WebM names its document type within the first bytes.
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:SNIFF_BYTES]:
        return WEBM
    return None


def classify_upload(head: bytes, declared_content_type: str | None) -> MediaKind:
    """The kind of an upload; raises UnsupportedMediaType for unknown or mislabelled content."""
    kind = sniff_media_kind(head)
    if kind is None:
        raise UnsupportedMediaType(
            "Unsupported file type: accepted are JPEG, PNG, WebP and GIF images and MP4, WebM and "
            "QuickTime videos"
        )
    declared = (declared_content_type or "").strip().lower()
    declared = _ALIASES.get(declared, declared)
    if declared not in _UNDECLARED and declared != kind.content_type:
        raise UnsupportedMediaType(
            f"The file's content is {kind.content_type} but it was declared as {declared}"
        )
    return kind


@dataclass(frozen=True)
class MediaLimits:
    """Size caps of uploads, per resource type, in bytes."""

    max_image_bytes: int
    max_video_bytes: int

    @property
    def largest(self) -> int:
        return max(self.max_image_bytes, self.max_video_bytes)

    def cap_for(self, resource_type: ResourceType) -> int:
        return self.max_image_bytes if resource_type is ResourceType.IMAGE else self.max_video_bytes

    def check(self, resource_type: ResourceType, size: int) -> None:
        """Raise PayloadTooLarge once `size` passes the cap of `resource_type`."""
        cap = self.cap_for(resource_type)
        if size > cap:
            raise PayloadTooLarge(f"The {resource_type.value} is larger than its cap of {cap} bytes")


_UNSAFE_FILENAME: Final = re.compile(r"[\x00-\x1f\x7f/\\]")


def clean_filename(name: str | None) -> str:
    """The client's file name without any path, control characters or excess length."""
    text = unicodedata.normalize("NFC", name or "")
    # Browsers on Windows may send a full path; only its last part names the file.
    text = re.split(r"[/\\]", text)[-1]
    text = _UNSAFE_FILENAME.sub("", text).strip().strip(".") or "upload"
    if len(text) <= FILENAME_MAX:
        return text
    stem, dot, extension = text.rpartition(".")
    if dot and 0 < len(extension) <= 16:
        return stem[: FILENAME_MAX - len(extension) - 1] + "." + extension
    return text[:FILENAME_MAX]


def new_public_id(folder: str | None) -> str:
    """A storage id chosen by the server: random, so that clients cannot pick or guess one."""
    name = uuid4().hex
    return f"{folder}/{name}" if folder else name


@dataclass(eq=False)
class Media:
    public_id: str
    resource_type: ResourceType
    format: str
    secure_url: str
    url: str
    content_type: str
    bytes: int
    original_filename: str
    version: int | None = None
    width: int | None = None
    height: int | None = None
    duration_ms: int | None = None
    folder: str | None = None
    title: str | None = None
    alt_text: str | None = None
    description: str | None = None
    is_published: bool = True
    is_deleted: bool = False
    deleted_at: datetime | None = None
    deleted_by: UUID | None = None
    id: UUID = field(default_factory=uuid4)
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def is_image(self) -> bool:
        return self.resource_type is ResourceType.IMAGE

    @property
    def is_public(self) -> bool:
        """Anyone may see it; otherwise only administrators may."""
        return self.is_published and not self.is_deleted

    def soft_delete(self, by: UUID, at: datetime) -> None:
        """Hide it; deleting an already deleted row keeps who deleted it first and when."""
        if self.is_deleted:
            return
        self.is_deleted = True
        self.deleted_at = at
        self.deleted_by = by

    def restore(self) -> None:
        self.is_deleted = False
        self.deleted_at = None
        self.deleted_by = None
