"""The bot knows each chat's state (Telegram ``my_chat_member``): a person who blocks it is
left out of the next broadcast without a call to Telegram and reported as having blocked the
bot, is reached again after unblocking; a late report does not undo a newer one; a group the
bot was removed from gets nothing, and the Office hears of it once."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlsplit

from sqlalchemy import select

from bot.app import open_app
from bot.channels.telegram.application import TelegramChannel
from bot.ports import Channel, Outgoing, Reply
from bot.roles import Role
from bot.services.delivery import Claimed
from handlers.common import catalog
from models import ChatState, Delivery, DeliveryStatus
from tests.conftest import make_settings
from tests.e2e.harness import RunningBot, TgUser, fake_telegram, running, telegram_settings
from tests.e2e.test_broadcasts import outbox_settled
from tests.e2e.test_initiatives_review import wait_text
from tests.e2e.test_webhook import SECRET, free_port, post
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi

GROUP = -1009876543210


async def recorded(bot: RunningBot, chat: int, *, present: bool, date: int | None = None) -> None:
    """Wait until the bot has recorded the chat's last reported state (updates are handled
    concurrently, so a reply to a later message proves nothing)."""
    async with asyncio.timeout(5):
        while True:
            async with bot.core.sessions() as session:
                row = await session.get(ChatState, (Channel.TELEGRAM.value, str(chat)))
            dated = row is not None and (date is None or int(row.reported_at.timestamp()) == date)
            if dated and row is not None and row.present is present:
                return
            await asyncio.sleep(0.02)


async def settled_as(bot: RunningBot, chat: int, status: DeliveryStatus) -> None:
    """Wait until the delivery to ``chat`` is settled as ``status``."""
    async with asyncio.timeout(5):
        while True:
            async with bot.core.sessions() as session:
                found = await session.scalar(
                    select(Delivery.status).where(Delivery.chat_id == str(chat))
                )
            if found == status:
                return
            await asyncio.sleep(0.02)


def sends_to(fake: FakeTelegramApi, chat: int) -> int:
    return len([c for c in fake.calls_to("sendMessage") if c.params.get("chat_id") == chat])


async def broadcast_to_it_unit(office: TgUser, text: str) -> str:
    """Compose a broadcast to the IT unit, urgent; return the preview."""
    await office.send("/thongbao")
    await office.tap("Soạn thông báo mới")
    await office.send(text)
    await office.tap("Không đính kèm")
    await office.tap("Một số đơn vị")
    await office.tap("Công nghệ thông tin")
    await office.tap("Xong")
    await office.tap("Gửi ngay")
    preview = await office.tap("Khẩn")
    assert "đưa vào hàng đợi" in await office.tap("Xác nhận")
    return preview


async def test_a_blocked_person_is_left_out_then_reached_again_after_unblocking(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    office = TgUser(fake, 6101, "Phòng")
    lan = TgUser(fake, 6102, "Lan")
    binh = TgUser(fake, 6103, "Bình")
    await join_on_telegram(bot, office, Role.OFFICE, "Lê Văn Phòng", unit="VP")
    await join_on_telegram(bot, lan, Role.STAFF, "Nguyễn Thị Lan")
    await join_on_telegram(bot, binh, Role.STAFF, "Phạm Văn Bình")
    await outbox_settled(bot)
    assert "my_chat_member" in fake.calls_to("getUpdates")[-1].params["allowed_updates"]

    fake.push_my_chat_member(binh.user_id, "kicked")
    await recorded(bot, binh.user_id, present=False)
    before = sends_to(fake, binh.user_id)
    preview = await broadcast_to_it_unit(office, "Họp sơ kết lúc 14:00.")
    assert "1 người đã chặn bot" in preview  # known before anything is sent
    await wait_text(fake, lan, "Họp sơ kết lúc 14:00.", clock)
    await outbox_settled(bot)
    assert sends_to(fake, binh.user_id) == before  # not tried: Telegram was never asked
    clock.advance(seconds=10)  # the next look at the broadcast is due
    bot.core.runner.wake()  # type: ignore[union-attr]
    await wait_text(fake, office, "đã gửi xong")
    assert "Đã nhận: 1" in office.text and "Đã chặn bot: 1" in office.text
    listing = await office.tap("Danh sách chưa nhận")
    assert "Phạm Văn Bình" in listing and "Nguyễn Thị Lan" not in listing
    assert "Đã chặn bot (1)" in listing

    fake.push_my_chat_member(binh.user_id, "member")
    await recorded(bot, binh.user_id, present=True)
    preview = await broadcast_to_it_unit(office, "Nhắc lại: họp lúc 14:00.")
    assert "đã chặn bot" not in preview
    await wait_text(fake, binh, "Nhắc lại: họp lúc 14:00.", clock)


async def test_a_late_older_report_does_not_undo_a_newer_one(
    bot: RunningBot, fake: FakeTelegramApi, clock: FakeClock
) -> None:
    office = TgUser(fake, 6201, "Phòng")
    binh = TgUser(fake, 6202, "Bình")
    await join_on_telegram(bot, office, Role.OFFICE, "Lê Văn Phòng", unit="VP")
    await join_on_telegram(bot, binh, Role.STAFF, "Phạm Văn Bình")
    now = int(time.time())

    # Bình blocked the bot, then unblocked it; Telegram hands the block over last.
    fake.push_my_chat_member(binh.user_id, "member", old_status="kicked", date=now)
    await recorded(bot, binh.user_id, present=True, date=now)
    fake.push_my_chat_member(binh.user_id, "kicked", old_status="member", date=now - 60)
    # A later report proves the stale one was handled (and ignored) before it.
    fake.push_my_chat_member(-1, "member", by=office.user_id, chat_type="group", date=now)
    await recorded(bot, -1, present=True)
    async with bot.core.sessions() as session:
        row = await session.get(ChatState, (Channel.TELEGRAM.value, str(binh.user_id)))
    assert row is not None and row.present and int(row.reported_at.timestamp()) == now

    preview = await broadcast_to_it_unit(office, "Họp giao ban lúc 8:00.")
    assert "đã chặn bot" not in preview
    await wait_text(fake, binh, "Họp giao ban lúc 8:00.", clock)


async def test_posts_to_a_group_the_bot_left_are_skipped_and_the_office_told_once(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> None:
    settings = telegram_settings(
        database_url, fake, announcements={"chat": {"channel": "telegram", "id": str(GROUP)}}
    )
    async with running(settings, clock) as bot:
        office = TgUser(fake, 6301, "Phòng")
        await join_on_telegram(bot, office, Role.OFFICE, "Lê Văn Phòng", unit="VP")
        fake.push_my_chat_member(
            GROUP, "administrator", by=office.user_id, chat_type="supergroup", title="Thi đua Sở"
        )
        await recorded(bot, GROUP, present=True)

        fake.push_my_chat_member(GROUP, "kicked", by=6399, chat_type="supergroup")
        await wait_text(fake, office, "Bot đã bị xoá khỏi nhóm Thi đua Sở", clock)
        told = len(fake.messages_to(office.user_id))
        post = Outgoing(Channel.TELEGRAM, str(GROUP), Reply("Bảng xếp hạng tuần"), is_group=True)
        await bot.core.services.outbox.send_later([post])
        await settled_as(bot, GROUP, DeliveryStatus.SKIPPED)
        assert sends_to(fake, GROUP) == 0

        fake.push_my_chat_member(GROUP, "member", by=office.user_id, chat_type="supergroup")
        await wait_text(fake, office, "Bot đã được thêm lại vào nhóm Thi đua Sở", clock)
        assert len(fake.messages_to(office.user_id)) == told + 1  # told once of each change
        await bot.core.services.outbox.send_later([post])
        await fake.wait_for(lambda: sends_to(fake, GROUP) == 1)


async def test_a_webhook_asks_for_and_records_the_bots_status_changes(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> None:
    port = free_port()
    settings = make_settings(
        database_url,
        telegram=fake_telegram(fake)
        | {
            "mode": "webhook",
            "webhook_listen": "127.0.0.1",
            "webhook_port": port,
            "webhook_path": "telegram",
            "webhook_url": "https://bot.example.vn/telegram",
            "webhook_secret": SECRET,
        },
    )
    app = await open_app(settings, clock=clock)
    channel = TelegramChannel(
        settings,
        app.router,
        catalog.menu_for(None, app.texts),
        chat_states=app.services.chat_states,
    )
    await channel.start(webhook=True)
    try:
        (set_webhook,) = fake.calls_to("setWebhook")
        assert "my_chat_member" in set_webhook.params["allowed_updates"]
        url = f"http://127.0.0.1:{port}{urlsplit(set_webhook.params['url']).path}"
        update = fake.push_my_chat_member(-100777, "left", by=42, chat_type="group", queue=False)
        assert await post(url, update) == 200
        async with asyncio.timeout(5):
            while True:
                if await app.services.chat_states.unreachable([group_post(-100777)]):
                    break
                await asyncio.sleep(0.02)
    finally:
        await channel.stop()
        await app.close()


def group_post(chat: int) -> Claimed:
    return Claimed(1, Channel.TELEGRAM, str(chat), True, Reply("x"), 1)
