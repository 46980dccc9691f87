"""``/xuat`` on Telegram: the Office chooses, receives an .xlsx document, and opens it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from bot.roles import Role
from tests.e2e.harness import RunningBot, TgUser
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi
from tests.services.initiatives_seed import START, seed


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def seeded(bot: RunningBot, clock: FakeClock) -> RunningBot:
    await seed(bot.core, clock)  # ends on 01/04/2026 in Vĩnh Phúc: "this year" is 2026
    return bot


async def office_of(bot: RunningBot, fake: FakeTelegramApi) -> TgUser:
    return await join_on_telegram(
        bot, TgUser(fake, 4001, "Phòng"), Role.OFFICE, "Lê Thị Văn Phòng", "VP"
    )


def sheet_sent(fake: FakeTelegramApi, user: TgUser, name: str) -> Any:
    """The workbook the bot just sent ``user`` as a document called ``name``."""
    document = fake.messages_to(user.user_id)[-1]
    assert document.method == "sendDocument"
    assert document.file_name == name
    assert document.file_content is not None
    return load_workbook(io.BytesIO(document.file_content)).active


def summary(fake: FakeTelegramApi, user: TgUser) -> str:
    """The text sent just before the document."""
    return fake.messages_to(user.user_id)[-2].plain_text or ""


def codes(sheet: Any) -> list[str]:
    return [row[1].value for row in sheet.iter_rows(min_row=3)]


async def test_the_office_exports_this_year_and_opens_the_workbook(
    seeded: RunningBot, fake: FakeTelegramApi
) -> None:
    office = await office_of(seeded, fake)
    asked = await office.send("/xuat")
    assert "Chọn danh sách cần xuất" in asked
    assert [label for row in fake.buttons(office.user_id) for label, _ in row] == [
        "💡 Sáng kiến, giải pháp",
        "🏅 Đề nghị khen thưởng",
        "📄 Tình hình nộp báo cáo",
        "🗓 Lịch thi đua năm nay",
        "📊 Biểu thống kê TT 02/2023",
    ]
    assert "khoảng thời gian" in await office.tap("Sáng kiến")
    assert [label for row in fake.buttons(office.user_id) for label, _ in row] == [
        "Năm nay (2026)",
        "Năm trước (2025)",
        "Tất cả các năm",
        "📅 Chọn từ ngày … đến ngày …",
    ]
    await office.tap("Năm nay (2026)")
    await office.tap("Mọi trạng thái")
    await office.tap("Tất cả đơn vị", replies=2)  # the summary, then the document
    assert "Đã xuất 3 sáng kiến (Năm 2026 · Mọi trạng thái · Tất cả đơn vị)" in summary(
        fake, office
    )
    sheet = sheet_sent(fake, office, "sang-kien-2026.xlsx")
    assert sheet["A1"].value.startswith("Sở Thông tin và Truyền thông tỉnh Vĩnh Phúc — ")
    assert "Xuất lúc 00:30 01/04/2026" in sheet["A1"].value
    assert [sheet.cell(2, c).value for c in (2, 9, 11, 12)] == [
        "Mã sáng kiến",
        "Đồng tác giả (tỷ lệ đóng góp)",
        "Trạng thái",
        "Ngày nộp",
    ]
    assert codes(sheet) == ["SK-2026-0001", "SK-2026-0002", "SK-2026-0003"]
    assert [sheet[f"H{r}"].value for r in (3, 4, 5)] == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Nguyễn Văn An",
    ]
    assert (sheet["I3"].value, sheet["J3"].value) == ("Trần Thị Bình (30%); Ông Ngoài (10%)", 60)
    assert [sheet[f"K{r}"].value for r in (3, 4, 5)] == [
        "Được công nhận",
        "Trả lại để bổ sung",
        "Đã nộp",
    ]
    assert all(sheet[f"L{r}"].is_date for r in (3, 4, 5))
    assert f"{sheet['L5'].value:%d/%m/%Y %H:%M}" == "01/04/2026 00:30"
    assert [sheet.cell(3, c).value for c in (19, 20, 21, 22)] == [2, 4.5, 4.5, 3.5]


async def test_a_custom_range_with_a_state_and_a_unit(
    seeded: RunningBot, fake: FakeTelegramApi
) -> None:
    office = await office_of(seeded, fake)
    await office.send("/xuat")
    await office.tap("Sáng kiến")
    assert "Từ ngày nào" in await office.tap("Chọn từ ngày")
    assert "Đến ngày nào" in await office.send("31/03/2026")
    refused = await office.send("01/01/2026")
    assert "phải trùng hoặc sau ngày bắt đầu (31/03/2026)" in refused
    assert "Từ ngày nào" in await office.send("/quaylai")
    await office.send("01/01/2026")
    assert "trạng thái" in await office.send("31/03/2026")
    await office.tap("Được công nhận")
    await office.tap("Phòng Công nghệ thông tin", replies=2)
    assert "Đã xuất 1 sáng kiến" in summary(fake, office)
    sheet = sheet_sent(fake, office, "sang-kien-20260101-20260331-recognized-cntt.xlsx")
    assert codes(sheet) == ["SK-2026-0001"]
    assert "Từ 01/01/2026 đến 31/03/2026" in sheet["A1"].value
    assert "Đơn vị: Phòng Công nghệ thông tin" in sheet["A1"].value


@pytest.mark.parametrize(
    ("period", "state", "unit", "name", "expected"),
    [
        ("Năm trước (2025)", "Mọi trạng thái", "Vĩnh Yên", "sang-kien-2025-vhtt-vy", "SK-2025"),
        (
            "Tất cả các năm",
            "Trả lại để bổ sung",
            "Tất cả đơn vị",
            "sang-kien-tat-ca-returned",
            "SK-2026-0002",
        ),
    ],
)
async def test_each_filter_narrows_the_list(
    seeded: RunningBot,
    fake: FakeTelegramApi,
    period: str,
    state: str,
    unit: str,
    name: str,
    expected: str,
) -> None:
    office = await office_of(seeded, fake)
    await office.send("/xuat")
    await office.tap("Sáng kiến")
    await office.tap(period)
    await office.tap(state)
    await office.tap(unit, replies=2)
    sheet = sheet_sent(fake, office, f"{name}.xlsx")
    assert len(codes(sheet)) == 1
    assert codes(sheet)[0].startswith(expected)


async def test_nothing_to_export_is_said_and_no_file_is_sent(
    seeded: RunningBot, fake: FakeTelegramApi
) -> None:
    office = await office_of(seeded, fake)
    await office.send("/xuat")
    await office.tap("Sáng kiến")
    await office.tap("Năm trước (2025)")
    await office.tap("Được công nhận")
    answer = await office.tap("Tất cả đơn vị")
    assert "Không có sáng kiến nào khớp điều kiện đã chọn" in answer
    assert "Năm 2025 · Trạng thái: Được công nhận" in answer
    assert all(m.method != "sendDocument" for m in fake.messages_to(office.user_id))


async def test_staff_and_unit_heads_cannot_export(
    seeded: RunningBot, fake: FakeTelegramApi
) -> None:
    staff = await join_on_telegram(
        seeded, TgUser(fake, 4101, "Cán"), Role.STAFF, "Hoàng Văn Cán", "CNTT"
    )
    head = await join_on_telegram(
        seeded, TgUser(fake, 4102, "Trưởng"), Role.UNIT_HEAD, "Lê Văn Trưởng", "CNTT"
    )
    for person in (staff, head):
        assert "xuat" not in person.commands()
        assert "không được dùng chức năng này" in await person.send("/xuat")
        assert all(m.method != "sendDocument" for m in fake.messages_to(person.user_id))
