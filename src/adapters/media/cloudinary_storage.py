"""Media kept in Cloudinary, through the official SDK."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import cloudinary
import cloudinary.exceptions
import cloudinary.uploader

from application.ports.media_storage import StoredAsset
from domain.errors import UpstreamFailed, UpstreamUnavailable
from domain.media import ResourceType

logger = logging.getLogger(__name__)

CLOUDINARY: Final = "Cloudinary"
# Cloudinary takes larger videos only in chunks.
LARGE_UPLOAD_BYTES: Final = 100 * 1024 * 1024
RATE_LIMIT_RETRY_AFTER: Final = 60
UNAVAILABLE_RETRY_AFTER: Final = 5
_GONE: Final = frozenset({"ok", "not found"})
# The SDK reports unparsable answers as "Error parsing server response (<status>) - ...".
_UNPARSABLE_STATUS: Final = re.compile(r"^Error parsing server response \((\d{3})\)")
# ... and network failures (timeouts included) with these prefixes.
_NETWORK_ERRORS: Final = ("Unexpected error", "Socket error")


class _UrlConfig(cloudinary.Config):  # type: ignore[misc]
    """The SDK's own configuration, read from one CLOUDINARY_URL instead of the environment."""

    def __init__(self, cloudinary_url: str) -> None:
        self.__dict__["_source_url"] = cloudinary_url
        super().__init__()

    def _load_config_from_env(self) -> None:
        self._load_from_url(self.__dict__["_source_url"])


class CloudinaryMediaStorage:
    """Uploads and destroys assets; every SDK call runs in a worker thread."""

    def __init__(
        self,
        cloudinary_url: str,
        *,
        chunk_bytes: int,
        timeout_seconds: float,
        large_upload_bytes: int = LARGE_UPLOAD_BYTES,
    ) -> None:
        config = _UrlConfig(cloudinary_url)
        # The whole URL first: it contains the secret.
        self._secrets = tuple(s for s in (cloudinary_url, config.api_secret) if s)
        # Passed with every call, so the SDK's process-wide configuration is never touched.
        self._options: dict[str, Any] = {
            "cloud_name": config.cloud_name,
            "api_key": config.api_key,
            "api_secret": config.api_secret,
            "signature_algorithm": config.signature_algorithm,
            "signature_version": config.signature_version,
            "timeout": timeout_seconds,
        }
        if config.upload_prefix:
            self._options["upload_prefix"] = config.upload_prefix
        self._chunk_bytes = chunk_bytes
        self._timeout_seconds = timeout_seconds
        self._cleanups: set[asyncio.Task[None]] = set()
        self._large_upload_bytes = large_upload_bytes

    async def upload(
        self, path: Path, *, public_id: str, resource_type: ResourceType, format: str
    ) -> StoredAsset:
        options = {
            **self._options,
            "public_id": public_id,
            "resource_type": resource_type.value,
            "overwrite": False,
        }
        try:
            result = await self._call("upload", self._upload_file, path, resource_type, options)
            try:
                return _stored_asset(result, format)
            except (KeyError, TypeError, ValueError) as exc:
                logger.warning("unusable upload answer from Cloudinary", extra={"error": type(exc).__name__})
                raise UpstreamFailed(
                    CLOUDINARY, "Cloudinary answered the upload with something unusable"
                ) from None
        except (UpstreamFailed, UpstreamUnavailable):
            self._remove_in_background(public_id, resource_type)
            raise

    def _remove_in_background(self, public_id: str, resource_type: ResourceType) -> None:
        """A failed upload may still have left a file: after a timeout or a garbled answer
        Cloudinary may keep it, or be storing it still. The id is ours alone and no row names
        it, so it is removed now and once more after another timeout's wait."""

        async def remove() -> None:
            for wait in (0.0, self._timeout_seconds + 1.0):
                await asyncio.sleep(wait)
                try:
                    await self.destroy(public_id, resource_type)
                except (UpstreamFailed, UpstreamUnavailable):
                    continue

        task = asyncio.create_task(remove())
        self._cleanups.add(task)
        task.add_done_callback(self._cleanups.discard)

    def _upload_file(self, path: Path, resource_type: ResourceType, options: dict[str, Any]) -> Any:
        """In a worker thread: one request for images and small videos, chunks for large videos."""
        if resource_type is ResourceType.VIDEO and path.stat().st_size > self._large_upload_bytes:
            return cloudinary.uploader.upload_large(str(path), chunk_size=self._chunk_bytes, **options)
        return cloudinary.uploader.upload(str(path), **options)

    async def destroy(self, public_id: str, resource_type: ResourceType) -> None:
        options = {**self._options, "resource_type": resource_type.value, "invalidate": True}
        result = await self._call("destroy", cloudinary.uploader.destroy, public_id, **options)
        outcome = result.get("result") if isinstance(result, dict) else None
        if outcome not in _GONE:
            logger.warning("Cloudinary refused a destroy", extra={"result": self._redact(str(outcome))})
            raise UpstreamFailed(CLOUDINARY, "Cloudinary did not remove the file")

    async def _call(self, action: str, function: Callable[..., Any], *args: Any, **options: Any) -> Any:
        try:
            return await asyncio.to_thread(function, *args, **options)
        except cloudinary.exceptions.Error as exc:
            raise self._translate(action, exc) from None
        except Exception as exc:  # noqa: BLE001 - the SDK trips over garbage in many ways
            logger.warning("Cloudinary call failed", extra={"action": action, "error": type(exc).__name__})
            raise UpstreamFailed(CLOUDINARY, f"Cloudinary {action} failed") from None

    def _translate(self, action: str, exc: Exception) -> UpstreamFailed | UpstreamUnavailable:
        message = str(exc)
        unparsable = _UNPARSABLE_STATUS.match(message)
        status = int(unparsable.group(1)) if unparsable else None
        logger.warning(
            "Cloudinary call failed",
            extra={"action": action, "error": type(exc).__name__, "detail": self._redact(message)[:300]},
        )
        if isinstance(exc, cloudinary.exceptions.RateLimited) or status == 429:
            return UpstreamUnavailable(
                CLOUDINARY, "Cloudinary is rate limiting requests", retry_after=RATE_LIMIT_RETRY_AFTER
            )
        # The SDK names 500 and 503 (GeneralError); other 5xx are seen only when their body is
        # not JSON, which is how gateways answer. A JSON error under 502/504 counts as failed.
        if (
            isinstance(exc, cloudinary.exceptions.GeneralError)
            or (status is not None and status >= 500)
            or message.startswith(_NETWORK_ERRORS)
        ):
            return UpstreamUnavailable(
                CLOUDINARY, f"Cloudinary is unavailable ({action})", retry_after=UNAVAILABLE_RETRY_AFTER
            )
        return UpstreamFailed(CLOUDINARY, f"Cloudinary {action} failed")

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return re.sub(r"(signature['\"]?\s*[=:]\s*['\"]?)[0-9a-fA-F]+", r"\1[redacted]", text)


def _optional_int(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _stored_asset(result: Any, fallback_format: str) -> StoredAsset:
    if not isinstance(result, dict):
        raise TypeError("answer is not an object")
    duration = result.get("duration")
    return StoredAsset(
        public_id=str(result["public_id"]),
        version=_optional_int(result.get("version")),
        format=str(result.get("format") or fallback_format),
        secure_url=str(result["secure_url"]),
        url=str(result.get("url") or result["secure_url"]),
        bytes=int(result["bytes"]),
        width=_optional_int(result.get("width")),
        height=_optional_int(result.get("height")),
        duration_seconds=float(duration) if isinstance(duration, int | float) else None,
    )
