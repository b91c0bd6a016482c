"""The database schema, the single source that Alembic migrations are checked against."""

from __future__ import annotations

import enum

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Enum,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
    text,
)

from domain import courses, generation_jobs, media, projects, users

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _timestamps() -> tuple[Column[object], Column[object]]:
    """created_at and updated_at, both set by the database."""
    return (
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column(
            "updated_at",
            DateTime(timezone=True),
            nullable=False,
            server_default=func.now(),
            onupdate=func.now(),
        ),
    )


def _enum(enum_type: type[enum.Enum], name: str) -> Enum:
    """An enum stored as text with a CHECK, so adding a value needs no type migration."""
    return Enum(
        enum_type,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [m.value for m in members],
    )


users_table = Table(
    "users",
    metadata,
    Column("id", Uuid, primary_key=True, server_default=func.gen_random_uuid()),
    Column("username", String(users.USERNAME_MAX), nullable=False, unique=True),
    Column("email", String(users.EMAIL_MAX), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("full_name", String(users.FULL_NAME_MAX), nullable=False),
    Column("contact", String(users.CONTACT_MAX), nullable=True),
    Column("gender", _enum(users.Gender, "user_gender"), nullable=True),
    Column("role", _enum(users.Role, "user_role"), nullable=False, server_default=users.Role.USER.value),
    Column("is_active", Boolean, nullable=False, server_default=text("true")),
    *_timestamps(),
    Index("uq_users_email_lower", func.lower(text("email")), unique=True),
)

media_table = Table(
    "media",
    metadata,
    Column("id", Uuid, primary_key=True, server_default=func.gen_random_uuid()),
    Column("public_id", String(255), nullable=False, unique=True),
    Column("resource_type", _enum(media.ResourceType, "media_resource_type"), nullable=False),
    Column("format", String(20), nullable=False),
    Column("version", BigInteger, nullable=True),
    Column("secure_url", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("bytes", BigInteger, nullable=False),
    Column("width", Integer, nullable=True),
    Column("height", Integer, nullable=True),
    Column("duration_ms", Integer, nullable=True),
    Column("folder", String(media.FOLDER_MAX), nullable=True),
    Column("original_filename", String(media.FILENAME_MAX), nullable=False),
    Column("title", String(media.TITLE_MAX), nullable=True),
    Column("alt_text", String(media.ALT_TEXT_MAX), nullable=True),
    Column("description", Text, nullable=True),
    Column("is_published", Boolean, nullable=False, server_default=text("true")),
    Column("is_deleted", Boolean, nullable=False, server_default=text("false")),
    Column("deleted_at", DateTime(timezone=True), nullable=True),
    Column("deleted_by", Uuid, ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
    *_timestamps(),
    CheckConstraint("bytes >= 0", name="bytes_not_negative"),
    CheckConstraint("width IS NULL OR width > 0", name="width_positive"),
    CheckConstraint("height IS NULL OR height > 0", name="height_positive"),
    CheckConstraint("duration_ms IS NULL OR duration_ms >= 0", name="duration_not_negative"),
    CheckConstraint("resource_type = 'video' OR duration_ms IS NULL", name="image_has_no_duration"),
    CheckConstraint("is_deleted = (deleted_at IS NOT NULL)", name="deleted_at_matches_flag"),
    Index("ix_media_created_at", text("created_at DESC")),
)

courses_table = Table(
    "courses",
    metadata,
    Column("id", Uuid, primary_key=True, server_default=func.gen_random_uuid()),
    Column("title", String(courses.TITLE_MAX), nullable=False),
    Column("description", Text, nullable=True),
    Column("instructor_id", Uuid, ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True),
    Column("difficulty_level", String(courses.DIFFICULTY_MAX), nullable=True),
    Column("is_published", Boolean, nullable=False, server_default=text("false")),
    # RESTRICT: media in use as a course image cannot be deleted from under the course.
    Column("image_id", Uuid, ForeignKey("media.id", ondelete="RESTRICT"), nullable=True, unique=True),
    *_timestamps(),
    Index("ix_courses_published_created_at", "is_published", text("created_at DESC")),
)

sections_table = Table(
    "sections",
    metadata,
    Column("id", Integer, Identity(always=False), primary_key=True),
    Column("course_id", Uuid, ForeignKey("courses.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(courses.TITLE_MAX), nullable=False),
    Column("section_order", Integer, nullable=False),
    *_timestamps(),
    CheckConstraint("section_order >= 1", name="section_order_positive"),
    # DEFERRABLE so that a reorder may swap orders inside one transaction.
    UniqueConstraint(
        "course_id", "section_order", name="uq_sections_course_id_section_order", deferrable=True
    ),
)

lessons_table = Table(
    "lessons",
    metadata,
    Column("id", Integer, Identity(always=False), primary_key=True),
    Column("section_id", Integer, ForeignKey("sections.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(courses.TITLE_MAX), nullable=False),
    Column("content", Text, nullable=False, server_default=""),
    Column("lesson_order", Integer, nullable=False),
    *_timestamps(),
    CheckConstraint("lesson_order >= 1", name="lesson_order_positive"),
    UniqueConstraint(
        "section_id", "lesson_order", name="uq_lessons_section_id_lesson_order", deferrable=True
    ),
)

projects_table = Table(
    "projects",
    metadata,
    Column("id", Integer, Identity(always=False), primary_key=True),
    Column("title", String(projects.TITLE_MAX), nullable=False),
    Column("description", Text, nullable=True),
    Column("client_name", String(projects.NAME_MAX), nullable=True),
    Column("project_type", String(projects.PROJECT_TYPE_MAX), nullable=True),
    Column("live_demo_url", String(projects.URL_MAX), nullable=True),
    Column("github_url", String(projects.URL_MAX), nullable=True),
    Column("is_published", Boolean, nullable=False, server_default=text("false")),
    Column("technologies", ARRAY(Text), nullable=False, server_default=text("'{}'")),
    Column("features", ARRAY(Text), nullable=False, server_default=text("'{}'")),
    Column("image_id", Uuid, ForeignKey("media.id", ondelete="RESTRICT"), nullable=True, unique=True),
    *_timestamps(),
    Index("ix_projects_published_created_at", "is_published", text("created_at DESC")),
)

project_details_table = Table(
    "project_details",
    metadata,
    Column("id", Integer, Identity(always=False), primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("markdown_content", Text, nullable=False, server_default=""),
    Column("tech_stack", ARRAY(Text), nullable=False, server_default=text("'{}'")),
    *_timestamps(),
)

auth_sessions_table = Table(
    "auth_sessions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

refresh_tokens_table = Table(
    "refresh_tokens",
    metadata,
    # SHA-256 of the opaque token, hex: the token itself is never stored.
    Column("token_hash", String(64), primary_key=True),
    Column(
        "session_id", Uuid, ForeignKey("auth_sessions.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
)

login_throttle_table = Table(
    "login_throttle",
    metadata,
    # "account:<name>" or "address:<ip>": one row of recent failures per key.
    Column("key", String(400), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_started_at", DateTime(timezone=True), nullable=False),
    Column("locked_until", DateTime(timezone=True), nullable=True),
)

generation_jobs_table = Table(
    "generation_jobs",
    metadata,
    Column("id", Uuid, primary_key=True, server_default=func.gen_random_uuid()),
    Column("course_id", Uuid, ForeignKey("courses.id", ondelete="CASCADE"), nullable=False),
    Column("only_empty", Boolean, nullable=False),
    Column(
        "status",
        _enum(generation_jobs.JobStatus, "generation_job_status"),
        nullable=False,
        server_default=generation_jobs.JobStatus.QUEUED.value,
    ),
    Column("total", Integer, nullable=False),
    Column("done", Integer, nullable=False, server_default=text("0")),
    Column("failed", Integer, nullable=False, server_default=text("0")),
    Column("tokens", BigInteger, nullable=False, server_default=text("0")),
    Column("cancel_requested", Boolean, nullable=False, server_default=text("false")),
    # The process (host:pid) that last took the job up: where to look when it stalls.
    Column("runner", String(generation_jobs.RUNNER_MAX), nullable=True),
    *_timestamps(),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("total >= 0 AND done >= 0 AND failed >= 0 AND tokens >= 0", name="counts_not_negative"),
    Index("ix_generation_jobs_course_id_created_at", "course_id", text("created_at DESC")),
    Index("ix_generation_jobs_created_at", text("created_at DESC")),
    # One queued or running job per course, whatever races between instances.
    Index(
        "uq_generation_jobs_active_course_id",
        "course_id",
        unique=True,
        postgresql_where=text("status IN ('queued', 'running')"),
    ),
)

generation_job_lessons_table = Table(
    "generation_job_lessons",
    metadata,
    Column("job_id", Uuid, ForeignKey("generation_jobs.id", ondelete="CASCADE"), primary_key=True),
    # No foreign key: the outcome stays on record when the lesson is deleted later.
    Column("lesson_id", Integer, primary_key=True),
    Column("position", Integer, nullable=False),
    Column(
        "status",
        _enum(generation_jobs.JobLessonStatus, "generation_job_lesson_status"),
        nullable=False,
        server_default=generation_jobs.JobLessonStatus.PENDING.value,
    ),
    Column("reason", Text, nullable=True),
    Column("tokens", Integer, nullable=False, server_default=text("0")),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
