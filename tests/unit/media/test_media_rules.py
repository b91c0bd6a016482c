from __future__ import annotations

from pathlib import Path
from uuid import uuid4

import pytest

from adapters.media.image_size import image_size
from domain.errors import PayloadTooLarge, UnsupportedMediaType
from domain.media import (
    FILENAME_MAX,
    GIF,
    JPEG,
    MP4,
    PNG,
    QUICKTIME,
    WEBM,
    WEBP,
    MediaLimits,
    ResourceType,
    classify_upload,
    clean_filename,
    new_public_id,
    sniff_media_kind,
)
from tests.unit.media import samples


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (samples.png(), PNG),
        (samples.jpeg(), JPEG),
        (samples.gif(), GIF),
        (samples.webp(), WEBP),
        (samples.mp4(), MP4),
        (samples.quicktime(), QUICKTIME),
        (samples.webm(), WEBM),
    ],
)
def test_each_accepted_kind_is_known_by_its_leading_bytes(content: bytes, kind: object) -> None:
    assert sniff_media_kind(content[:64]) == kind


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"hello world",
        b"%PDF-1.7\n",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        b"\x1a\x45\xdf\xa3matroska",
    ],
)
def test_other_content_is_unknown(content: bytes) -> None:
    assert sniff_media_kind(content) is None
    with pytest.raises(UnsupportedMediaType):
        classify_upload(content, None)


def test_declared_type_must_match_the_content() -> None:
    assert classify_upload(samples.png(), "image/png") == PNG
    assert classify_upload(samples.jpeg(), "image/jpg") == JPEG
    assert classify_upload(samples.mp4(), "application/octet-stream") == MP4
    assert classify_upload(samples.webm(), None) == WEBM
    with pytest.raises(UnsupportedMediaType, match="declared as image/jpeg"):
        classify_upload(samples.png(), "image/jpeg")
    with pytest.raises(UnsupportedMediaType):
        classify_upload(samples.mp4(), "video/quicktime")


def test_size_caps_depend_on_the_resource_type() -> None:
    limits = MediaLimits(max_image_bytes=10, max_video_bytes=100)
    limits.check(ResourceType.IMAGE, 10)
    limits.check(ResourceType.VIDEO, 100)
    with pytest.raises(PayloadTooLarge):
        limits.check(ResourceType.IMAGE, 11)
    with pytest.raises(PayloadTooLarge):
        limits.check(ResourceType.VIDEO, 101)
    assert limits.largest == 100


def test_client_file_names_are_cleaned() -> None:
    assert clean_filename("C:\\Users\\me\\Holiday Photo.JPG") == "Holiday Photo.JPG"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("bad\x00name\n.png") == "badname.png"
    assert clean_filename(None) == "upload"
    assert clean_filename("...") == "upload"
    long_name = clean_filename("a" * 400 + ".webp")
    assert len(long_name) == FILENAME_MAX
    assert long_name.endswith(".webp")


def test_public_ids_are_random_and_sit_in_their_folder() -> None:
    first, second = new_public_id(None), new_public_id("courses/covers")
    assert len(first) == 32
    assert int(first, 16) >= 0
    assert second.startswith("courses/covers/")
    assert second.removeprefix("courses/covers/") != first


@pytest.mark.parametrize(
    ("content", "size"),
    [
        (samples.png(31, 17), (31, 17)),
        (samples.jpeg(640, 480, padding=300), (640, 480)),
        (samples.gif(12, 34), (12, 34)),
        (samples.webp(1920, 1080), (1920, 1080)),
        (b"not an image at all", None),
    ],
)
def test_image_sizes_are_read_from_headers(
    tmp_path: Path, content: bytes, size: tuple[int, int] | None
) -> None:
    path = tmp_path / uuid4().hex
    path.write_bytes(content)
    assert image_size(path) == size
