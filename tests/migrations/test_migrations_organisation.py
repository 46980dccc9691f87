"""Migration 0017 on a database of 0014 with units and members in it (SQLite, or PostgreSQL
when ``TEST_DATABASE_URL`` is set): they come through as open units and working members, and
the organisation's changes can be recorded at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import text

from models.db import create_engine, migrate
from tests.migrations.old_rows import AT, database_with


async def test_units_and_members_of_0014_are_open_and_working_after_the_upgrade(
    tmp_path: Path,
) -> None:
    url = await database_with(
        "0014",
        tmp_path,
        (
            "INSERT INTO units (id, code, name, kind, district, active, created_at) VALUES"
            " (1, 'CNTT', 'Phòng CNTT', 'department', '', true, :at),"
            " (2, 'CU', 'Chi cục cũ', 'department', '', false, :at)",
            "INSERT INTO members (id, unit_id, full_name, position, role, active,"
            " created_at) VALUES (1, 1, 'Nguyễn Văn An', '', 'staff', true, :at),"
            " (2, 2, 'Lê Thị Cũ', '', 'staff', false, :at)",
        ),
    )
    engine = create_engine(url)
    try:
        await migrate(url)
        async with engine.begin() as connection:
            units = (
                await connection.execute(
                    text("SELECT code, active, opened_on, closed_on FROM units ORDER BY id")
                )
            ).all()
            members = (
                await connection.execute(
                    text("SELECT full_name, active, left_on, left_reason FROM members ORDER BY id")
                )
            ).all()
            await connection.execute(
                text(
                    "INSERT INTO unit_changes (kind, effective_on, sources, targets, old_name,"
                    " new_name, reason, created_at) VALUES ('rename', :day, '[1]', '[1]',"
                    " 'Phòng CNTT', 'Phòng KHCN', '', :at)"
                ),
                {"day": date(2026, 3, 1), "at": AT},
            )
            await connection.execute(
                text(
                    "INSERT INTO member_moves (member_id, kind, effective_on, from_unit_id,"
                    " to_unit_id, old_role, new_role, reason, created_at) VALUES"
                    " (1, 'leave', :day, 1, 1, 'staff', 'staff', 'retired', :at)"
                ),
                {"day": date(2026, 3, 1), "at": AT},
            )
            recorded = await connection.scalar(text("SELECT count(*) FROM member_moves"))
    finally:
        await engine.dispose()
    assert [tuple(row) for row in units] == [("CNTT", True, None, None), ("CU", False, None, None)]
    assert [tuple(row) for row in members] == [
        ("Nguyễn Văn An", True, None, ""),
        ("Lê Thị Cũ", False, None, ""),
    ]
    assert recorded == 1
