"""The registration of targets on Telegram (/dangkythidua) over real HTTP against the fake Bot
API: the Office opens the year (a past date is asked again), the unit head is told and
registers the unit in one dialog, the member is told through the outbox and reads their
titles, and the Office sees the unit registered."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.roles import Role
from tests.e2e.harness import (
    RunningBot,
    TgUser,
    running,
    telegram_settings,
)
from tests.e2e.test_initiatives_review import wait_text
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi
from tests.services.test_registrations import AWARDS, REGISTRATION


@pytest.fixture
async def bot(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    """The bot with a catalogue of titles and LĐTT as every member's default."""
    settings = telegram_settings(database_url, fake, awards=AWARDS, registration=REGISTRATION)
    async with running(settings, clock) as bot:
        yield bot


async def test_a_unit_registers_its_targets_on_telegram(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    office = await join_on_telegram(
        bot, TgUser(fake, 7001, "Phòng"), Role.OFFICE, "Lê Văn Phòng", "VP"
    )
    # The member joins first: a head is told of each newcomer to the unit.
    an = await join_on_telegram(bot, TgUser(fake, 7003, "An"), Role.STAFF, "Nguyễn Văn An")
    head = await join_on_telegram(
        bot, TgUser(fake, 7002, "Trưởng"), Role.UNIT_HEAD, "Phạm Văn Trưởng"
    )

    assert "chưa mở đăng ký thi đua năm 2026" in await office.send("/dangkythidua")
    assert "cho năm nào?" in await office.tap("Mở đăng ký")
    assert "Hạn đăng ký thi đua năm 2026" in await office.tap("Năm 2026")
    assert "Hạn 01/01/2026 không hợp lệ" in await office.send("01/01/2026")
    opened = await office.send("31/03/2026")
    assert "Đã mở đăng ký thi đua năm 2026, hạn 31/03/2026" in opened
    await wait_text(fake, head, "Văn phòng Sở đã mở đăng ký thi đua năm 2026", clock)

    assert "Phòng Công nghệ thông tin chưa đăng ký" in await head.send("/dangkythidua")
    assert "Bước 1/3" in await head.tap("Đăng ký cho đơn vị")
    members = await head.tap("Tập thể lao động tiên tiến")
    assert "Lao động tiên tiến: 2; không đăng ký: 0 người" in members
    toggled = await head.tap("Nguyễn Văn An")
    assert "Lao động tiên tiến: 2, Chiến sĩ thi đua cơ sở: 1" in toggled
    assert "chắc chắn muốn lưu đăng ký thi đua năm 2026" in await head.tap("Xong, xem lại")
    assert "Đã lưu đăng ký thi đua năm 2026" in await head.tap("Xác nhận")

    await wait_text(fake, an, "đồng chí đăng ký danh hiệu Lao động tiên tiến, Chiến sĩ", clock)
    mine = await an.send("/dangkythidua")
    assert "Danh hiệu đăng ký của đồng chí: Lao động tiên tiến, Chiến sĩ thi đua cơ sở" in mine
    assert "Danh hiệu tập thể của đơn vị: Tập thể lao động tiên tiến" in mine

    await office.send("/dangkythidua")
    status = await office.tap("Tình hình đăng ký")
    assert "Đã đăng ký: 1/3 đơn vị" in status
    assert "✅ Phòng Công nghệ thông tin — 02/03/2026" in status
