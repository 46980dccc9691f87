"""Migration 0023 folds the code, title and authors of every existing initiative into its
search text, so the web desk finds items filed before it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from models.db import create_engine, migrate
from tests.migrations.old_rows import UNIT_AND_MEMBER, database_with


async def test_existing_initiatives_get_their_search_text(tmp_path: Path) -> None:
    url = await database_with(
        "0022",
        tmp_path,
        (
            *UNIT_AND_MEMBER,
            "INSERT INTO initiatives (id, code, year, author_id, unit_id, title, kind, field,"
            " problem, solution, applied_where, applied_since, benefit, state, version,"
            " submitted_at, updated_at) VALUES (1, 'SK-2026-0001', 2026, 1, 1,"
            " 'Ứng dụng ĐIỆN toán', 'quan_ly', 'Chuyển đổi số', 'Chậm.', 'Dùng bot.',"
            " 'Văn phòng Sở', '2026-01-15', 'Nhanh hơn.', 'submitted', 1, :at, :at)",
            "INSERT INTO initiative_authors (id, initiative_id, member_id, name, share,"
            " position) VALUES (1, 1, 1, 'Nguyễn Văn An', 70, 0)",
            "INSERT INTO initiative_authors (id, initiative_id, member_id, name, share,"
            " position) VALUES (2, 1, NULL, 'Đặng Thị Bình', 30, 1)",
        ),
    )
    engine = create_engine(url)
    try:
        await migrate(url)
        async with engine.connect() as connection:
            found = await connection.scalar(text("SELECT search_text FROM initiatives"))
    finally:
        await engine.dispose()
    assert found == "sk-2026-0001 ung dung dien toan nguyen van an dang thi binh"
