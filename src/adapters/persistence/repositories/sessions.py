from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.persistence.tables import auth_sessions_table, refresh_tokens_table
from domain.sessions import AuthSession, RefreshToken


class SqlSessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, session: AuthSession) -> None:
        self._session.add(session)
        await self._session.flush()

    async def add_token(self, token: RefreshToken) -> None:
        self._session.add(token)
        await self._session.flush()

    async def use_token(self, token_hash: str, now: datetime) -> AuthSession | None:
        # One statement: a second request with the same token waits for the first one's
        # row lock, then finds used_at set and gets nothing.
        statement = (
            update(refresh_tokens_table)
            .where(refresh_tokens_table.c.token_hash == token_hash, refresh_tokens_table.c.used_at.is_(None))
            .values(used_at=now)
            .returning(refresh_tokens_table.c.session_id)
        )
        session_id = await self._session.scalar(statement)
        if session_id is None:
            return None
        return await self._session.get(AuthSession, session_id, populate_existing=True)

    async def session_of_token(self, token_hash: str) -> AuthSession | None:
        statement = (
            select(AuthSession)
            .join(refresh_tokens_table, refresh_tokens_table.c.session_id == auth_sessions_table.c.id)
            .where(refresh_tokens_table.c.token_hash == token_hash)
        )
        return (await self._session.scalars(statement)).first()

    async def revoke(self, session_id: UUID, now: datetime) -> None:
        await self._session.execute(
            update(auth_sessions_table)
            .where(auth_sessions_table.c.id == session_id, auth_sessions_table.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    async def remove_ended(self, user_id: UUID, now: datetime) -> None:
        await self._session.execute(
            delete(auth_sessions_table).where(
                auth_sessions_table.c.user_id == user_id, auth_sessions_table.c.expires_at <= now
            )
        )

    async def revoke_all_of_user(self, user_id: UUID, now: datetime, keep: UUID | None = None) -> None:
        statement = update(auth_sessions_table).where(
            auth_sessions_table.c.user_id == user_id, auth_sessions_table.c.revoked_at.is_(None)
        )
        if keep is not None:
            statement = statement.where(auth_sessions_table.c.id != keep)
        await self._session.execute(statement.values(revoked_at=now))
