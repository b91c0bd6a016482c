"""Projects: http(s) links, thumbnails, bulk all-or-nothing, one detail each, visibility."""

from __future__ import annotations

from uuid import uuid4

import pytest

from application.ports.images import ImageUsage
from application.projects.create_project import CreateProject
from application.projects.create_project_detail import CreateProjectDetail
from application.projects.create_projects import CreateProjects
from application.projects.get_project_detail import GetProjectDetail
from application.projects.project_detail_input import NewProjectDetail
from application.projects.project_input import NewProject
from application.projects.update_project import UpdateProject
from application.projects.update_project_detail import UpdateProjectDetail
from domain.errors import Conflict, InvalidInput, NotFound
from domain.projects import Project, web_url_problem
from domain.users import Role, User
from tests.unit.courses.fakes import FakeImageCatalog
from tests.unit.fakes import FakeUnitOfWork
from tests.unit.projects.fakes import FakeProjectDetailRepository, FakeProjectQueries, FakeProjectRepository


class World:
    def __init__(self, *projects: Project, images: tuple[ImageUsage, ...] = ()) -> None:
        self.projects = FakeProjectRepository(*projects)
        self.details = FakeProjectDetailRepository()
        self.images = FakeImageCatalog(*images)
        self.queries = FakeProjectQueries(self.projects, self.details)
        self.uow = FakeUnitOfWork()


def test_links_are_absolute_http_urls() -> None:
    assert web_url_problem("https://example.com/a?b=c") is None
    assert web_url_problem("HTTP://example.com") is None
    for url in ("javascript:alert(1)", "ftp://example.com", "example.com", "https://", "http://[::1"):
        assert web_url_problem(url) is not None, url


async def test_every_bad_link_is_named() -> None:
    world = World()

    with pytest.raises(InvalidInput) as raised:
        await CreateProject(world.projects, world.images, world.queries, world.uow)(
            NewProject(title="x", live_demo_url="ftp://a", github_url="javascript:x")
        )

    assert [p.field for p in raised.value.problems] == ["live_demo_url", "github_url"]
    assert world.projects.rows == {}
    assert not world.uow.committed


async def test_bulk_projects_are_all_or_nothing_with_item_indexes() -> None:
    world = World()
    create = CreateProjects(world.projects, world.images, world.queries, world.uow)

    with pytest.raises(InvalidInput) as raised:
        await create([NewProject(title="a"), NewProject(title="b", image_id=uuid4())])
    assert [p.field for p in raised.value.problems] == ["items[1].image_id"]
    assert world.projects.rows == {}

    created = await create([NewProject(title="a"), NewProject(title="b", github_url="https://github.com/x")])
    assert [p.title for p in created] == ["a", "b"]
    assert world.uow.committed


async def test_a_project_keeps_its_own_thumbnail_but_not_another_ones() -> None:
    own = ImageUsage(media_id=uuid4(), is_image=True, is_deleted=False, course_id=None, project_id=1)
    taken = ImageUsage(media_id=uuid4(), is_image=True, is_deleted=False, course_id=uuid4(), project_id=None)
    world = World(Project(title="p", image_id=own.media_id), images=(own, taken))
    update = UpdateProject(world.projects, world.images, world.queries, world.uow)

    kept = await update(1, {"image_id": own.media_id, "title": "q"})
    assert kept.title == "q"
    with pytest.raises(Conflict):
        await update(1, {"image_id": taken.media_id})
    assert world.projects.rows[1].image_id == own.media_id


async def test_a_project_has_one_detail() -> None:
    world = World(Project(title="p", is_published=True))
    create = CreateProjectDetail(world.projects, world.details, world.uow)

    created = await create(1, NewProjectDetail(markdown_content="# Story", tech_stack=["Go"]))
    assert (created.project_id, created.markdown_content) == (1, "# Story")
    with pytest.raises(Conflict):
        await create(1, NewProjectDetail())
    with pytest.raises(NotFound):
        await create(2, NewProjectDetail())

    changed = await UpdateProjectDetail(world.details, world.uow)(1, {"tech_stack": ["Go", "Rust"]})
    assert (changed.markdown_content, changed.tech_stack) == ("# Story", ["Go", "Rust"])
    with pytest.raises(NotFound):
        await UpdateProjectDetail(world.details, world.uow)(2, {})


async def test_the_detail_of_an_unpublished_project_is_for_admins_only() -> None:
    world = World(Project(title="draft"))
    await CreateProjectDetail(world.projects, world.details, world.uow)(1, NewProjectDetail())
    admin = User(username="a", email="a@example.com", password_hash="x", full_name="A", role=Role.ADMIN)
    learner = User(username="l", email="l@example.com", password_hash="x", full_name="L")

    assert (await GetProjectDetail(world.queries)(1, admin)).project_id == 1
    for viewer in (None, learner):
        with pytest.raises(NotFound):
            await GetProjectDetail(world.queries)(1, viewer)
