"""Broadcasts and the plan on the Zalo OA beside Telegram (issue 18, point 4): the Office
sends from Telegram, OA readers get it inside their reply window, linked members get it on
Telegram when the OA may not write, unlinked ones wait until they write, and the OA's read
receipts show in the delivery report and the plan's coverage. Real app, real HTTP both ways,
the real database, the fake clock shared by the bot and both fake platforms."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from sqlalchemy import select

from bot.config import DEFAULT_PLAN, plan_path
from bot.formatting import strip_html
from bot.ports import Channel
from bot.roles import Role
from models import ChannelAccount, Delivery, DeliveryStatus
from tests.e2e.harness import TgUser, member_of
from tests.e2e.oa_telegram_harness import (
    BothBot,
    both_settings,
    linked_by_lienket,
    oa_member,
    oa_text,
)
from tests.e2e.test_initiatives_review import wait_text
from tests.e2e.zalo_harness import free_port
from tests.e2e.zalo_oa_harness import OaUser
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_oa import FakeZaloOa
from tests.fakes.telegram import FakeTelegramApi

NEWS = "Kính gửi {ho_ten}: 14:00 thứ Năm họp sơ kết thi đua tại phòng 301."


@asynccontextmanager
async def running(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock, **options: Any
) -> AsyncIterator[BothBot]:
    """Both fakes on the test's clock and the bot on both; ``proactive_quota`` goes to the
    fake OA, the rest to ``[zalo_oa]``."""
    async with FakeZaloOa(
        now=clock.now, proactive_quota=options.pop("proactive_quota", None)
    ) as oa:
        settings = both_settings(database_url, fake, oa, free_port(), **options)
        bot = BothBot(settings, clock, oa=oa)
        await bot.start()
        try:
            yield bot
        finally:
            await bot.stop()


@pytest.fixture
async def both(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[BothBot]:
    """The bot on Telegram and the Zalo OA with the default settings."""
    async with running(fake, database_url, clock) as bot:
        yield bot


async def office_of(bot: BothBot, fake: FakeTelegramApi) -> TgUser:
    """The Office clerk, registered on Telegram."""
    office = TgUser(fake, 6001, "Phòng")
    return await join_on_telegram(bot, office, Role.OFFICE, "Lê Văn Phòng", unit="VP")


async def broadcast(office: TgUser, text: str = NEWS) -> None:
    """The Office sends ``text`` to the CNTT unit now with /thongbao, as a user would."""
    await office.send("/thongbao")
    await office.tap("Soạn thông báo mới")
    await office.send(text)
    await office.tap("Không đính kèm")
    await office.tap("Một số đơn vị")
    await office.tap("Công nghệ thông tin")
    await office.tap("Xong")
    await office.tap("Gửi ngay")
    await office.tap("Bình thường")
    assert "đưa vào hàng đợi" in await office.tap("Xác nhận")


async def final_report(
    bot: BothBot, fake: FakeTelegramApi, office: TgUser, clock: FakeClock
) -> str:
    """Let the outbox settle, let the broadcast runner look again, and return the sender's
    status message once it is the final report."""
    assert bot.core.worker is not None and bot.core.runner is not None
    await bot.core.worker.settle()
    clock.advance(seconds=10)  # the next look at the broadcast is due
    bot.core.runner.wake()
    await wait_text(fake, office, "đã gửi xong", clock)
    status = [m for m in fake.messages_to(office.user_id) if "Thông báo #" in (m.plain_text or "")]
    return strip_html(status[-1].text or "")


async def deliveries_to(bot: BothBot, chat_id: str) -> list[Delivery]:
    """The broadcast deliveries of one chat, once the sends in flight are recorded."""
    assert bot.core.worker is not None
    await bot.core.worker.settle()
    async with bot.core.sessions() as session:
        rows = await session.scalars(
            select(Delivery).where(Delivery.chat_id == chat_id, Delivery.broadcast_id.is_not(None))
        )
        return list(rows.all())


def got(oa: FakeZaloOa, user: OaUser, needle: str) -> bool:
    """Whether the OA sent ``user`` a text containing ``needle``."""
    return any(needle in text for text in oa.texts_to(user.user_id))


async def test_a_follower_in_the_window_gets_it_on_the_oa_and_is_seen_in_the_report(
    both: BothBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    assert both.oa is not None
    office = await office_of(both, fake)
    _, lan = await oa_member(both, "Nguyễn Thị Lan", "oa-lan")
    await broadcast(office, "Kính gửi {ho_ten}: họp sơ kết <i>thi đua</i> & khen thưởng.")
    text = await oa_text(both, lan, "Kính gửi Nguyễn Thị Lan: họp sơ kết", clock)
    assert "<i>thi đua</i> & khen thưởng" in text  # shown as typed, nothing escaped
    [sent] = [m for m in lan.messages() if m.text == text]
    assert not sent.proactive  # a consultation message inside the 48-hour window
    [delivery] = await deliveries_to(both, "oa-lan")
    assert delivery.status == DeliveryStatus.SENT and delivery.message_id == sent.message_id

    seen = both.oa.events.receipt("oa-lan", [sent.message_id], both.oa.stamp(), seen=True)
    assert await both.oa.push(seen) == 200
    await both.settled()
    report = await final_report(both, fake, office, clock)
    assert "đã gửi xong tới 1 người" in report
    assert "Đã xem trên Zalo OA: 1" in report
    assert "Chờ người nhận" not in report


async def test_silent_for_two_days_linked_goes_by_telegram_unlinked_waits_until_they_write(
    both: BothBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    assert both.oa is not None
    office = await office_of(both, fake)
    minh_tg = TgUser(fake, 6102, "Minh")
    minh = await linked_by_lienket(both, minh_tg, "Trần Văn Minh", "oa-minh", clock)
    _, lan = await oa_member(both, "Nguyễn Thị Lan", "oa-lan")
    clock.advance(hours=49)  # both have been silent on the OA for more than 48 hours
    await broadcast(office)
    await wait_text(fake, minh_tg, "Kính gửi Trần Văn Minh: 14:00 thứ Năm", clock)
    report = await final_report(both, fake, office, clock)
    assert not got(both.oa, minh, "14:00 thứ Năm") and not got(both.oa, lan, "14:00 thứ Năm")
    assert "đã gửi xong tới 2 người" in report
    assert "Chờ người nhận nhắn tin cho Zalo OA: 1" in report
    assert "quá 48 giờ kể từ lần nhắn cuối: 1" in report
    assert "gửi qua kênh khác của người nhận: 1" in report
    listing = await office.tap("Danh sách chưa nhận")
    assert "Nguyễn Thị Lan" in listing and "quá 48 giờ" in listing
    assert "Trần Văn Minh" not in listing
    [moved] = await deliveries_to(both, "6102")
    assert (moved.rerouted_from, moved.outcome) == ("zalo_oa", "out_of_window")
    [waiting] = await deliveries_to(both, "oa-lan")
    assert (waiting.status, waiting.outcome) == (DeliveryStatus.WAITING, "out_of_window")
    assert "1 chờ người nhận nhắn lại" in await office.send("/thongbao")

    # Lan writes to the OA: the waiting message goes out by itself.
    await lan.send("Chào OA")
    await oa_text(both, lan, "Kính gửi Nguyễn Thị Lan: 14:00 thứ Năm", clock)
    [released] = await deliveries_to(both, "oa-lan")
    assert released.status == DeliveryStatus.SENT and released.outcome == ""


async def test_the_platform_refuses_the_ninth_message_the_bot_did_not_count(
    both: BothBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    assert both.oa is not None
    office = await office_of(both, fake)
    minh_tg = TgUser(fake, 6102, "Minh")
    _, minh = await oa_member(both, "Trần Văn Minh", "oa-minh", telegram=6102, prefer_oa=True)
    _, lan = await oa_member(both, "Nguyễn Thị Lan", "oa-lan")
    # Eight messages went from the OA manager before the bot's count began: Zalo knows, the
    # bot does not.
    both.oa.window_sent.update({"oa-minh": 8, "oa-lan": 8})
    await broadcast(office)
    await wait_text(fake, minh_tg, "Kính gửi Trần Văn Minh: 14:00 thứ Năm", clock)
    report = await final_report(both, fake, office, clock)
    assert not got(both.oa, minh, "14:00 thứ Năm") and not got(both.oa, lan, "14:00 thứ Năm")
    assert "hết lượt trả lời, hạn mức tin của OA: 1" in report
    [waiting] = await deliveries_to(both, "oa-lan")
    assert (waiting.status, waiting.outcome) == (DeliveryStatus.WAITING, "out_of_quota")
    [rerouted] = await deliveries_to(both, "6102")
    assert (rerouted.status, rerouted.rerouted_from) == (DeliveryStatus.SENT, "zalo_oa")
    assert rerouted.outcome == "out_of_quota"  # why the OA did not take it stays on it


async def test_an_unfollower_is_blocked_on_the_oa_and_reached_on_telegram(
    both: BothBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    assert both.oa is not None
    office = await office_of(both, fake)
    minh_tg = TgUser(fake, 6102, "Minh")
    member, minh = await oa_member(both, "Trần Văn Minh", "oa-minh", telegram=6102, prefer_oa=True)
    both.oa.followers.discard("oa-minh")  # the unfollow event never reached the bot
    await broadcast(office)
    await wait_text(fake, minh_tg, "Kính gửi Trần Văn Minh: 14:00 thứ Năm", clock)
    assert not got(both.oa, minh, "14:00 thứ Năm")
    async with both.core.sessions() as session:
        account = await session.scalar(
            select(ChannelAccount).where(
                ChannelAccount.member_id == member.id,
                ChannelAccount.channel == Channel.ZALO_OA.value,
            )
        )
    assert account is not None and account.blocked
    [rerouted] = await deliveries_to(both, "6102")
    assert (rerouted.rerouted_from, rerouted.outcome) == ("zalo_oa", "not_following")
    report = await final_report(both, fake, office, clock)
    assert "Đã nhận: 1" in report and "Chờ người nhận" not in report
    assert "gửi qua kênh khác của người nhận: 1" in report


async def test_the_proactive_quota_sends_one_outside_the_window_and_holds_the_next(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> None:
    options = {"outbox": {"proactive_monthly_quota": 1}, "proactive_quota": 1000}
    async with running(fake, database_url, clock, **options) as bot:
        assert bot.oa is not None
        office = await office_of(bot, fake)
        _, lan = await oa_member(bot, "Nguyễn Thị Lan", "oa-lan")
        _, hoa = await oa_member(bot, "Lê Thị Hòa", "oa-hoa")
        clock.advance(hours=49)
        await broadcast(office)
        report = await final_report(bot, fake, office, clock)
        went = [m for m in bot.oa.sent if "14:00 thứ Năm" in m.text]
        assert len(went) == 1 and went[0].proactive
        assert bot.oa.proactive_quota == 999
        assert await bot.core.services.channel_quota.remaining(Channel.ZALO_OA) == 0
        assert "Đã nhận: 1" in report
        assert any(
            "Đã dùng 1/1 tin chủ động Zalo OA" in (m.plain_text or "")
            for m in fake.messages_to(office.user_id)
        )
        assert "quá 48 giờ kể từ lần nhắn cuối: 1" in report
        waiting = [u for u in (lan, hoa) if not got(bot.oa, u, "14:00 thứ Năm")]
        [row] = await deliveries_to(bot, waiting[0].user_id)
        assert (row.status, row.outcome) == (DeliveryStatus.WAITING, "out_of_window")


async def test_the_plan_seen_on_the_oa_shows_in_coverage_until_confirmed(
    both: BothBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    assert both.oa is not None
    office = await office_of(both, fake)
    clerk = await member_of(both, office)
    member, lan = await oa_member(both, "Nguyễn Thị Lan", "oa-lan")
    text = plan_path(DEFAULT_PLAN).read_text(encoding="utf-8") + "\n\nBổ sung: họp quý.\n"
    published = await both.core.services.plans.publish(clerk, text, "ke-hoach-v2.md")
    notice = await oa_text(both, lan, f"phiên bản {published.version}", clock)
    await wait_text(fake, office, f"phiên bản {published.version}", clock)
    [sent] = [m for m in lan.messages() if m.text == notice]

    coverage = both.core.services.plan_coverage
    detail = await coverage.unit_detail(clerk, member.unit.id)
    assert detail.seen == () and detail.coverage.confirmed == 0
    # She reads it once the bot has recorded the send (a receipt ahead of that is tried
    # again a little later: tests/channels/test_zalo_oa_receipts.py).
    assert both.core.worker is not None
    await both.core.worker.settle()
    receipt = both.oa.events.receipt("oa-lan", [sent.message_id], both.oa.stamp(), seen=True)
    assert await both.oa.push(receipt) == 200
    await both.settled()
    detail = await coverage.unit_detail(clerk, member.unit.id)
    assert detail.seen == ("Nguyễn Thị Lan",) and detail.coverage.confirmed == 0
    await office.send("/kehoach")
    shown = await office.tap("Tiến độ quán triệt")
    assert "Đã xem trên Zalo OA nhưng chưa xác nhận: 1 người" in shown
    assert "Phòng Công nghệ thông tin · đã xem 1" in shown
    unit = await office.tap("CNTT")
    assert "Đã xem, chưa xác nhận (1):\n• Nguyễn Thị Lan" in unit

    lan.seen = len(lan.messages())
    choices = await lan.send("/kehoach")
    confirm = re.search(r"(\d+)\. [^\n]*cam kết", choices)
    assert confirm is not None, choices
    assert "Cảm ơn đồng chí! Đã ghi nhận" in await lan.send(confirm[1])
    detail = await coverage.unit_detail(clerk, member.unit.id)
    assert detail.seen == () and detail.coverage.confirmed == 1
    await office.send("/kehoach")
    shown = await office.tap("Tiến độ quán triệt")
    assert "100% · 1/1 · Phòng Công nghệ thông tin" in shown and "đã xem" not in shown
