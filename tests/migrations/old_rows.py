"""Databases at an older revision holding rows, for the tests of what a migration does to
existing data (SQLite, or PostgreSQL when ``TEST_DATABASE_URL`` is set)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from models.db import create_engine, migrate
from tests.conftest import PG_URL

AT = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
#: A unit and a member working in it, as every revision since the first stores them.
UNIT_AND_MEMBER = (
    "INSERT INTO units (id, code, name, kind, district, active, created_at)"
    " VALUES (1, 'CNTT', 'Phòng CNTT', 'department', '', true, :at)",
    "INSERT INTO members (id, unit_id, full_name, position, role, active, created_at)"
    " VALUES (1, 1, 'Nguyễn Văn An', 'Chuyên viên', 'staff', true, :at)",
)


async def database_at(revision: str, tmp_path: Path) -> str:
    """An empty database migrated to ``revision``: PostgreSQL when the suite runs on it (its
    schema rebuilt; the next test's fixture empties it again), else a new SQLite file."""
    if PG_URL:
        engine = create_engine(PG_URL)
        try:
            async with engine.begin() as connection:
                await connection.execute(text("DROP SCHEMA public CASCADE"))
                await connection.execute(text("CREATE SCHEMA public"))
        finally:
            await engine.dispose()
        url = PG_URL
    else:
        url = f"sqlite+aiosqlite:///{tmp_path}/old.db"
    await migrate(url, revision)
    return url


async def database_with(
    revision: str, tmp_path: Path, statements: Iterable[str], **params: object
) -> str:
    """A database at ``revision`` holding the rows ``statements`` insert, each statement given
    the ``params`` it names (``:at`` is :data:`AT` unless given)."""
    url = await database_at(revision, tmp_path)
    values = {"at": AT, **params}
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for statement in statements:
                named = {k: v for k, v in values.items() if f":{k}" in statement}
                await connection.execute(text(statement), named)
    finally:
        await engine.dispose()
    return url
