"""Media routes: uploads, metadata, soft deletion and deletion from storage."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from dishka import FromDishka
from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, Parameter

from application.media.delete_media import DeleteMedia
from application.media.get_media import GetMedia
from application.media.list_media import ListMedia
from application.media.restore_media import RestoreMedia
from application.media.soft_delete_media import SoftDeleteMedia
from application.media.update_media_metadata import KEEP, MediaMetadataChanges, UpdateMediaMetadata
from application.media.upload_media import MediaUpload, UploadMedia
from application.pagination import PageRequest
from application.ports.media import MediaFilter
from application.ports.unit_of_work import UnitOfWork
from domain.media import ResourceType
from entrypoints.http.guards import authenticated_caller, optional_caller, requires_admin
from entrypoints.http.media_schemas import (
    MediaMetadataPatch,
    MediaOut,
    MediaPage,
    MediaUploadForm,
    UploadOperation,
)
from entrypoints.http.media_upload import UploadStaging, receive_upload
from entrypoints.http.openapi import ADMIN, error_responses
from entrypoints.http.pagination import (
    TOTAL_COUNT_RESPONSE_HEADER,
    provide_page_request,
    total_count_headers,
)

_UNSET = msgspec.UNSET

_UPLOAD_DESCRIPTION = """\
`multipart/form-data` with a `file` part (JPEG, PNG, WebP or GIF image; MP4, WebM or
QuickTime video; judged by its first bytes) and optional text parts `title`, `alt_text`,
`description`, `folder` and `is_published` (`true`/`false`). Images are capped at
`MEDIA_MAX_IMAGE_BYTES` and videos at `MEDIA_MAX_VIDEO_BYTES` (413 past them); the body
is streamed to disk, never held in memory."""


# Ids are declared as text in the path and parsed as UUIDs from it, so that a malformed id
# is a 422 (after the guards) rather than a 404 from the router.
class MediaController(Controller):
    path = "/media"
    tags = ["media"]

    @post(
        "/",
        guards=[requires_admin],
        # Capped by the media size settings in receive_upload instead of the JSON body cap.
        request_max_body_size=None,
        summary="Upload an image or a video",
        description=_UPLOAD_DESCRIPTION,
        operation_class=UploadOperation,
        responses=error_responses(*ADMIN, 413, 415, 502),
    )
    async def upload(
        self,
        request: Request[Any, Any, Any],
        staging: FromDishka[UploadStaging],
        upload_media: FromDishka[UploadMedia],
        uow: FromDishka[UnitOfWork],
    ) -> MediaOut:
        # End the read-only transaction the guard opened: no database connection is held
        # while a large body streams in and goes to storage.
        await uow.rollback()
        async with receive_upload(request, staging) as received:
            form = MediaUploadForm.from_fields(received.fields)
            media = await upload_media(
                MediaUpload(
                    file=received.file,
                    title=form.title,
                    alt_text=form.alt_text,
                    description=form.description,
                    folder=form.folder,
                    is_published=form.is_published,
                )
            )
        return MediaOut.from_media(media)

    @get(
        "/",
        guards=[requires_admin],
        summary="List media, newest first",
        dependencies={"page": Provide(provide_page_request, sync_to_thread=False)},
        response_headers=[TOTAL_COUNT_RESPONSE_HEADER],
        responses=error_responses(*ADMIN),
    )
    async def list_media(
        self,
        *,
        list_media: FromDishka[ListMedia],
        page: NamedDependency[PageRequest],
        resource_type: FromQuery[ResourceType | None] = None,
        is_published: FromQuery[bool | None] = None,
        is_deleted: Annotated[
            bool | None, Parameter(description="Soft-deleted rows are left out unless this is given")
        ] = None,
        search: Annotated[
            str | None,
            Parameter(max_length=200, description="Case-insensitive, in title, alt text and file name"),
        ] = None,
    ) -> Response[MediaPage]:
        found = await list_media(
            MediaFilter(
                resource_type=resource_type, is_published=is_published, is_deleted=is_deleted, search=search
            ),
            page,
        )
        body = MediaPage(items=[MediaOut.from_media(m) for m in found.items], total=found.total)
        return Response(body, headers=total_count_headers(found.total))

    @get(
        "/{media_id:str}",
        summary="One media row (public when published and not deleted)",
        responses=error_responses(401, 404),
    )
    async def get_media(
        self, request: Request[Any, Any, Any], media_id: FromPath[UUID], get_media: FromDishka[GetMedia]
    ) -> MediaOut:
        return MediaOut.from_media(await get_media(media_id, await optional_caller(request)))

    @patch(
        "/{media_id:str}",
        guards=[requires_admin],
        summary="Change title, alt text, description or publication",
        responses=error_responses(*ADMIN, 404),
    )
    async def update_metadata(
        self,
        media_id: FromPath[UUID],
        data: JSONBody[MediaMetadataPatch],
        update: FromDishka[UpdateMediaMetadata],
    ) -> MediaOut:
        changes = MediaMetadataChanges(
            title=KEEP if data.title is _UNSET else data.title,
            alt_text=KEEP if data.alt_text is _UNSET else data.alt_text,
            description=KEEP if data.description is _UNSET else data.description,
            is_published=KEEP if data.is_published is _UNSET else data.is_published,
        )
        return MediaOut.from_media(await update(media_id, changes))

    @post(
        "/{media_id:str}/soft-delete",
        guards=[requires_admin],
        status_code=200,
        summary="Hide media, keeping its file",
        responses=error_responses(*ADMIN, 404),
    )
    async def soft_delete(
        self,
        request: Request[Any, Any, Any],
        media_id: FromPath[UUID],
        soft_delete: FromDishka[SoftDeleteMedia],
    ) -> MediaOut:
        caller = await authenticated_caller(request)
        return MediaOut.from_media(await soft_delete(media_id, caller.id))

    @post(
        "/{media_id:str}/restore",
        guards=[requires_admin],
        status_code=200,
        summary="Undo a soft delete",
        responses=error_responses(*ADMIN, 404),
    )
    async def restore(self, media_id: FromPath[UUID], restore: FromDishka[RestoreMedia]) -> MediaOut:
        return MediaOut.from_media(await restore(media_id))

    @delete(
        "/{media_id:str}",
        guards=[requires_admin],
        summary="Delete the file from storage, then the row",
        responses=error_responses(*ADMIN, 404, 409, 502),
    )
    async def delete_media(self, media_id: FromPath[UUID], delete_media: FromDishka[DeleteMedia]) -> None:
        await delete_media(media_id)

    @delete(
        "/{media_id:str}/delete-permanent",
        guards=[requires_admin],
        summary="Delete the file from storage, then the row (same as DELETE /media/{id})",
        responses=error_responses(*ADMIN, 404, 409, 502),
    )
    async def delete_permanent(self, media_id: FromPath[UUID], delete_media: FromDishka[DeleteMedia]) -> None:
        await delete_media(media_id)
