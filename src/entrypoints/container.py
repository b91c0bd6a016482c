"""The composition root: every port gets its implementation here, and nowhere else."""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import AsyncIterator
from datetime import timedelta

import asyncpg
from dishka import AsyncContainer, Provider, Scope, make_async_container, provide, provide_all
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from adapters.ai.rate_limited_writer import RateLimitedLessonWriter
from adapters.ai.unconfigured_writer import UnconfiguredLessonWriter
from adapters.clock import SystemClock
from adapters.media.local_storage import LocalMediaStorage
from adapters.persistence.course_contents import SqlCourseContentReader
from adapters.persistence.course_outline import SqlCourseOutlineReader
from adapters.persistence.database import DATABASE_UNAVAILABLE, create_engine, create_session_factory
from adapters.persistence.empty_lessons import SqlEmptyLessonFinder
from adapters.persistence.generation_jobs import SqlGenerationJobs
from adapters.persistence.health import DatabaseHealth
from adapters.persistence.lesson_content import SqlLessonContentWriter
from adapters.persistence.mapping import map_entities
from adapters.persistence.queries.courses import AsyncpgCourseQueries
from adapters.persistence.queries.projects import AsyncpgProjectQueries
from adapters.persistence.queries.read_pool import create_read_pool
from adapters.persistence.repositories.courses import SqlCourseRepository
from adapters.persistence.repositories.images import SqlImageCatalog
from adapters.persistence.repositories.instructors import SqlInstructorDirectory
from adapters.persistence.repositories.lessons import SqlLessonRepository
from adapters.persistence.repositories.login_throttle import SqlLoginThrottle
from adapters.persistence.repositories.media import SqlMediaRepository
from adapters.persistence.repositories.project_details import SqlProjectDetailRepository
from adapters.persistence.repositories.projects import SqlProjectRepository
from adapters.persistence.repositories.sections import SqlSectionRepository
from adapters.persistence.repositories.sessions import SqlSessionRepository
from adapters.persistence.repositories.users import SqlUserRepository
from adapters.persistence.unit_of_work import SqlAlchemyUnitOfWork
from adapters.queue.in_process_queue import InProcessGenerationQueue
from adapters.redis.rate_limiter import LocalWindowCounter, RateLimiter, WindowCounter
from adapters.security.argon2_hasher import Argon2PasswordHasher
from adapters.security.jwt_tokens import JwtTokenIssuer
from adapters.settings import Settings
from application.ai.cancel_generation_job import CancelGenerationJob
from application.ai.generate_course import GenerateCourse
from application.ai.get_generation_job import GetGenerationJob
from application.ai.list_generation_jobs import ListGenerationJobs
from application.ai.plan_course_generation import PlanCourseGeneration
from application.ai.resume_generation_jobs import ResumeGenerationJobs
from application.ai.run_generation_job import JobRunnerConfig, RunGenerationJob
from application.ai.start_generation_job import StartGenerationJob
from application.ai.write_lesson import WriteLesson
from application.auth.failed_sign_ins import FailedSignIns
from application.auth.identify_caller import IdentifyCaller
from application.auth.login import Login
from application.auth.logout import Logout
from application.auth.policy import AuthPolicy
from application.auth.refresh_session import RefreshSession
from application.auth.reset_password import ResetPassword
from application.auth.session_tokens import SessionTokens
from application.courses.course_references import CourseReferences
from application.courses.create_course import CreateCourse
from application.courses.create_courses import CreateCourses
from application.courses.create_lesson import CreateLesson
from application.courses.create_lessons import CreateLessons
from application.courses.create_section import CreateSection
from application.courses.create_sections import CreateSections
from application.courses.delete_course import DeleteCourse
from application.courses.delete_lesson import DeleteLesson
from application.courses.delete_section import DeleteSection
from application.courses.export_course import ExportCourse
from application.courses.find_instructor import FindInstructor
from application.courses.get_course import GetCourse
from application.courses.get_lesson import GetLesson
from application.courses.get_section import GetSection
from application.courses.import_course import ImportCourse
from application.courses.list_courses import ListCourses
from application.courses.list_lessons import ListLessons
from application.courses.list_sections import ListSections
from application.courses.reorder_lessons import ReorderLessons
from application.courses.reorder_sections import ReorderSections
from application.courses.update_course import UpdateCourse
from application.courses.update_lesson import UpdateLesson
from application.courses.update_section import UpdateSection
from application.media.delete_media import DeleteMedia
from application.media.get_media import GetMedia
from application.media.list_media import ListMedia
from application.media.restore_media import RestoreMedia
from application.media.soft_delete_media import SoftDeleteMedia
from application.media.update_media_metadata import UpdateMediaMetadata
from application.media.upload_media import UploadMedia
from application.ports.clock import Clock
from application.ports.course_contents import CourseContentReader
from application.ports.course_outline import CourseOutlineReader
from application.ports.course_queries import CourseQueries
from application.ports.courses import CourseRepository, LessonRepository, SectionRepository
from application.ports.empty_lessons import EmptyLessonFinder
from application.ports.generation_jobs import GenerationJobs
from application.ports.generation_queue import GenerationQueue
from application.ports.images import ImageCatalog
from application.ports.instructors import InstructorDirectory
from application.ports.isolated_lesson_writer import IsolatedLessonWriter
from application.ports.lesson_content import LessonContentWriter
from application.ports.lesson_writer import LessonWriter
from application.ports.login_throttle import LoginThrottle
from application.ports.media import MediaRepository
from application.ports.media_storage import MediaStorage
from application.ports.password_hasher import PasswordHasher
from application.ports.project_queries import ProjectQueries
from application.ports.projects import ProjectDetailRepository, ProjectRepository
from application.ports.sessions import SessionRepository
from application.ports.tokens import TokenIssuer
from application.ports.unit_of_work import UnitOfWork
from application.ports.users import UserRepository
from application.projects.create_project import CreateProject
from application.projects.create_project_detail import CreateProjectDetail
from application.projects.create_projects import CreateProjects
from application.projects.delete_project import DeleteProject
from application.projects.get_project import GetProject
from application.projects.get_project_detail import GetProjectDetail
from application.projects.list_projects import ListProjects
from application.projects.update_project import UpdateProject
from application.projects.update_project_detail import UpdateProjectDetail
from application.users.create_user import CreateUser
from application.users.delete_user import DeleteUser
from application.users.ensure_first_admin import EnsureFirstAdmin
from application.users.get_user import GetUser
from application.users.list_users import ListUsers
from application.users.update_user import UpdateUser
from domain.media import MediaLimits
from entrypoints.http.media_upload import UploadStaging, remove_stale_uploads
from entrypoints.jobs.scoped_lesson_writer import ScopedLessonWriter

logger = logging.getLogger(__name__)


class InfrastructureProvider(Provider):
    """Process-wide resources: made once, closed at shutdown."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self._settings = settings

    @provide(scope=Scope.APP)
    def settings(self) -> Settings:
        return self._settings

    @provide(scope=Scope.APP)
    async def engine(self, settings: Settings) -> AsyncIterator[AsyncEngine]:
        if settings.database_url is None:
            raise RuntimeError("DATABASE_URL must be resolved before the container is built")
        map_entities()
        engine = create_engine(settings.database_url, settings.database_pool_size)
        yield engine
        await engine.dispose()

    @provide(scope=Scope.APP)
    def session_factory(self, engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
        return create_session_factory(engine)

    @provide(scope=Scope.APP)
    async def password_hasher(self, settings: Settings) -> AsyncIterator[PasswordHasher]:
        hasher = Argon2PasswordHasher(cores=settings.password_hashing_budget)
        yield hasher
        await hasher.close()

    clock = provide(SystemClock, scope=Scope.APP, provides=Clock)

    @provide(scope=Scope.APP)
    def token_issuer(self, settings: Settings, clock: Clock) -> TokenIssuer:
        if settings.secret_key is None:
            raise RuntimeError("SECRET_KEY must be resolved before the container is built")
        return JwtTokenIssuer(
            secret_key=settings.secret_key,
            algorithm=settings.jwt_algorithm,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            lifetime=timedelta(minutes=settings.access_token_expire_minutes),
            clock=clock,
        )

    database_health = provide(DatabaseHealth, scope=Scope.APP)

    # Overridden by RedisProvider: with Redis, every process shares one budget.
    request_counter = provide(LocalWindowCounter, scope=Scope.APP, provides=WindowCounter)

    @provide(scope=Scope.APP)
    async def lesson_writer(self, settings: Settings, counter: WindowCounter) -> AsyncIterator[LessonWriter]:
        # Without a key the AI routes answer 503 "AI provider not configured".
        if settings.gemini_api_key is None:
            yield UnconfiguredLessonWriter()
            return
        # Imported here: the SDK costs tens of MB of memory, paid only when it is configured.
        from adapters.ai.gemini_writer import GeminiLessonWriter

        writer = GeminiLessonWriter(
            api_key=settings.gemini_api_key,
            model=settings.gemini_model,
            base_url=settings.google_gemini_base_url,
            timeout_seconds=settings.gemini_timeout_seconds,
            max_retries=settings.gemini_max_retries,
            retry_initial_delay_seconds=settings.gemini_retry_initial_delay_seconds,
        )
        if settings.gemini_requests_per_minute is None:
            yield writer
        else:
            yield RateLimitedLessonWriter(writer, RateLimiter(counter, settings.gemini_requests_per_minute))
        await writer.close()

    @provide(scope=Scope.APP)
    def auth_policy(self, settings: Settings) -> AuthPolicy:
        return AuthPolicy(
            session_lifetime=timedelta(minutes=settings.refresh_token_expire_minutes),
            max_failures_per_account=settings.login_max_failures_per_account,
            max_failures_per_address=settings.login_max_failures_per_address,
            failure_window=timedelta(minutes=settings.login_failure_window_minutes),
        )

    @provide(scope=Scope.APP)
    async def read_pool(self, settings: Settings) -> AsyncIterator[asyncpg.Pool]:
        """A bare asyncpg pool for the hot reads, beside the engine used for writes."""
        if settings.database_url is None:
            raise RuntimeError("DATABASE_URL must be resolved before the container is built")
        pool = await create_read_pool(settings.database_url, settings.database_pool_size)
        yield pool
        await pool.close()

    # Read models come from the pool alone: no session, so they live as long as the app.
    course_queries = provide(AsyncpgCourseQueries, scope=Scope.APP, provides=CourseQueries)
    project_queries = provide(AsyncpgProjectQueries, scope=Scope.APP, provides=ProjectQueries)


class PersistenceProvider(Provider):
    """One session per request; repositories and the unit of work share it."""

    scope = Scope.REQUEST

    @provide
    async def session(self, factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
        session = factory()
        try:
            yield session
        finally:
            # Closing rolls back whatever a use case did not commit. A connection lost by
            # then takes its transaction with it, and the pool drops it: the request's own
            # answer stands (a commit that succeeded stays a success).
            try:
                await session.close()
            except (*DATABASE_UNAVAILABLE, DBAPIError) as error:
                logger.warning("database connection lost while closing a session: %s", type(error).__name__)

    unit_of_work = provide(SqlAlchemyUnitOfWork, provides=UnitOfWork)
    users = provide(SqlUserRepository, provides=UserRepository)
    course_outlines = provide(SqlCourseOutlineReader, provides=CourseOutlineReader)
    lesson_contents = provide(SqlLessonContentWriter, provides=LessonContentWriter)
    sessions = provide(SqlSessionRepository, provides=SessionRepository)
    login_throttle = provide(SqlLoginThrottle, provides=LoginThrottle)
    courses = provide(SqlCourseRepository, provides=CourseRepository)
    sections = provide(SqlSectionRepository, provides=SectionRepository)
    lessons = provide(SqlLessonRepository, provides=LessonRepository)
    projects = provide(SqlProjectRepository, provides=ProjectRepository)
    project_details = provide(SqlProjectDetailRepository, provides=ProjectDetailRepository)
    images = provide(SqlImageCatalog, provides=ImageCatalog)
    instructors = provide(SqlInstructorDirectory, provides=InstructorDirectory)
    empty_lessons = provide(SqlEmptyLessonFinder, provides=EmptyLessonFinder)
    course_contents = provide(SqlCourseContentReader, provides=CourseContentReader)


class UseCaseProvider(Provider):
    scope = Scope.REQUEST

    use_cases = provide_all(IdentifyCaller, EnsureFirstAdmin)
    ai_use_cases = provide_all(WriteLesson)
    auth = provide_all(SessionTokens, FailedSignIns, Login, RefreshSession, Logout, ResetPassword)
    users = provide_all(ListUsers, GetUser, CreateUser, UpdateUser, DeleteUser)
    course_writes = provide_all(
        CourseReferences,
        CreateCourse,
        CreateCourses,
        UpdateCourse,
        DeleteCourse,
        CreateSection,
        CreateSections,
        UpdateSection,
        DeleteSection,
        ReorderSections,
        CreateLesson,
        CreateLessons,
        UpdateLesson,
        DeleteLesson,
        ReorderLessons,
    )
    project_writes = provide_all(
        CreateProject,
        CreateProjects,
        UpdateProject,
        DeleteProject,
        CreateProjectDetail,
        UpdateProjectDetail,
    )
    # Reads need only the APP-scoped query ports: nothing per request is made for them.
    content_reads = provide_all(
        ListCourses,
        GetCourse,
        ListSections,
        GetSection,
        ListLessons,
        GetLesson,
        ListProjects,
        GetProject,
        GetProjectDetail,
        scope=Scope.APP,
    )

    # Course documents: export, import, and the instructor an operator names.
    course_transfer = provide_all(ExportCourse, ImportCourse, FindInstructor)

    generation_jobs = provide_all(
        PlanCourseGeneration, StartGenerationJob, GetGenerationJob, ListGenerationJobs, CancelGenerationJob
    )


class MediaProvider(Provider):
    """Media storage (Cloudinary when CLOUDINARY_URL is set, else a local folder) and its use cases."""

    @provide(scope=Scope.APP)
    def media_storage(self, settings: Settings) -> MediaStorage:
        if settings.cloudinary_url:
            # Imported here, like the Gemini SDK: only a configured service pays for it.
            from adapters.media.cloudinary_storage import CloudinaryMediaStorage

            return CloudinaryMediaStorage(
                settings.cloudinary_url,
                chunk_bytes=settings.media_chunk_bytes,
                timeout_seconds=settings.cloudinary_timeout_seconds,
            )
        return LocalMediaStorage(settings.media_path, settings.media_base_url)

    @provide(scope=Scope.APP)
    def upload_staging(self, settings: Settings) -> UploadStaging:
        directory = settings.data_path / "incoming"
        remove_stale_uploads(directory)
        return UploadStaging(
            directory=directory,
            limits=MediaLimits(
                max_image_bytes=settings.media_max_image_bytes, max_video_bytes=settings.media_max_video_bytes
            ),
        )

    media = provide(SqlMediaRepository, scope=Scope.REQUEST, provides=MediaRepository)
    use_cases = provide_all(
        UploadMedia,
        ListMedia,
        GetMedia,
        UpdateMediaMetadata,
        SoftDeleteMedia,
        RestoreMedia,
        DeleteMedia,
        scope=Scope.REQUEST,
    )


class GenerationJobsProvider(Provider):
    """Whole-course generation: the job store, the engine, and where jobs run.

    With REDIS_URL, jobs go to SAQ's queue on Redis for `ahc worker` processes; without it,
    they run in a task pool inside this process.
    """

    scope = Scope.APP

    jobs = provide(SqlGenerationJobs, provides=GenerationJobs)
    lesson_writer = provide(ScopedLessonWriter, provides=IsolatedLessonWriter)
    engine = provide_all(GenerateCourse, RunGenerationJob, ResumeGenerationJobs)

    @provide
    def runner_config(self, settings: Settings) -> JobRunnerConfig:
        return JobRunnerConfig(
            concurrency=settings.generation_concurrency, runner=f"{socket.gethostname()}:{os.getpid()}"
        )

    @provide
    async def queue(self, settings: Settings, run: RunGenerationJob) -> AsyncIterator[GenerationQueue]:
        if settings.redis_url is None:
            pool = InProcessGenerationQueue(run, settings.worker_concurrency)
            yield pool
            await pool.close()
            return
        # Imported only when configured, like the Redis client it needs.
        from adapters.queue.saq_queue import SaqGenerationQueue, close_quietly, saq_queue

        queue = saq_queue(settings.redis_url)
        await queue.connect()
        yield SaqGenerationQueue(queue, settings.job_heartbeat_seconds)
        await close_quietly(queue)


def build_container(settings: Settings, *extra: Provider) -> AsyncContainer:
    """The container of the whole service; `extra` providers override earlier ones (tests)."""
    redis: list[Provider] = []
    if settings.redis_url is not None:
        # Imported only when configured: the Redis client is not loaded otherwise.
        from entrypoints.redis_provider import RedisProvider

        redis.append(RedisProvider())
    return make_async_container(
        InfrastructureProvider(settings),
        PersistenceProvider(),
        UseCaseProvider(),
        MediaProvider(),
        GenerationJobsProvider(),
        *redis,
        *extra,
    )
