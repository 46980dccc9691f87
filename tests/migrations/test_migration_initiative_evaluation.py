"""Migration 0016 on a database with initiatives: those recognised by a click before it keep
their state, with the council's conclusion and the head's decision left blank (never
invented); the others are untouched and can go through the new evaluation."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from models.db import create_engine, migrate
from tests.migrations.old_rows import UNIT_AND_MEMBER, database_with

ROWS = [
    (1, "SK-2026-0001", "recognized"),
    (2, "SK-2026-0002", "applied"),
    (3, "SK-2026-0003", "under_review"),
]


async def test_initiatives_recognised_before_keep_their_state_with_a_blank_decision(
    tmp_path: Path,
) -> None:
    url = await database_with(
        "0014",
        tmp_path,
        UNIT_AND_MEMBER
        + tuple(
            "INSERT INTO initiatives (id, code, year, author_id, unit_id, title, kind, field,"
            " problem, solution, applied_where, applied_since, benefit, state, version,"
            f" submitted_at, updated_at) VALUES ({item_id}, '{code}', 2026, 1, 1, 'Số hóa',"
            f" 'quan_ly', 'Khác', 'p', 's', 'VP', '2026-01-15', 'b', '{state}', 4, :at, :at)"
            for item_id, code, state in ROWS
        ),
    )
    engine = create_engine(url)
    try:
        await migrate(url)
        async with engine.connect() as connection:
            found = (
                await connection.execute(
                    text(
                        "SELECT code, state, version, conclusion, conclusion_reason,"
                        " decision_number, decision_date, decision_signer, certificate_number"
                        " FROM initiatives ORDER BY code"
                    )
                )
            ).all()
            marks = await connection.scalar(
                text("SELECT count(*) FROM initiative_condition_marks")
            )
    finally:
        await engine.dispose()
    assert [tuple(row) for row in found] == [
        ("SK-2026-0001", "recognized", 4, "", "", "", None, "", None),
        ("SK-2026-0002", "applied", 4, "", "", "", None, "", None),
        ("SK-2026-0003", "under_review", 4, "", "", "", None, "", None),
    ]
    assert marks == 0
