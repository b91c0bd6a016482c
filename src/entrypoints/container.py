"""The composition root: every port gets its implementation here, and nowhere else."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import asyncpg
from dishka import AsyncContainer, Provider, Scope, make_async_container, provide, provide_all
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from adapters.clock import SystemClock
from adapters.persistence.database import create_engine, create_session_factory
from adapters.persistence.health import DatabaseHealth
from adapters.persistence.mapping import map_entities
from adapters.persistence.queries.courses import AsyncpgCourseQueries
from adapters.persistence.queries.projects import AsyncpgProjectQueries
from adapters.persistence.queries.read_pool import create_read_pool
from adapters.persistence.repositories.courses import SqlCourseRepository
from adapters.persistence.repositories.images import SqlImageCatalog
from adapters.persistence.repositories.instructors import SqlInstructorDirectory
from adapters.persistence.repositories.lessons import SqlLessonRepository
from adapters.persistence.repositories.project_details import SqlProjectDetailRepository
from adapters.persistence.repositories.projects import SqlProjectRepository
from adapters.persistence.repositories.sections import SqlSectionRepository
from adapters.persistence.repositories.users import SqlUserRepository
from adapters.persistence.unit_of_work import SqlAlchemyUnitOfWork
from adapters.security.argon2_hasher import Argon2PasswordHasher
from adapters.security.jwt_tokens import JwtTokenIssuer
from adapters.settings import Settings
from application.auth.identify_caller import IdentifyCaller
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
from application.courses.get_course import GetCourse
from application.courses.get_lesson import GetLesson
from application.courses.get_section import GetSection
from application.courses.list_courses import ListCourses
from application.courses.list_lessons import ListLessons
from application.courses.list_sections import ListSections
from application.courses.reorder_lessons import ReorderLessons
from application.courses.reorder_sections import ReorderSections
from application.courses.update_course import UpdateCourse
from application.courses.update_lesson import UpdateLesson
from application.courses.update_section import UpdateSection
from application.ports.clock import Clock
from application.ports.course_queries import CourseQueries
from application.ports.courses import CourseRepository, LessonRepository, SectionRepository
from application.ports.images import ImageCatalog
from application.ports.instructors import InstructorDirectory
from application.ports.password_hasher import PasswordHasher
from application.ports.project_queries import ProjectQueries
from application.ports.projects import ProjectDetailRepository, ProjectRepository
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
from application.users.ensure_first_admin import EnsureFirstAdmin

# argon2 takes ~64 MiB and tens of milliseconds per hash: a few at a time is plenty.
PASSWORD_HASHING_THREADS = 2


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
    def hashing_executor(self) -> Iterator[ThreadPoolExecutor]:
        executor = ThreadPoolExecutor(PASSWORD_HASHING_THREADS, thread_name_prefix="argon2")
        yield executor
        executor.shutdown(wait=False, cancel_futures=True)

    @provide(scope=Scope.APP)
    def password_hasher(self, executor: ThreadPoolExecutor) -> PasswordHasher:
        return Argon2PasswordHasher(executor)

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
        # Closing rolls back whatever a use case did not commit.
        async with factory() as session:
            yield session

    unit_of_work = provide(SqlAlchemyUnitOfWork, provides=UnitOfWork)
    users = provide(SqlUserRepository, provides=UserRepository)
    courses = provide(SqlCourseRepository, provides=CourseRepository)
    sections = provide(SqlSectionRepository, provides=SectionRepository)
    lessons = provide(SqlLessonRepository, provides=LessonRepository)
    projects = provide(SqlProjectRepository, provides=ProjectRepository)
    project_details = provide(SqlProjectDetailRepository, provides=ProjectDetailRepository)
    images = provide(SqlImageCatalog, provides=ImageCatalog)
    instructors = provide(SqlInstructorDirectory, provides=InstructorDirectory)


class UseCaseProvider(Provider):
    scope = Scope.REQUEST

    use_cases = provide_all(IdentifyCaller, EnsureFirstAdmin)
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


def build_container(settings: Settings, *extra: Provider) -> AsyncContainer:
    """The container of the whole service; `extra` providers override earlier ones (tests)."""
    return make_async_container(
        InfrastructureProvider(settings), PersistenceProvider(), UseCaseProvider(), *extra
    )
