"""Settings read once from the environment and `.env` into one typed, validated object."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, get_type_hints

import msgspec
from dotenv import dotenv_values

MIB: Final = 1024 * 1024
SECRET_KEY_MIN_BYTES: Final = 32


class Settings(msgspec.Struct, kw_only=True, frozen=True):
    """Every setting of the service. Field `x_y` is read from variable `X_Y`."""

    database_url: str | None = None
    secret_key: str | None = None
    access_token_expire_minutes: int = 15
    refresh_token_expire_minutes: int = 60 * 24 * 14
    jwt_algorithm: str = "HS256"
    jwt_issuer: str = "asaan-hai-coding"
    jwt_audience: str = "asaan-hai-coding-api"
    gemini_api_key: str | None = None
    gemini_model: str = "gemini-2.5-flash"
    google_gemini_base_url: str | None = None
    gemini_timeout_seconds: float = 120.0
    gemini_max_retries: int = 3
    gemini_retry_initial_delay_seconds: float = 1.0
    backend_cors_origins: list[str] = msgspec.field(default_factory=list)
    cloudinary_url: str | None = None
    first_superuser: str | None = None
    first_superuser_password: str | None = None
    first_superuser_email: str | None = None
    cookie_secure: bool = True
    media_max_image_bytes: int = 10 * MIB
    media_max_video_bytes: int = 2048 * MIB
    media_chunk_bytes: int = 20 * MIB
    media_local_dir: str = ".data/media"
    request_max_body_bytes: int = 10 * MIB
    forwarded_allow_ips: list[str] = msgspec.field(default_factory=list)
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: str = ".data"
    log_level: str = "INFO"
    database_pool_size: int = 10
    redis_url: str | None = None
    login_max_failures_per_account: int = 5
    login_max_failures_per_address: int = 20
    login_failure_window_minutes: int = 15
    worker_concurrency: int = 2
    generation_concurrency: int = 2
    gemini_requests_per_minute: int | None = None
    job_heartbeat_seconds: int = 30

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir)


class SettingsError(Exception):
    """The settings are invalid; `problems` holds one readable line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


_LIST_FIELDS: Final = frozenset({"backend_cors_origins", "forwarded_allow_ips"})
_LOG_LEVELS: Final = frozenset({"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"})


def _split_list(raw: str) -> list[str]:
    """A list setting is a JSON list or a comma-separated string."""
    text = raw.strip()
    if text.startswith("["):
        parsed = json.loads(text)
        if not isinstance(parsed, list) or not all(isinstance(x, str) for x in parsed):
            raise ValueError("expected a JSON list of strings")
        return [x.strip() for x in parsed if x.strip()]
    return [part.strip() for part in text.split(",") if part.strip()]


def _check_queue_rules(settings: Settings) -> list[str]:
    problems: list[str] = []
    if settings.gemini_requests_per_minute is not None and settings.gemini_requests_per_minute <= 0:
        problems.append("GEMINI_REQUESTS_PER_MINUTE: must be greater than 0 (leave it unset for no limit)")
    if settings.redis_url is not None and not settings.redis_url.startswith(
        ("redis://", "rediss://", "unix://")
    ):
        problems.append("REDIS_URL: must be a redis://, rediss:// or unix:// URL")
    return problems


def _check_rules(settings: Settings) -> list[str]:
    problems: list[str] = []
    if settings.secret_key is not None and len(settings.secret_key.encode()) < SECRET_KEY_MIN_BYTES:
        problems.append(f"SECRET_KEY: must be at least {SECRET_KEY_MIN_BYTES} bytes long")
    positive = (
        "access_token_expire_minutes",
        "refresh_token_expire_minutes",
        "media_max_image_bytes",
        "media_max_video_bytes",
        "media_chunk_bytes",
        "request_max_body_bytes",
        "database_pool_size",
        "gemini_timeout_seconds",
        "login_max_failures_per_account",
        "login_max_failures_per_address",
        "login_failure_window_minutes",
        "worker_concurrency",
        "generation_concurrency",
        "job_heartbeat_seconds",
    )
    for name in positive:
        if getattr(settings, name) <= 0:
            problems.append(f"{name.upper()}: must be greater than 0")
    if settings.gemini_retry_initial_delay_seconds < 0:
        problems.append("GEMINI_RETRY_INITIAL_DELAY_SECONDS: must be 0 or more")
    problems += _check_queue_rules(settings)
    if settings.gemini_max_retries < 0:
        problems.append("GEMINI_MAX_RETRIES: must be 0 or more")
    if not 0 < settings.port < 65536:
        problems.append("PORT: must be between 1 and 65535")
    if settings.log_level.upper() not in _LOG_LEVELS:
        problems.append(f"LOG_LEVEL: must be one of {', '.join(sorted(_LOG_LEVELS))}")
    if settings.database_url is not None and not settings.database_url.startswith(
        ("postgresql://", "postgresql+asyncpg://", "postgres://")
    ):
        problems.append("DATABASE_URL: must be a postgresql:// URL")
    if settings.cloudinary_url is not None and not settings.cloudinary_url.startswith("cloudinary://"):
        problems.append("CLOUDINARY_URL: must be a cloudinary:// URL")
    superuser = (settings.first_superuser, settings.first_superuser_password, settings.first_superuser_email)
    if any(superuser) and not all(superuser):
        problems.append(
            "FIRST_SUPERUSER: FIRST_SUPERUSER, FIRST_SUPERUSER_PASSWORD and FIRST_SUPERUSER_EMAIL go together"
        )
    if (
        settings.first_superuser_password is not None
        and not 8 <= len(settings.first_superuser_password) <= 128
    ):
        problems.append("FIRST_SUPERUSER_PASSWORD: must be 8 to 128 characters long")
    return problems


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    """Read the settings, `environ` winning over `env_file`; raise SettingsError listing every problem."""
    source: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        source.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    source.update(os.environ if environ is None else environ)

    hints = get_type_hints(Settings)
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name in Settings.__struct_fields__:
        raw = source.get(name.upper())
        if raw is None or (raw.strip() == "" and name not in _LIST_FIELDS):
            continue
        try:
            value: Any = _split_list(raw) if name in _LIST_FIELDS else raw.strip()
            values[name] = msgspec.convert(value, hints[name], strict=False)
        except (msgspec.ValidationError, ValueError) as exc:
            problems.append(f"{name.upper()}: {exc}")
    # Rules are checked on the values that did parse, so every problem is reported at once.
    settings = Settings(**values)
    problems += _check_rules(settings)
    if problems:
        raise SettingsError(problems)
    return settings
