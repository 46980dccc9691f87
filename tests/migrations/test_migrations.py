"""The migrations build exactly the tables the models declare, with the database rules on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, insert, inspect, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from bot.app import App
from models import AuditEntry, Base, Member
from models.db import create_engine, migrate
from tests.migrations.old_rows import AT, database_at


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


async def test_open_drafts_keep_their_trail_and_given_values_apart_from_answers(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/drafts.db"
    await migrate(url, "0007")
    engine = create_engine(url)
    old = {"title": "Số hóa hồ sơ", "_trail": [0, 1], "_prefilled": ["unit_name"]}
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO dialog_states (channel, chat_id, user_id, dialog, step, nonce,"
                    " data, updated_at, expires_at) VALUES ('telegram', '1', '1', 'initiative',"
                    " 2, 'abcd', :data, '2026-12-01', '2026-12-31')"
                ),
                {"data": json.dumps(old)},
            )
        await migrate(url)
        async with engine.connect() as connection:
            row = (
                await connection.execute(text("SELECT data, trail, prefilled FROM dialog_states"))
            ).one()
    finally:
        await engine.dispose()
    assert [json.loads(value) for value in row] == [
        {"title": "Số hóa hồ sơ"},
        [0, 1],
        ["unit_name"],
    ]


async def test_approved_nominations_wait_for_a_decision_after_the_upgrade(
    tmp_path: Path,
) -> None:
    url = await database_at("0010", tmp_path)
    engine = create_engine(url)
    rows = [
        ("DC-2026-0001", "approved"),
        ("DC-2026-0002", "announced"),
        ("DC-2026-0003", "under_review"),
    ]
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO units (id, code, name, kind, district, active, created_at)"
                    " VALUES (1, 'CNTT', 'Phòng CNTT', 'department', '', true, :at)"
                ),
                {"at": AT},
            )
            for number, (code, state) in enumerate(rows, start=1):
                await connection.execute(
                    text(
                        "INSERT INTO nominations (id, code, year, track, unit_id, nominee_kind,"
                        " nominee_name, nominee_key, award_code, award_name, summary, state,"
                        " version, submitted_at, updated_at, announced_at) VALUES (:id, :code,"
                        " 2026, 'annual', 1, 'collective', 'Phòng CNTT', 'u:1', 'TTLDTT',"
                        " 'Tập thể lao động tiên tiến', 'Tốt', :state, 3, :at, :at, :at)"
                    ),
                    {"id": number, "code": code, "state": state, "at": AT},
                )
        await migrate(url)
        async with engine.connect() as connection:
            found = (
                await connection.execute(
                    text("SELECT code, state, version FROM nominations ORDER BY code")
                )
            ).all()
            decisions = await connection.scalar(text("SELECT count(*) FROM decisions"))
            columns = await connection.run_sync(
                lambda sync: {c["name"] for c in inspect(sync).get_columns("nominations")}
            )
    finally:
        await engine.dispose()
    # Nothing was decided: approved and announced items wait for the decision.
    assert [tuple(row) for row in found] == [
        ("DC-2026-0001", "recommended", 4),
        ("DC-2026-0002", "recommended", 4),
        ("DC-2026-0003", "under_review", 3),
    ]
    assert decisions == 0
    assert "announced_at" not in columns
