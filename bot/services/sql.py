"""Small SQL helpers for the two supported databases (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession


def is_postgres(session: AsyncSession) -> bool:
    """Tell whether the session talks to PostgreSQL (row locks, SKIP LOCKED)."""
    return session.get_bind().dialect.name == "postgresql"


async def insert_ignoring_duplicates(
    session: AsyncSession, model: type[Any], values: dict[str, Any]
) -> bool:
    """Insert a row unless a unique key already has it; return whether it was inserted."""
    if is_postgres(session):
        stmt: Any = pg_insert(model).values(**values).on_conflict_do_nothing()
    else:
        stmt = sqlite_insert(model).values(**values).on_conflict_do_nothing()
    result = await session.execute(stmt)
    return bool(getattr(result, "rowcount", 1))
