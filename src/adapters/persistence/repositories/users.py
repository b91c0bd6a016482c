from __future__ import annotations

from typing import Any
from uuid import UUID

from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import users_table
from domain.users import Role, User, normalize_email


class _UserRows(SQLAlchemyAsyncRepository[Any]):
    model_type = User


class SqlUserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._rows = _UserRows(session=session, auto_expunge=False)

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
