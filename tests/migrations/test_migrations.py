"""The migrations build exactly the tables the models declare, with the database rules on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, insert, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from bot.app import App
from models import AuditEntry, Base, Member
from models.db import create_engine


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_migrations_match_the_models(app: App) -> None:
    async with app.engine.connect() as connection:
        assert await connection.run_sync(_diff) == []


async def test_audit_log_is_append_only(app: App) -> None:
    now = app.clock.now()
    async with app.sessions.begin() as session:
        await session.execute(
            insert(AuditEntry).values(at=now, actor="test", action="x", entity="y", entity_id="1")
        )
    for statement in (
        update(AuditEntry).values(action="changed"),
        text("DELETE FROM audit_log"),
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            async with app.sessions.begin() as session:
                await session.execute(statement)


async def test_foreign_keys_are_enforced(app: App) -> None:
    with pytest.raises(IntegrityError):
        async with app.sessions.begin() as session:
            await session.execute(
                insert(Member).values(
                    unit_id=9999,
                    full_name="Không Đơn Vị",
                    position="",
                    role="staff",
                    active=True,
                    created_at=app.clock.now(),
                )
            )


async def test_sqlite_connections_use_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/x.db")
    try:
        async with engine.connect() as connection:
            mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
            keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar()
    finally:
        await engine.dispose()
    assert (mode, keys) == ("wal", 1)
