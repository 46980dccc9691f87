"""Migration 0020: deliveries queued before it keep going, with no topic and no reroute."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from models.db import create_engine, migrate
from tests.migrations.old_rows import UNIT_AND_MEMBER, database_with

ROWS = (
    *UNIT_AND_MEMBER,
    "INSERT INTO deliveries (id, channel, chat_id, member_id, is_group, quiet, payload, status,"
    " attempts, not_before, last_error, created_at)"
    " VALUES (1, 'telegram', '501', 1, false, false, '{\"text\": \"x\", \"buttons\": []}',"
    " 'pending', 0, :at, '', :at)",
)


async def test_old_deliveries_have_no_topic_and_were_not_rerouted(tmp_path: Path) -> None:
    url = await database_with("0019", tmp_path, ROWS)
    await migrate(url)
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            row = (
                await connection.execute(
                    text("SELECT status, topic, rerouted_from FROM deliveries")
                )
            ).one()
    finally:
        await engine.dispose()
    assert tuple(row) == ("pending", None, "")
