"""Small SQL helpers for the two supported databases (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from models import CodeCounter


def is_postgres(session: AsyncSession) -> bool:
    """Tell whether the session talks to PostgreSQL (row locks, SKIP LOCKED)."""
    return session.get_bind().dialect.name == "postgresql"


async def insert_ignoring_duplicates(
    session: AsyncSession, model: type[Any], rows: Sequence[dict[str, Any]]
) -> None:
    """Insert rows in one statement, skipping those a unique key already has."""
    insert = pg_insert if is_postgres(session) else sqlite_insert
    await session.execute(insert(model).on_conflict_do_nothing(), list(rows))


async def next_number(session: AsyncSession, series: str, count: int = 1) -> int:
    """The next number of a series, atomically (an upsert that returns the new value); with
    ``count``, the last of that many numbers taken at once (a list's rows)."""
    insert = pg_insert if is_postgres(session) else sqlite_insert
    statement = (
        insert(CodeCounter)
        .values(series=series, last=count)
        .on_conflict_do_update(index_elements=["series"], set_={"last": CodeCounter.last + count})
        .returning(CodeCounter.last)
    )
    return int((await session.execute(statement)).scalar_one())
