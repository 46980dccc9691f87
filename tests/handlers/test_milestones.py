"""``/lichthidua`` through the router: every role reads the year's milestones in order with the
next one marked; the Office sees who has not acted, opens the list of those units and exports
the year; lower roles are refused those parts, by forged buttons too."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy import select

from bot.app import App
from bot.callbacks import MilestoneChoice, MilestoneMenu
from bot.config import Settings
from bot.roles import Role
from models import Unit, UnitRegistration
from tests.conftest import make_settings
from tests.factories import join
from tests.fakes.people import Person

# The fake clock starts on Monday 02/03/2026 at 09:00 in Hà Nội.
MILESTONES: list[dict[str, Any]] = [
    {"key": "registration", "on": "03-10", "remind_days_before": [7, 1]},
    {"key": "midyear_review", "on": "06-30", "remind_days_before": [7]},
    {"key": "unit_reports", "on": "12-05"},
    {"key": "statistics_report", "on": "12-15", "remind_days_before": [7]},
    {"key": "tong_ket", "on": "01-15", "name": "Hội nghị tổng kết năm"},
]
NOT_ALLOWED = "Vai trò của đồng chí không được dùng chức năng này"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, milestones=MILESTONES)


async def register(app: App, code: str) -> None:
    async with app.sessions.begin() as session:
        unit = await session.scalar(select(Unit.id).where(Unit.code == code))
        assert unit is not None
        session.add(UnitRegistration(year=2026, unit_id=unit, registered_at=app.clock.now()))


async def test_the_office_reads_the_year_and_who_has_not_registered(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await join(app, "vy", "VHTT-VY", Role.UNIT_HEAD, "Phạm Văn Vĩnh")
    await register(app, "CNTT")
    await office.send("/lichthidua")
    text = office.text
    assert "Lịch thi đua năm 2026 · hôm nay 02/03/2026" in text
    lines = [line for line in text.splitlines() if "/2026 —" in line]
    assert [line.split(" — ")[0][-10:] for line in lines] == [
        "15/01/2026",
        "10/03/2026",
        "30/06/2026",
        "05/12/2026",
        "15/12/2026",
    ]
    assert "▪️ 15/01/2026 — Hội nghị tổng kết năm · đã qua" in text
    assert "👉 10/03/2026 — Hạn đăng ký thi đua của các đơn vị · mốc tới, còn 8 ngày" in text
    assert "⏳ Chưa thực hiện: 2/3 đơn vị" in text
    assert "🔔 Nhắc trước 7, 1 ngày: Thủ trưởng đơn vị chưa thực hiện" in text
    assert "🔔 Nhắc trước 7 ngày: Văn phòng Sở" in text
    assert "Chưa có kỳ báo cáo nào có hạn nộp trong năm đến ngày này" in text
    assert "Thông tư 02/2023/TT-BNV" in text

    await office.tap("2 đơn vị chưa thực hiện")
    assert "Hạn đăng ký thi đua của các đơn vị · 10/03/2026" in office.text
    assert "1. Văn phòng Sở — Thủ trưởng đơn vị: chưa tham gia bot" in office.text
    assert (
        "2. Phòng Văn hóa và Thông tin thành phố Vĩnh Yên — Thủ trưởng đơn vị: Phạm Văn Vĩnh"
        in office.text
    )
    assert "7, 1 ngày trước mốc" in office.text
    await office.tap("Về lịch thi đua năm 2026")
    assert "Lịch thi đua năm 2026" in office.text

    await office.tap("Năm sau (2027)")
    assert "Lịch thi đua năm 2027" in office.text
    assert "👉 15/01/2027 — Hội nghị tổng kết năm · mốc tới, còn 319 ngày" in office.text
    assert "Chưa thực hiện: 3/3 đơn vị" in office.text
    await office.tap("Năm nay (2026)")
    assert "Lịch thi đua năm 2026" in office.text


async def test_the_office_exports_the_year_as_a_workbook(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await register(app, "CNTT")
    await office.send("/lichthidua")
    await office.tap("Xuất Excel lịch năm 2026")
    document = office.last.document
    assert document is not None and document.name == "lich-thi-dua-2026.xlsx"
    assert "Lịch thi đua năm 2026: 5 mốc" in office.text
    sheet = load_workbook(io.BytesIO(document.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][:4] == ["STT", "Ngày", "Mốc", "Tình trạng"]
    registration = rows[2]
    assert registration[1].date() == date(2026, 3, 10)
    assert registration[2:] == [
        "Hạn đăng ký thi đua của các đơn vị",
        "Sắp tới",
        "7, 1",
        "Thủ trưởng đơn vị chưa thực hiện",
        2,
        3,
        "Văn phòng Sở; Phòng Văn hóa và Thông tin thành phố Vĩnh Yên",
    ]
    assert rows[4][6] == "chưa có kỳ báo cáo đến hạn"  # unit reports, no period yet
    assert rows[5][6] == "Văn phòng Sở thực hiện"  # the statistics report


async def test_the_year_from_xuat_is_the_same_calendar(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await office.send("/xuat")
    await office.tap("Lịch thi đua năm nay")
    document = office.last.document
    assert document is not None and document.name == "lich-thi-dua-2026.xlsx"


@pytest.mark.parametrize("role", [Role.STAFF, Role.UNIT_HEAD, Role.COUNCIL, Role.LEADER])
async def test_lower_roles_read_the_days_but_are_refused_the_office_parts(
    app: App, role: Role
) -> None:
    person = await join(app, "nguoi", "CNTT", role, "Nguyễn Văn Người")
    await person.send("/lichthidua")
    assert "👉 10/03/2026 — Hạn đăng ký thi đua của các đơn vị" in person.text
    assert "Chưa thực hiện" not in person.text
    assert "Nhắc trước" not in person.text
    labels = [b.label for b in person.last.flat_buttons()]
    assert labels == ["🗓 Năm sau (2027)"]
    for forged in (
        MilestoneMenu(MilestoneChoice.PENDING, 2026, "registration"),
        MilestoneMenu(MilestoneChoice.EXPORT, 2026),
    ):
        await person.press(forged.pack())
        assert NOT_ALLOWED in person.text
        assert person.last.document is None
    await person.send("/xuat")
    assert NOT_ALLOWED in person.text


async def test_forged_keys_and_years_get_a_clear_answer(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await office.press(MilestoneMenu(MilestoneChoice.PENDING, 2026, "tong_ket").pack())
    assert "Không có mốc «tong_ket» có đếm đơn vị chưa thực hiện" in office.text
    await office.press(MilestoneMenu(MilestoneChoice.YEAR, 99999).pack())
    assert "các năm từ 2000 đến 2100" in office.text


async def test_an_empty_calendar_says_where_it_is_configured(database_url: str) -> None:
    from bot.app import open_app
    from tests.fakes.clock import FakeClock

    core = await open_app(make_settings(database_url), clock=FakeClock(), run_migrations=False)
    try:
        person: Person = await join(core, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
        await person.send("/lichthidua")
    finally:
        await core.close()
    assert "chưa có mốc nào" in person.text and "[[milestones]]" in person.text


async def test_the_office_reads_the_milestone_reminders_in_words(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await office.send("/nhacviec")
    text = office.text
    assert "Hằng năm ngày 03/03 lúc 08:00" in text  # seven days before the registration
    assert "Thủ trưởng đơn vị chưa đăng ký thi đua" in text
    assert "Đối tượng khác" not in text and "cron" not in text
