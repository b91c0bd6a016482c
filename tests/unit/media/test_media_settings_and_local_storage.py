from __future__ import annotations

from pathlib import Path

import pytest

from adapters.media.local_storage import LocalMediaStorage
from adapters.settings import SettingsError, load_settings
from domain.errors import UpstreamFailed
from domain.media import ResourceType
from tests.unit.media import samples


def test_media_settings_have_defaults_and_read_the_environment() -> None:
    defaults = load_settings({}, env_file=None)
    assert (defaults.media_max_image_bytes, defaults.media_max_video_bytes) == (10 * 1024**2, 2 * 1024**3)
    assert (defaults.media_path, defaults.media_base_url, defaults.cloudinary_url) == (
        Path(".data/media"),
        "",
        None,
    )
    assert load_settings({"DATA_DIR": "/srv/ahc"}, env_file=None).media_path == Path("/srv/ahc/media")
    assert load_settings({"MEDIA_LOCAL_DIR": "/srv/files"}, env_file=None).media_path == Path("/srv/files")
    given = load_settings(
        {
            "MEDIA_MAX_IMAGE_BYTES": "1000",
            "MEDIA_BASE_URL": "https://api.example",
            "CLOUDINARY_TIMEOUT_SECONDS": "5",
        },
        env_file=None,
    )
    assert (given.media_max_image_bytes, given.media_base_url, given.cloudinary_timeout_seconds) == (
        1000, "https://api.example", 5.0,
    )  # fmt: skip


@pytest.mark.parametrize("url", ["cloudinary://demo", "cloudinary://key@demo", "https://key:secret@demo"])
def test_an_incomplete_cloudinary_url_is_refused_without_echoing_it(url: str) -> None:
    with pytest.raises(SettingsError) as raised:
        load_settings({"CLOUDINARY_URL": url}, env_file=None)
    assert any(p.startswith("CLOUDINARY_URL:") for p in raised.value.problems)
    assert all(url not in p for p in raised.value.problems)


async def test_local_storage_keeps_files_by_public_id_and_measures_images(tmp_path: Path) -> None:
    staged = tmp_path / "staged"
    staged.write_bytes(samples.gif(12, 34))
    storage = LocalMediaStorage(tmp_path / "files", "https://api.example/")

    stored = await storage.upload(
        staged, public_id="covers/abc", resource_type=ResourceType.IMAGE, format="gif"
    )

    kept = tmp_path / "files" / "covers" / "abc.gif"
    assert kept.read_bytes() == samples.gif(12, 34)
    assert stored.secure_url == stored.url == "https://api.example/media-files/covers/abc.gif"
    assert (stored.width, stored.height, stored.bytes, stored.format) == (12, 34, kept.stat().st_size, "gif")
    # The staged file may go away: the stored one stays.
    staged.unlink()
    assert kept.is_file()

    await storage.destroy("covers/abc", ResourceType.IMAGE)
    assert not kept.exists()
    await storage.destroy("covers/abc", ResourceType.IMAGE)  # already gone is fine
    await storage.destroy("never/was", ResourceType.VIDEO)


async def test_local_storage_never_leaves_its_folder(tmp_path: Path) -> None:
    storage = LocalMediaStorage(tmp_path / "files")
    outside = tmp_path / "precious.png"
    outside.write_bytes(b"keep me")
    with pytest.raises(UpstreamFailed):
        await storage.destroy("../precious", ResourceType.IMAGE)
    assert outside.read_bytes() == b"keep me"
    with pytest.raises(UpstreamFailed):
        await storage.upload(
            outside, public_id="../../escape", resource_type=ResourceType.IMAGE, format="png"
        )
