"""Renumbering the children of a course or a section in one statement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncSession

_RENUMBER: Final = (
    "UPDATE {table} AS t SET {order} = wanted.position, updated_at = now() "
    "FROM unnest(CAST(:ids AS integer[])) WITH ORDINALITY AS wanted(id, position) "
    "WHERE t.id = wanted.id AND t.{order} <> wanted.position"
)


async def renumber(
    session: AsyncSession, table: Table, order_column: str, constraint: str, ordered_ids: Sequence[int]
) -> None:
    """Give the rows orders 1..n in the sequence of `ordered_ids`.

    The unique (parent, order) constraint is DEFERRABLE, so it is checked once all orders
    have changed rather than row by row, where a swap would collide; deferred here, the
    check happens at commit. Names come from the schema, never from a client.
    """
    await session.execute(text(f"SET CONSTRAINTS {constraint} DEFERRED"))
    statement = _RENUMBER.format(table=table.name, order=order_column)
    await session.execute(text(statement), {"ids": list(ordered_ids)})
