"""``/xuat`` on Telegram for nominations and report status: choose, receive, open the file."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.roles import Role
from tests.e2e.harness import RunningBot, TgUser, running, telegram_settings
from tests.e2e.test_exports_initiatives import codes, office_of, sheet_sent, summary
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi
from tests.services.initiatives_seed import START
from tests.services.nominations_reports_seed import AWARDS, seed_nominations


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def bot(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    """The bot with an award catalogue, started against the fake server."""
    async with running(telegram_settings(database_url, fake, awards=AWARDS), clock) as bot:
        yield bot


@pytest.fixture
async def seeded(bot: RunningBot, clock: FakeClock) -> RunningBot:
    await seed_nominations(bot.core, clock)
    return bot


def labels(fake: FakeTelegramApi, user: TgUser) -> list[str]:
    return [label for row in fake.buttons(user.user_id) for label, _ in row]


async def test_the_office_exports_this_years_nominations(
    seeded: RunningBot, fake: FakeTelegramApi
) -> None:
    office = await office_of(seeded, fake)
    await office.send("/xuat")
    assert "hồ sơ đề nghị khen thưởng" in await office.tap("Đề nghị khen thưởng")
    assert "Chọn loại khen thưởng" in await office.tap("Năm nay (2026)")
    assert labels(fake, office) == [
        "Mọi loại khen thưởng",
        "Thường xuyên (hằng năm)",
        "Theo chuyên đề",
        "Đột xuất",
    ]
    assert "trạng thái của hồ sơ" in await office.tap("Mọi loại khen thưởng")
    assert "Đã có quyết định khen thưởng" in labels(fake, office)
    assert "Chọn đơn vị đề nghị" in await office.tap("Mọi trạng thái")
    await office.tap("Tất cả đơn vị", replies=2)
    assert "Đã xuất 3 hồ sơ đề nghị khen thưởng (Năm 2026 · Mọi loại khen thưởng" in summary(
        fake, office
    )
    sheet = sheet_sent(fake, office, "de-nghi-khen-thuong-2026.xlsx")
    assert "«Tính thành tích hằng năm» là thành tích hằng năm" in sheet["A1"].value
    assert codes(sheet) == ["DC-2026-0001", "DC-2026-0002", "DC-2026-0003"]
    assert [sheet[f"D{r}"].value for r in (3, 4, 5)] == [
        "Thường xuyên (hằng năm)",
        "Đột xuất",
        "Thường xuyên (hằng năm)",
    ]
    assert [sheet[f"E{r}"].value for r in (3, 4, 5)] == ["Có", "Không", "Có"]
    assert [sheet[f"H{r}"].value for r in (3, 4)] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert (sheet["M3"].value, sheet["L4"].data_type) == ("SK-2026-0001", "s")
    assert sheet["N3"].is_date and sheet["Q3"].is_date
    assert sheet["P3"].value == "125/QĐ-SKHCN"


async def test_adhoc_only_and_nothing_matching(seeded: RunningBot, fake: FakeTelegramApi) -> None:
    office = await office_of(seeded, fake)
    await office.send("/xuat")
    await office.tap("Đề nghị khen thưởng")
    await office.tap("Năm nay (2026)")
    await office.tap("Đột xuất")
    await office.tap("Mọi trạng thái")
    await office.tap("Phòng Công nghệ thông tin", replies=2)
    sheet = sheet_sent(fake, office, "de-nghi-khen-thuong-2026-adhoc-cntt.xlsx")
    assert codes(sheet) == ["DC-2026-0002"]
    await office.send("/xuat")
    await office.tap("Đề nghị khen thưởng")
    await office.tap("Năm trước (2025)")
    await office.tap("Mọi loại khen thưởng")
    await office.tap("Mọi trạng thái")
    answer = await office.tap("Tất cả đơn vị")
    assert "Không có hồ sơ đề nghị khen thưởng nào khớp điều kiện đã chọn" in answer
    assert fake.messages_to(office.user_id)[-1].method != "sendDocument"


async def test_the_report_status_of_a_period(seeded: RunningBot, fake: FakeTelegramApi) -> None:
    office = await office_of(seeded, fake)
    await office.send("/xuat")
    assert "Chọn kỳ báo cáo" in await office.tap("Tình hình nộp báo cáo")
    assert labels(fake, office) == ["Báo cáo năm 2026 (hạn 10/04/2026)"]
    await office.tap("Báo cáo năm 2026", replies=2)
    assert "Đã xuất tình hình nộp báo cáo «Báo cáo năm 2026»: 2/" in summary(fake, office)
    (period,) = await seeded.core.services.reports.periods()
    sheet = sheet_sent(fake, office, f"tinh-hinh-bao-cao-ky-{period.id}.xlsx")
    statuses = {sheet[f"B{r}"].value: sheet[f"D{r}"].value for r in range(3, sheet.max_row + 1)}
    assert (statuses["CNTT"], statuses["VHTT-VY"], statuses["VP"]) == (
        "Đã chấp nhận",
        "Bị trả lại",
        "Chưa nộp",
    )


async def test_no_period_yet_is_said_and_no_file_is_sent(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    office = await office_of(bot, fake)
    await office.send("/xuat")
    answer = await office.tap("Tình hình nộp báo cáo")
    assert "Chưa có kỳ báo cáo nào" in answer
    assert "Chọn danh sách cần xuất" in answer
    assert all(m.method != "sendDocument" for m in fake.messages_to(office.user_id))


async def test_unit_heads_cannot_export(seeded: RunningBot, fake: FakeTelegramApi) -> None:
    head = await join_on_telegram(
        seeded, TgUser(fake, 4102, "Trưởng"), Role.UNIT_HEAD, "Lê Văn Trưởng", "CNTT"
    )
    assert "không được dùng chức năng này" in await head.send("/xuat")
    assert all(m.method != "sendDocument" for m in fake.messages_to(head.user_id))
