"""Migration 0015 (the initiative application form) keeps every initiative, with blanks."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from models.db import create_engine, migrate
from tests.migrations.old_rows import UNIT_AND_MEMBER, database_with


async def test_initiatives_filed_before_the_form_keep_blanks_after_the_upgrade(
    tmp_path: Path,
) -> None:
    url = await database_with(
        "0014",
        tmp_path,
        (
            *UNIT_AND_MEMBER,
            "INSERT INTO initiatives (id, code, year, author_id, unit_id, title, kind, field,"
            " problem, solution, applied_where, applied_since, benefit, state, version,"
            " submitted_at, updated_at) VALUES (1, 'SK-2026-0001', 2026, 1, 1, 'Số hóa',"
            " 'quan_ly', 'Chuyển đổi số', 'Chậm.', 'Dùng bot.', 'Văn phòng Sở',"
            " '2026-01-15', 'Nhanh hơn.', 'submitted', 1, :at, :at)",
            "INSERT INTO initiative_authors (id, initiative_id, member_id, name, share,"
            " position) VALUES (1, 1, 1, 'Nguyễn Văn An', 100, 0)",
        ),
    )
    engine = create_engine(url)
    try:
        await migrate(url)
        async with engine.connect() as connection:
            item = (
                await connection.execute(
                    text(
                        "SELECT title, filer, investor_name, investor_address, confidential,"
                        " conditions FROM initiatives"
                    )
                )
            ).one()
            author = (
                await connection.execute(
                    text(
                        "SELECT name, share, birth_date, workplace, job_title, qualification"
                        " FROM initiative_authors"
                    )
                )
            ).one()
            appliers = await connection.scalar(text("SELECT count(*) FROM initiative_appliers"))
    finally:
        await engine.dispose()
    # They were all filed by their first author; what the form adds is blank, never guessed.
    assert tuple(item) == ("Số hóa", "author", "", "", "", "")
    assert tuple(author) == ("Nguyễn Văn An", 100, None, "", "", "")
    assert appliers == 0
