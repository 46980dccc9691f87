"""Messages to other people on Telegram: blocked recipients and crashes lose nothing."""

from __future__ import annotations

from sqlalchemy import select

from bot.roles import Role
from models import ChannelAccount, Delivery, DeliveryStatus
from tests.e2e.harness import RunningBot, TgUser
from tests.factories import join_on_telegram
from tests.fakes.telegram import FakeTelegramApi


async def test_unit_head_is_told_of_a_new_member(bot: RunningBot, fake: FakeTelegramApi) -> None:
    head = TgUser(fake, 7001)
    await join_on_telegram(bot, head, Role.UNIT_HEAD, "Lê Thị Trưởng")
    await join_on_telegram(bot, TgUser(fake, 7002), Role.STAFF, "Phạm Văn Bình")
    await fake.wait_sent(7001, head.seen + 1)
    assert "Phạm Văn Bình" in head.text


async def test_blocked_recipient_is_marked_and_skipped(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    head = TgUser(fake, 7101)
    await join_on_telegram(bot, head, Role.UNIT_HEAD, "Lê Thị Trưởng")
    fake.block(7101)
    await join_on_telegram(bot, TgUser(fake, 7102), Role.STAFF, "Phạm Văn Bình")
    await fake.wait_for(
        lambda: any(c.status == 403 and c.params.get("chat_id") == 7101 for c in fake.calls),
        description="the notice to the blocked head was refused",
    )
    await bot.restart()  # stopping lets the send in flight settle
    async with bot.core.sessions() as session:
        delivery = (await session.scalars(select(Delivery))).one()
        account = await session.scalar(
            select(ChannelAccount).where(ChannelAccount.external_id == "7101")
        )
    assert delivery.status == DeliveryStatus.BLOCKED
    assert account is not None and account.blocked
    await join_on_telegram(bot, TgUser(fake, 7103), Role.STAFF, "Đỗ Văn Ba")
    async with bot.core.sessions() as session:
        assert len((await session.scalars(select(Delivery))).all()) == 1  # no new notice queued


async def test_kill_between_outbox_write_and_send_loses_nothing(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    head = TgUser(fake, 7201)
    await join_on_telegram(bot, head, Role.UNIT_HEAD, "Lê Thị Trưởng")
    await bot.stop()
    await bot.start(outbox=False)  # the worker never runs: the process "dies" before sending
    await join_on_telegram(bot, TgUser(fake, 7202), Role.STAFF, "Phạm Văn Bình")
    await bot.stop()
    assert "Phạm Văn Bình" not in head.text
    await bot.start()
    await fake.wait_sent(7201, head.seen + 1)
    assert "Phạm Văn Bình" in head.text


async def test_one_persons_messages_are_answered_in_order(
    bot: RunningBot, fake: FakeTelegramApi
) -> None:
    admin = TgUser(fake, 1000)
    await admin.send("/start")
    for text in ("/huy", "/start", "/huy", "/start", "/huy"):
        fake.push_message(1000, text)
    await fake.wait_sent(1000, admin.seen + 5)
    texts = [m.text or "" for m in fake.messages_to(1000)][-5:]
    assert ["Đã hủy" in t for t in texts] == [True, False, True, False, True]
