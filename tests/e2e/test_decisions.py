"""Recording a decision on Telegram (/quyetdinh) over real HTTP against the fake Bot API: the
Office opens the list, taps the group the council recommended, types the number, the date and
the signer, confirms with ✅ Xác nhận; the announcement group and the nominee receive the
result, and the nominee their award notice."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.domain import NominationState
from bot.roles import Role
from tests.e2e.harness import (
    RunningBot,
    TgUser,
    member_of,
    running,
    telegram_settings,
)
from tests.e2e.test_initiatives_review import wait_text
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi
from tests.services.nominations_seed import AWARDS, GROUP, draft_for, recommend

GROUP_CHAT = -100123


@pytest.fixture
async def bot(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    """The bot with an award catalogue and an announcement group."""
    settings = telegram_settings(database_url, fake, awards=AWARDS, announcements=GROUP)
    async with running(settings, clock) as bot:
        yield bot


async def test_the_office_records_a_decision_and_the_result_is_published(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    office = await join_on_telegram(
        bot, TgUser(fake, 6001, "Phòng"), Role.OFFICE, "Lê Văn Phòng", "VP"
    )
    head = await join_on_telegram(
        bot, TgUser(fake, 6002, "Trưởng"), Role.UNIT_HEAD, "Phạm Văn Trưởng", "CNTT"
    )
    an = await join_on_telegram(bot, TgUser(fake, 6003, "An"), Role.STAFF, "Nguyễn Văn An")
    reviewer = await member_of(bot, office)
    item = await bot.core.services.nominations.submit(
        await member_of(bot, head), draft_for(await member_of(bot, an))
    )
    await recommend(bot.core, reviewer, item.id)

    listed = await office.send("/quyetdinh")
    assert "Quyết định khen thưởng · 1 hồ sơ chờ" in listed
    assert "Chiến sĩ thi đua cơ sở năm 2026 · 1 hồ sơ" in listed
    shown = await office.tap("Chiến sĩ thi đua cơ sở")
    assert fake.messages_to(office.user_id)[-1].edited  # the list becomes the group in place
    assert f"1. {item.code} · Nguyễn Văn An — Phòng Công nghệ thông tin" in shown
    asked = await office.tap("Ghi nhận quyết định")
    assert "Số Quyết định (ví dụ: 125/QĐ-SKHCN" in asked
    assert "Ngày ký Quyết định (ví dụ: 02/03/2026)" in await office.send("125/QĐ-SKHCN")
    assert "Người ký Quyết định" in await office.send("02/03/2026")
    sure = await office.send("Nguyễn Văn Giám, Giám đốc Sở")
    assert (
        "Đồng chí chắc chắn muốn ghi nhận Quyết định số 125/QĐ-SKHCN ngày 02/03/2026 "
        "(Nguyễn Văn Giám, Giám đốc Sở) về Chiến sĩ thi đua cơ sở, gồm 1 hồ sơ?" in sure
    )
    await office.tap("Xác nhận")
    # The published result reaches the Office too, through the outbox: wait for the answer.
    await wait_text(
        fake,
        office,
        "Đã ghi nhận Quyết định số 125/QĐ-SKHCN ngày 02/03/2026 của Thủ trưởng đơn vị về "
        "Chiến sĩ thi đua cơ sở: 1 hồ sơ được khen thưởng",
        clock,
    )

    await fake.wait_for(
        lambda: any(
            "KẾT QUẢ KHEN THƯỞNG" in (m.plain_text or "")
            and "1. Nguyễn Văn An — Phòng Công nghệ thông tin" in (m.plain_text or "")
            for m in fake.messages_to(GROUP_CHAT)
        ),
        timeout=10,
        description="the result in the announcement group",
    )
    await wait_text(fake, an, "Chúc mừng! Theo Quyết định số 125/QĐ-SKHCN", clock)
    await wait_text(fake, an, "KẾT QUẢ KHEN THƯỞNG", clock)
    await wait_text(fake, head, "Chúc mừng! Theo Quyết định số 125/QĐ-SKHCN", clock)
    view = await bot.core.services.nominations.view(reviewer, item.id)
    assert view.state is NominationState.AWARDED
    assert [(d.number, d.outcome) for d in view.decisions] == [("125/QĐ-SKHCN", "awarded")]
    assert len(fake.messages_to(GROUP_CHAT)) == 1  # published once
