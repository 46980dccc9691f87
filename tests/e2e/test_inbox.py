"""The to-do inbox on Telegram: the Office, a council member and a unit head each learn of
their work only from the bot's notices, and open it from there."""

from __future__ import annotations

from datetime import date

from bot.roles import Role
from tests.e2e.harness import RunningBot, TgUser, member_of
from tests.e2e.test_initiatives_review import submit, wait_text
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi
from tests.initiative_recognition import seated


async def _notices_go_out(bot: RunningBot, clock: FakeClock) -> None:
    """Minutes pass and the scheduler's inbox job runs, as it does every few minutes."""
    clock.advance(minutes=5)
    await bot.core.services.inbox_notices.tell_arrivals()


async def test_each_person_learns_of_their_work_from_a_notice_and_opens_it(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    an = await join_on_telegram(bot, TgUser(fake, 5001, "An"), Role.STAFF, "Nguyễn Văn An")
    office = await join_on_telegram(
        bot, TgUser(fake, 5002, "Phòng"), Role.OFFICE, "Phạm Văn Phòng", "VP"
    )
    council = await join_on_telegram(
        bot, TgUser(fake, 5003, "Hội"), Role.COUNCIL, "Đỗ Văn Hội", "VP"
    )
    head = await join_on_telegram(
        bot, TgUser(fake, 5004, "Trưởng"), Role.UNIT_HEAD, "Trần Văn Trưởng", "CNTT"
    )
    # Hội evaluates by his seat on the initiative council, not by his role.
    await seated(bot.core, await member_of(bot, office), await member_of(bot, council))
    await bot.core.services.inbox_notices.tell_arrivals()  # everyone's starting point

    item = await submit(bot, an)
    await _notices_go_out(bot, clock)
    await wait_text(fake, office, "Có 1 việc mới chờ đồng chí xử lý", clock)
    assert f"Tiếp nhận sáng kiến — {item.code}" in office.text
    listed = await office.tap("Mở danh sách việc chờ xử lý")
    assert f"Tiếp nhận sáng kiến — {item.code}" in listed
    assert item.code in await office.tap(item.code)
    await office.tap("Tiếp nhận")
    await office.tap("Chuyển Hội đồng")

    await _notices_go_out(bot, clock)
    await wait_text(fake, council, f"Đánh giá sáng kiến — {item.code}", clock)
    assert f"Đánh giá sáng kiến — {item.code}" in await council.tap("Mở danh sách việc chờ xử lý")

    period = await bot.core.services.reports.open_period(
        await member_of(bot, office), "Quý I/2026", date(2026, 3, 31)
    )
    await _notices_go_out(bot, clock)
    await wait_text(fake, head, f"Gửi báo cáo của đơn vị — {period.name}", clock)
    assert period.name in await head.tap("Mở danh sách việc chờ xử lý")
    assert all(
        "việc mới chờ đồng chí" not in (m.plain_text or "") for m in fake.messages_to(an.user_id)
    )


async def test_the_office_reads_its_digest_and_a_unit_head_hears_the_period_closes(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    an = await join_on_telegram(bot, TgUser(fake, 5001, "An"), Role.STAFF, "Nguyễn Văn An")
    office = await join_on_telegram(
        bot, TgUser(fake, 5002, "Phòng"), Role.OFFICE, "Phạm Văn Phòng", "VP"
    )
    head = await join_on_telegram(
        bot, TgUser(fake, 5004, "Trưởng"), Role.UNIT_HEAD, "Trần Văn Trưởng", "CNTT"
    )
    notices = bot.core.services.inbox_notices
    await notices.send_digests()  # Monday 09:00: the first slot is Tuesday 08:00
    period = await bot.core.services.reports.open_period(
        await member_of(bot, office), "Báo cáo quý 1/2026", date(2026, 3, 4)
    )
    item = await submit(bot, an)

    clock.advance(hours=23, minutes=1)  # Tuesday 08:01
    assert await notices.send_digests() == 1
    await wait_text(fake, office, "Việc còn chờ đồng chí xử lý", clock)
    assert "Tiếp nhận sáng kiến: 1 · lâu nhất chưa đầy một ngày" in office.text
    listed = await office.tap("Mở danh sách việc chờ xử lý")
    assert f"Tiếp nhận sáng kiến — {item.code}" in listed

    clock.advance(hours=2)  # a day after the period opened
    assert await notices.tell_closing() == 2  # the heads of CNTT and of the Office's unit
    await wait_text(fake, head, "Sắp đến hạn nộp", clock)
    assert f"{period.name}: hạn nộp hết ngày 04/03/2026 (còn 1 ngày)" in head.text
    assert "báo cáo báo cáo" not in head.text.lower()
    listed = await head.tap("Mở danh sách việc chờ xử lý")
    assert f"Gửi báo cáo của đơn vị — {period.name}" in listed
