"""Migration 0018: a database with a published plan, confirmations and movements moves into the
2021–2025 period the migration opens, and keeps working."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from models.db import create_engine, migrate
from tests.migrations.old_rows import database_at, database_with

AT = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)

ROWS = (
    "INSERT INTO units (id, code, name, kind, district, active, created_at)"
    " VALUES (1, 'CNTT', 'Phòng CNTT', 'department', '', true, :at)",
    "INSERT INTO members (id, unit_id, full_name, position, role, active, created_at)"
    " VALUES (1, 1, 'Nguyễn Thị Lan', 'Chuyên viên', 'staff', true, :at)",
    "INSERT INTO plans (id, version, title, file_name, source, digest, published_at)"
    " VALUES (1, 1, 'Kế hoạch (2021-2025)', 'a.md', '# Kế hoạch', 'd1', :at)",
    "INSERT INTO plans (id, version, title, file_name, source, digest, published_at)"
    " VALUES (2, 2, 'Kế hoạch (2021-2025)', 'b.md', '# Kế hoạch', 'd2', :later)",
    "INSERT INTO plan_sections (plan_id, position, number, title, body, items)"
    " VALUES (2, 0, 'I', 'MỤC ĐÍCH', 'x', 0)",
    "INSERT INTO acknowledgements (plan_id, member_id, confirmed_at) VALUES (2, 1, :later)",
    # No id: the later insert of the test takes the next one (PostgreSQL's sequence).
    "INSERT INTO movements (code, name, description, position, active, updated_at)"
    " VALUES ('chuyen-doi-so', 'Chuyển đổi số', 'Mô tả', 0, true, :at)",
)


async def test_existing_plans_and_movements_move_into_the_2021_2025_period(
    tmp_path: Path,
) -> None:
    url = await database_with("0014", tmp_path, ROWS, at=AT, later=AT.replace(day=3))
    engine = create_engine(url)
    try:
        await migrate(url)
        async with engine.begin() as connection:
            period = (
                await connection.execute(
                    text("SELECT id, code, first_year, last_year, state, opened_at FROM periods")
                )
            ).one()
            plans = (await connection.execute(text("SELECT DISTINCT period_id FROM plans"))).all()
            movements = (await connection.execute(text("SELECT period_id FROM movements"))).all()
            confirmed = await connection.scalar(text("SELECT count(*) FROM acknowledgements"))
            # A later period may name a movement with the same code.
            await connection.execute(
                text(
                    "INSERT INTO periods (code, name, first_year, last_year, state, opened_at)"
                    " VALUES ('2026-2030', 'Giai đoạn 2026–2030', 2026, 2030, 'open', :at)"
                ),
                {"at": AT},
            )
            await connection.execute(
                text(
                    "INSERT INTO movements (period_id, code, name, description, position,"
                    " active, updated_at) SELECT id, 'chuyen-doi-so', 'Chuyển đổi số', 'Mô tả',"
                    " 0, true, :at FROM periods WHERE code = '2026-2030'"
                ),
                {"at": AT},
            )
            codes = await connection.scalar(text("SELECT count(*) FROM movements"))
    finally:
        await engine.dispose()
    period_id, code, first, last, state, opened_at = period
    assert (code, first, last, state) == ("2021-2025", 2021, 2025, "open")
    assert str(opened_at).startswith("2026-03-02")  # when its first plan was published
    assert plans == [(period_id,)]
    assert movements == [(period_id,)]
    assert (confirmed, codes) == (1, 2)


async def test_an_empty_database_gets_the_2021_2025_period(tmp_path: Path) -> None:
    url = await database_at("0014", tmp_path)
    await migrate(url)
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            found = (await connection.execute(text("SELECT code, state FROM periods"))).all()
    finally:
        await engine.dispose()
    assert found == [("2021-2025", "open")]
