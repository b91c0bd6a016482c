from __future__ import annotations

from typing import Any
from uuid import UUID

from advanced_alchemy.filters import LimitOffset
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import users_table
from application.pagination import Page, PageRequest
from domain.users import Role, User, normalize_email


class _UserRows(SQLAlchemyAsyncRepository[Any]):
    model_type = User


class SqlUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # wrap_exceptions=False: the HTTP layer maps SQLAlchemy's own errors (conflicts, outages).
        self._rows = _UserRows(session=session, auto_expunge=False, wrap_exceptions=False)

    async def add(self, user: User) -> User:
        added: User = await self._rows.add(user)
        return added

    async def get(self, user_id: UUID) -> User | None:
        found: User | None = await self._rows.get_one_or_none(id=user_id)
        return found

    async def get_by_login(self, login: str) -> User | None:
        statement = select(User).where(
            or_(users_table.c.username == login, func.lower(users_table.c.email) == normalize_email(login))
        )
        return (await self._session.scalars(statement)).first()

    async def count_by_role(self, role: Role) -> int:
        return await self._rows.count(users_table.c.role == role)

    async def list(self, page: PageRequest) -> Page[User]:
        users, total = await self._rows.get_many_and_count(
            LimitOffset(limit=page.limit, offset=page.skip),
            order_by=[users_table.c.created_at.asc(), users_table.c.id.asc()],
        )
        return Page(items=list(users), total=total)

    async def update(self, user: User) -> User:
        # The user is tracked by this session: flushing writes the changes and, through
        # RETURNING, brings back the new updated_at.
        await self._session.flush()
        return user

    async def delete(self, user: User) -> None:
        await self._session.delete(user)
        await self._session.flush()

    async def username_taken(self, username: str, except_id: UUID | None = None) -> bool:
        return await self._taken(func.lower(users_table.c.username) == username.lower(), except_id)

    async def email_taken(self, email: str, except_id: UUID | None = None) -> bool:
        return await self._taken(func.lower(users_table.c.email) == normalize_email(email), except_id)

    async def count_active_admins(self) -> int:
        statement = (
            select(users_table.c.id)
            .where(users_table.c.role == Role.ADMIN, users_table.c.is_active.is_(True))
            .with_for_update()
        )
        return len((await self._session.execute(statement)).all())

    async def _taken(self, clause: ColumnElement[bool], except_id: UUID | None) -> bool:
        if except_id is not None:
            clause = clause & (users_table.c.id != except_id)
        return bool(await self._session.scalar(select(exists().where(clause))))
