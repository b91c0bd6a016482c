from __future__ import annotations

import asyncio
from pathlib import Path
from uuid import uuid4

import pytest

from application.media.delete_media import DeleteMedia
from application.media.get_media import GetMedia
from application.media.list_media import ListMedia
from application.media.restore_media import RestoreMedia
from application.media.soft_delete_media import SoftDeleteMedia
from application.media.update_media_metadata import MediaMetadataChanges, UpdateMediaMetadata
from application.media.upload_media import MediaUpload, StagedFile, UploadMedia
from application.pagination import PageRequest
from application.ports.media import MediaFilter
from domain.errors import Conflict, DomainError, NotFound, UpstreamFailed, UpstreamUnavailable
from domain.media import MP4, PNG, MediaKind
from domain.users import Role, User
from tests.unit.fakes import FakeUnitOfWork, FixedClock
from tests.unit.media import samples
from tests.unit.media.fakes import FakeMediaRepository, FakeMediaStorage, a_media


def _staged(tmp_path: Path, content: bytes, kind: MediaKind) -> StagedFile:
    path = tmp_path / "staged"
    path.write_bytes(content)
    return StagedFile(path=path, size=len(content), kind=kind, original_filename="cover.png")


def _user(role: Role) -> User:
    return User(username="someone", email="s@example.com", password_hash="x", full_name="Some One", role=role)


async def test_upload_stores_the_file_then_records_what_storage_said(tmp_path: Path) -> None:
    storage, repository, uow = FakeMediaStorage(), FakeMediaRepository(), FakeUnitOfWork()
    upload = MediaUpload(file=_staged(tmp_path, samples.png(), PNG), title="Cover", folder="courses")

    media = await UploadMedia(storage, repository, uow)(upload)

    assert uow.committed
    assert repository.rows == {media.id: media}
    assert media.public_id.startswith("courses/")
    assert storage.files[media.public_id].data == samples.png()
    assert (media.format, media.content_type, media.version) == ("png", "image/png", 7)
    assert (media.width, media.height, media.duration_ms) == (20, 10, None)
    assert (media.bytes, media.original_filename, media.title) == (len(samples.png()), "cover.png", "Cover")
    assert media.secure_url == f"https://cdn.example/{media.public_id}.png"


async def test_video_duration_is_kept_in_milliseconds(tmp_path: Path) -> None:
    storage = FakeMediaStorage(duration_seconds=12.3456)
    upload = MediaUpload(file=_staged(tmp_path, samples.mp4(), MP4))
    media = await UploadMedia(storage, FakeMediaRepository(), FakeUnitOfWork())(upload)
    assert media.duration_ms == 12346


async def test_an_upload_whose_row_cannot_be_written_is_removed_from_storage(tmp_path: Path) -> None:
    storage, repository, uow = FakeMediaStorage(), FakeMediaRepository(), FakeUnitOfWork()
    repository.fail_add = RuntimeError("database down")

    with pytest.raises(RuntimeError, match="database down"):
        await UploadMedia(storage, repository, uow)(MediaUpload(file=_staged(tmp_path, samples.png(), PNG)))

    assert storage.files == {}
    assert len(storage.destroyed) == 1
    assert not uow.committed


async def test_compensation_that_fails_too_still_raises_the_first_error(tmp_path: Path) -> None:
    storage, repository = FakeMediaStorage(), FakeMediaRepository()
    repository.fail_add = asyncio.CancelledError()
    storage.fail_destroy = UpstreamUnavailable("Cloudinary", "down")

    with pytest.raises(asyncio.CancelledError):
        await UploadMedia(storage, repository, FakeUnitOfWork())(
            MediaUpload(file=_staged(tmp_path, samples.png(), PNG))
        )


async def test_delete_removes_from_storage_then_the_row() -> None:
    media = a_media()
    storage, repository, uow = FakeMediaStorage(), FakeMediaRepository(media), FakeUnitOfWork()
    await DeleteMedia(repository, storage, uow)(media.id)
    assert storage.destroyed == ["abc"]
    assert repository.rows == {}
    assert uow.committed


@pytest.mark.parametrize(
    "failure", [UpstreamFailed("Cloudinary", "refused"), UpstreamUnavailable("Cloudinary", "down", 30)]
)
async def test_a_storage_failure_keeps_the_row_and_is_a_failure(failure: DomainError) -> None:
    media = a_media()
    storage, repository, uow = FakeMediaStorage(), FakeMediaRepository(media), FakeUnitOfWork()
    storage.fail_destroy = failure
    with pytest.raises(UpstreamFailed):
        await DeleteMedia(repository, storage, uow)(media.id)
    assert media.id in repository.rows
    assert not uow.committed


async def test_media_in_use_cannot_be_deleted_and_storage_is_left_alone() -> None:
    media = a_media()
    storage, repository, uow = FakeMediaStorage(), FakeMediaRepository(media), FakeUnitOfWork()
    repository.in_use.add(media.id)
    with pytest.raises(Conflict):
        await DeleteMedia(repository, storage, uow)(media.id)
    assert storage.destroyed == []
    assert media.id in repository.rows


async def test_deleting_unknown_media_is_not_found() -> None:
    with pytest.raises(NotFound):
        await DeleteMedia(FakeMediaRepository(), FakeMediaStorage(), FakeUnitOfWork())(uuid4())


@pytest.mark.parametrize(
    ("changes", "others_see"),
    [({}, True), ({"is_published": False}, False), ({"is_deleted": True}, False)],
)
async def test_get_shows_public_media_to_anyone_and_the_rest_to_admins(
    changes: dict[str, bool], others_see: bool
) -> None:
    media = a_media(**changes)
    get = GetMedia(FakeMediaRepository(media))
    assert await get(media.id, _user(Role.ADMIN)) is media
    for caller in (None, _user(Role.USER), _user(Role.MODERATOR)):
        if others_see:
            assert await get(media.id, caller) is media
        else:
            with pytest.raises(NotFound):
                await get(media.id, caller)


async def test_soft_delete_records_who_and_when_and_restore_clears_both() -> None:
    media, clock, admin_id = a_media(), FixedClock(), uuid4()
    repository = FakeMediaRepository(media)
    uow = FakeUnitOfWork()

    deleted = await SoftDeleteMedia(repository, uow, clock)(media.id, admin_id)
    assert (deleted.is_deleted, deleted.deleted_at, deleted.deleted_by) == (True, clock.now(), admin_id)
    assert uow.committed
    # A second soft delete keeps the first record of it.
    await SoftDeleteMedia(repository, FakeUnitOfWork(), FixedClock(clock.now().replace(year=2030)))(
        media.id, uuid4()
    )
    assert (media.deleted_at, media.deleted_by) == (clock.now(), admin_id)

    restored = await RestoreMedia(repository, FakeUnitOfWork())(media.id)
    assert (restored.is_deleted, restored.deleted_at, restored.deleted_by) == (False, None, None)
    with pytest.raises(NotFound):
        await RestoreMedia(repository, FakeUnitOfWork())(uuid4())


async def test_metadata_update_changes_only_what_is_given() -> None:
    media = a_media(title="Old", alt_text="Alt", description="Text")
    uow = FakeUnitOfWork()
    updated = await UpdateMediaMetadata(FakeMediaRepository(media), uow)(
        media.id, MediaMetadataChanges(title="New", description=None, is_published=False)
    )
    assert (updated.title, updated.alt_text, updated.description, updated.is_published) == (
        "New",
        "Alt",
        None,
        False,
    )
    assert uow.committed


async def test_list_ignores_a_blank_search() -> None:
    repository = FakeMediaRepository(a_media(), a_media(is_deleted=True))
    page = await ListMedia(repository)(MediaFilter(search="   "), PageRequest())
    assert page.total == 1
    assert repository.seen_filter == MediaFilter()
