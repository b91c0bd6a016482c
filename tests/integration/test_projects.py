"""Projects and their details over HTTP."""

from __future__ import annotations

import asyncpg

from tests.integration.content_arrange import Client, Headers, create_project, insert_media


async def test_the_portfolio_lists_published_projects_newest_first(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    ids = [(await create_project(client, admin_headers, title=f"P{i}"))["id"] for i in range(3)]
    await create_project(client, admin_headers, title="Draft", is_published=False)
    await db.execute("UPDATE projects SET created_at = now() - make_interval(mins => 10 - id)")

    response = await client.get("/api/v1/projects")

    assert response.status_code == 200
    assert response.headers["x-total-count"] == "3"
    assert [p["id"] for p in response.json()] == list(reversed(ids))
    page = await client.get("/api/v1/projects", params={"skip": 2, "limit": 1})
    assert [p["id"] for p in page.json()] == [ids[0]]
    assert (await client.get("/api/v1/projects", params={"limit": 101})).status_code == 422
    admin = await client.get("/api/v1/projects", params={"include_unpublished": True}, headers=admin_headers)
    assert admin.headers["x-total-count"] == "4"


async def test_a_project_carries_its_thumbnail_and_detail(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    image_id = await insert_media(db)
    project = await create_project(
        client,
        admin_headers,
        description="An online shop",
        client_name="ACME",
        project_type="web",
        live_demo_url="https://shop.example.com",
        github_url="http://github.com/acme/shop",
        technologies=["Python", "Litestar"],
        features=["cart"],
        image_id=str(image_id),
    )
    assert project["detail"] is None
    detail = await client.post(
        f"/api/v1/projects/{project['id']}/detail",
        json={"markdown_content": "# Case study", "tech_stack": ["PostgreSQL"]},
        headers=admin_headers,
    )
    assert detail.status_code == 201

    response = await client.get(f"/api/v1/projects/{project['id']}")

    assert response.status_code == 200
    body = response.json()
    secure_url = await db.fetchval("SELECT secure_url FROM media WHERE id = $1", image_id)
    assert body["thumbnail_image"] == {"id": str(image_id), "secure_url": secure_url}
    assert body["detail"] == {"markdown_content": "# Case study", "tech_stack": ["PostgreSQL"]}
    assert body["technologies"] == ["Python", "Litestar"]
    assert (body["client_name"], body["live_demo_url"]) == ("ACME", "https://shop.example.com")
    [listed] = (await client.get("/api/v1/projects")).json()
    assert listed == body


async def test_unpublished_projects_and_their_detail_are_404_except_for_an_admin(
    client: Client, admin_headers: Headers, user_headers: Headers
) -> None:
    project = await create_project(client, admin_headers, is_published=False)
    await client.post(f"/api/v1/projects/{project['id']}/detail", json={}, headers=admin_headers)
    for path in (f"/api/v1/projects/{project['id']}", f"/api/v1/projects/{project['id']}/detail"):
        assert (await client.get(path)).status_code == 404
        assert (await client.get(path, headers=user_headers)).status_code == 404
        assert (await client.get(path, headers=admin_headers)).status_code == 200
    assert (await client.get("/api/v1/projects/4242")).status_code == 404
    assert (await client.get("/api/v1/projects/abc")).status_code == 422


async def test_links_must_be_http_urls(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    for field, url in (
        ("live_demo_url", "javascript:alert(1)"),
        ("github_url", "ftp://example.com/x"),
        ("live_demo_url", "example.com"),
        ("github_url", "https://"),
    ):
        response = await client.post(
            "/api/v1/projects", json={"title": "x", field: url}, headers=admin_headers
        )
        assert response.status_code == 422, url
        assert response.json()["errors"][0]["field"] == field
    project = await create_project(client, admin_headers)
    bad_update = await client.put(
        f"/api/v1/projects/{project['id']}", json={"github_url": "file:///etc/passwd"}, headers=admin_headers
    )
    assert bad_update.status_code == 422
    assert await db.fetchval("SELECT github_url FROM projects") is None


async def test_the_thumbnail_must_be_an_image_used_nowhere_else(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    video = await insert_media(db, "video")
    response = await client.post(
        "/api/v1/projects", json={"title": "x", "image_id": str(video)}, headers=admin_headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "image_id"
    image = await insert_media(db)
    first = await create_project(client, admin_headers, image_id=str(image))
    second = await client.post(
        "/api/v1/projects", json={"title": "x", "image_id": str(image)}, headers=admin_headers
    )
    assert second.status_code == 409
    course = await client.post(
        "/api/v1/courses", json={"title": "c", "image_id": str(image)}, headers=admin_headers
    )
    assert course.status_code == 409
    keep = await client.put(
        f"/api/v1/projects/{first['id']}", json={"image_id": str(image)}, headers=admin_headers
    )
    assert keep.status_code == 200


async def test_update_is_partial_delete_takes_the_detail(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    project = await create_project(client, admin_headers, description="Old", technologies=["Go"])
    path = f"/api/v1/projects/{project['id']}"
    await client.post(f"{path}/detail", json={"markdown_content": "x"}, headers=admin_headers)

    updated = await client.put(path, json={"title": "New", "description": None}, headers=admin_headers)

    assert updated.status_code == 200
    assert (updated.json()["title"], updated.json()["description"]) == ("New", None)
    assert updated.json()["technologies"] == ["Go"]
    assert (await client.put(path, json={"secret": 1}, headers=admin_headers)).status_code == 422
    assert (await client.put("/api/v1/projects/4242", json={}, headers=admin_headers)).status_code == 404
    deleted = await client.delete(path, headers=admin_headers)
    assert deleted.status_code == 204
    assert await db.fetchval("SELECT count(*) FROM projects") == 0
    assert await db.fetchval("SELECT count(*) FROM project_details") == 0


async def test_bulk_create_is_all_or_nothing_and_names_the_item(
    client: Client, admin_headers: Headers, db: asyncpg.Connection
) -> None:
    created = await client.post(
        "/api/v1/projects/bulk", json=[{"title": "A"}, {"title": "B"}], headers=admin_headers
    )
    assert created.status_code == 201
    assert [p["title"] for p in created.json()] == ["A", "B"]

    rejected = await client.post(
        "/api/v1/projects/bulk",
        json=[{"title": "C"}, {"title": "D", "github_url": "ssh://git@x"}],
        headers=admin_headers,
    )
    assert rejected.status_code == 422
    assert rejected.json()["errors"] == [
        {"field": "items[1].github_url", "message": "must be an http or https URL"}
    ]
    assert await db.fetchval("SELECT count(*) FROM projects") == 2


async def test_a_project_has_one_detail_written_by_admins(
    client: Client, admin_headers: Headers, user_headers: Headers, db: asyncpg.Connection
) -> None:
    project = await create_project(client, admin_headers)
    path = f"/api/v1/projects/{project['id']}/detail"
    assert (await client.get(path)).status_code == 404
    assert (await client.post(path, json={}, headers=user_headers)).status_code == 403
    assert (await client.post(path, json={})).status_code == 401

    created = await client.post(
        path, json={"markdown_content": "# Story", "tech_stack": ["Redis"]}, headers=admin_headers
    )
    assert created.status_code == 201
    assert (created.json()["project_id"], created.json()["markdown_content"]) == (project["id"], "# Story")
    again = await client.post(path, json={"markdown_content": "dup"}, headers=admin_headers)
    assert again.status_code == 409

    changed = await client.put(path, json={"tech_stack": ["Redis", "Kafka"]}, headers=admin_headers)
    assert changed.status_code == 200
    assert changed.json()["markdown_content"] == "# Story"
    public = await client.get(path)
    assert public.status_code == 200
    assert public.json()["tech_stack"] == ["Redis", "Kafka"]
    assert await db.fetchval("SELECT tech_stack FROM project_details") == ["Redis", "Kafka"]
    assert (await client.put(path, json={"extra": 1}, headers=admin_headers)).status_code == 422
    assert (
        await client.post("/api/v1/projects/4242/detail", json={}, headers=admin_headers)
    ).status_code == 404
    assert (
        await client.put("/api/v1/projects/4242/detail", json={}, headers=admin_headers)
    ).status_code == 404
