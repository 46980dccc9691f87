"""``/xuat`` → "Biểu thống kê TT 02/2023": the Office picks the year and gets the workbook,
its caption counting the problems the check found."""

from __future__ import annotations

import io

from openpyxl import load_workbook  # type: ignore[import-untyped]

from bot.app import App
from bot.domain import StaffCategory
from bot.roles import Role
from tests.factories import join
from tests.services.statistics_seed import statistics_app  # noqa: F401


async def test_the_office_gets_the_tables_of_the_year_with_the_check(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await office.send("/xuat")
    await office.tap("📊 Biểu thống kê TT 02/2023")
    assert "Thông tư 02/2023/TT-BNV" in office.text
    await office.tap("Năm 2026")
    document = office.last.document
    assert document is not None and document.name == "bieu-thong-ke-tdkt-2026.xlsx"
    # Lê Văn Phòng's category is unknown and Giấy khen is not classified: two problems.
    assert "Biểu thống kê năm 2026: 0 lượt khen thưởng" in office.text
    assert "Kiểm tra thấy 2 vấn đề" in office.text
    book = load_workbook(io.BytesIO(document.content))
    assert book.sheetnames[-1] == "Kiểm tra"
    assert book["Biểu 0603"]["A1"].value == "Biểu số: 0603.N/BNV-TĐKT"

    member = await app.services.members.find(office.channel, office.user_id)
    assert member is not None
    await app.services.member_changes.set_category(None, member.id, StaffCategory.FRONTLINE)
    await office.send("/xuat")
    await office.tap("📊 Biểu thống kê TT 02/2023")
    await office.tap("Năm 2025")
    assert "Biểu thống kê năm 2025" in office.text
    assert "Kiểm tra thấy 1 vấn đề" in office.text
