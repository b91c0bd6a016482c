"""Settings read once from the environment and `.env` into one typed, validated object."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Final, get_type_hints
from urllib.parse import urlsplit

import msgspec
from dotenv import dotenv_values

MIB: Final = 1024 * 1024
SECRET_KEY_MIN_BYTES: Final = 32

# Constraints checked when each variable is read (see load_settings).
PositiveInt = Annotated[int, msgspec.Meta(gt=0)]
PositiveFloat = Annotated[float, msgspec.Meta(gt=0)]
NonNegativeInt = Annotated[int, msgspec.Meta(ge=0)]
NonNegativeFloat = Annotated[float, msgspec.Meta(ge=0)]
Port = Annotated[int, msgspec.Meta(ge=1, le=65535)]


class Settings(msgspec.Struct, kw_only=True, frozen=True):
    """Every setting of the service. Field `x_y` is read from variable `X_Y`."""

    database_url: str | None = None
    secret_key: str | None = None
    access_token_expire_minutes: PositiveInt = 15
    refresh_token_expire_minutes: PositiveInt = 60 * 24 * 14
    jwt_algorithm: str = "HS256"
    jwt_issuer: str = "asaan-hai-coding"
    jwt_audience: str = "asaan-hai-coding-api"
    gemini_api_key: str | None = None
    gemini_model: str = "gemini-2.5-flash"
    google_gemini_base_url: str | None = None
    gemini_timeout_seconds: PositiveFloat = 120.0
    gemini_max_retries: NonNegativeInt = 3
    gemini_retry_initial_delay_seconds: NonNegativeFloat = 1.0
    backend_cors_origins: list[str] = msgspec.field(default_factory=list)
    cloudinary_url: str | None = None
    first_superuser: str | None = None
    first_superuser_password: str | None = None
    first_superuser_email: str | None = None
    cookie_secure: bool = True
    media_max_image_bytes: PositiveInt = 10 * MIB
    media_max_video_bytes: PositiveInt = 2048 * MIB
    media_chunk_bytes: PositiveInt = 20 * MIB
    # Unset: the `media` folder under DATA_DIR (see media_path).
    media_local_dir: str | None = None
    # Prefix of the URLs of locally kept media (e.g. https://api.example.com); unset: site-relative.
    media_base_url: str = ""
    cloudinary_timeout_seconds: PositiveFloat = 120.0
    request_max_body_bytes: PositiveInt = 10 * MIB
    forwarded_allow_ips: list[str] = msgspec.field(default_factory=list)
    host: str = "127.0.0.1"
    port: Port = 8000
    data_dir: str = ".data"
    log_level: str = "INFO"
    # Connections of the read pool; the write engine keeps half as many, plus as many in bursts.
    # Enough that concurrent reads rarely queue for a connection (queueing is what stretches p99).
    database_pool_size: PositiveInt = 20
    redis_url: str | None = None
    # CPU that password hashing may use, in cores (a sign-in takes about a tenth of a second
    # of one). Unset: a quarter of the cores, so that a stream of sign-ins leaves reads fast.
    password_hashing_cores: PositiveFloat | None = None
    login_max_failures_per_account: PositiveInt = 5
    login_max_failures_per_address: PositiveInt = 20
    login_failure_window_minutes: PositiveInt = 15
    worker_concurrency: PositiveInt = 2
    generation_concurrency: PositiveInt = 2
    gemini_requests_per_minute: PositiveInt | None = None
    job_heartbeat_seconds: PositiveInt = 30

    @property
    def password_hashing_budget(self) -> float:
        return self.password_hashing_cores or (os.cpu_count() or 2) / 4

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir)

    @property
    def media_path(self) -> Path:
        """Where locally kept media lives."""
        return Path(self.media_local_dir) if self.media_local_dir else self.data_path / "media"


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
    if settings.redis_url is not None and not settings.redis_url.startswith(
        ("redis://", "rediss://", "unix://")
    ):
        problems.append("REDIS_URL: must be a redis://, rediss:// or unix:// URL")
    return problems


def _check_rules(settings: Settings) -> list[str]:
    """Rules across fields or beyond a type; per-field bounds are checked on reading."""
    return [
        *_secret_rules(settings),
        *_url_rules(settings),
        *_superuser_rules(settings),
        *_check_queue_rules(settings),
    ] + (
        [f"LOG_LEVEL: must be one of {', '.join(sorted(_LOG_LEVELS))}"]
        if settings.log_level.upper() not in _LOG_LEVELS
        else []
    )


def _secret_rules(settings: Settings) -> list[str]:
    if settings.secret_key is not None and len(settings.secret_key.encode()) < SECRET_KEY_MIN_BYTES:
        return [f"SECRET_KEY: must be at least {SECRET_KEY_MIN_BYTES} bytes long"]
    return []


def _url_rules(settings: Settings) -> list[str]:
    problems = []
    if settings.database_url is not None and not settings.database_url.startswith(
        ("postgresql://", "postgresql+asyncpg://", "postgres://")
    ):
        problems.append("DATABASE_URL: must be a postgresql:// URL")
    if settings.cloudinary_url is not None:
        parsed = urlsplit(settings.cloudinary_url)
        if parsed.scheme != "cloudinary" or not (parsed.username and parsed.password and parsed.hostname):
            problems.append("CLOUDINARY_URL: must be cloudinary://<api_key>:<api_secret>@<cloud_name>")
    return problems


def _superuser_rules(settings: Settings) -> list[str]:
    superuser = (settings.first_superuser, settings.first_superuser_password, settings.first_superuser_email)
    if any(superuser) and not all(superuser):
        return [
            "FIRST_SUPERUSER: FIRST_SUPERUSER, FIRST_SUPERUSER_PASSWORD and FIRST_SUPERUSER_EMAIL go together"
        ]
    password = settings.first_superuser_password
    if password is not None and not 8 <= len(password) <= 128:
        return ["FIRST_SUPERUSER_PASSWORD: must be 8 to 128 characters long"]
    return []


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")) -> Settings:
    """Read the settings, `environ` winning over `env_file`; raise SettingsError listing every problem."""
    source: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        source.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    source.update(os.environ if environ is None else environ)

    hints = get_type_hints(Settings, include_extras=True)
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
