"""Zalo in the outbox: its own pace, and deliveries that wait for next month's quota while
Telegram keeps flowing. Time is fake throughout; nothing sleeps for real."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from bot.app import App
from bot.config_zalo import ZaloOutbox
from bot.ports import Channel, Outgoing, Reply
from bot.roles import Role
from bot.services.delivery.channel_quota import ChannelQuotaService
from models import Delivery, DeliveryStatus
from scheduler.outbox import OutboxWorker
from tests.fakes.clock import FakeClock
from tests.fakes.messenger import FakeMessenger
from tests.scheduler.test_delivery_outbox import FakeTime
from tests.services.broadcasts_seed import add_member

ZALO, TELEGRAM = Channel.ZALO, Channel.TELEGRAM
NEXT_MONTH = datetime(2026, 3, 31, 17, 0, tzinfo=UTC)  # 1/4 00:00 in Hà Nội


class ZaloMessenger(FakeMessenger):
    """Counts every successful send against the quota, as the Zalo messenger does."""

    def __init__(self, counter: ChannelQuotaService) -> None:
        super().__init__()
        self.counter = counter

    async def send(self, chat_id: str, reply: Reply) -> str:
        message_id = await super().send(chat_id, reply)
        await self.counter.count_sent(ZALO, 1)
        return message_id


class ManualTime:
    """A monotonic clock the test moves; ``sleep`` waits until the test has moved it enough."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.now = 0.0
        self.sleeping = asyncio.Event()
        self._moved = asyncio.Event()

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        deadline = self.now + seconds
        while self.now < deadline:
            self._moved.clear()
            self.sleeping.set()
            await self._moved.wait()

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.clock.advance(seconds=seconds)
        self.sleeping.clear()
        self._moved.set()


class SendTimes:
    """The monotonic time of every send attempt to one messenger."""

    def __init__(self, time: ManualTime) -> None:
        self.time = time
        self.at: list[float] = []
        self._sent = asyncio.Event()

    def __call__(self, chat_id: str, reply: Reply) -> None:
        self.at.append(self.time.now)
        self._sent.set()

    async def reach(self, count: int) -> None:
        async with asyncio.timeout(5):
            while len(self.at) < count:
                self._sent.clear()
                await self._sent.wait()


def quota_for(app: App, limits: ZaloOutbox) -> ChannelQuotaService:
    zone = app.settings.organisation.zone
    return ChannelQuotaService(
        app.sessions, app.clock, app.texts, zone=zone, quotas={ZALO: limits}
    )


def worker_for(
    app: App,
    messengers: dict[Channel, FakeMessenger],
    time: FakeTime | ManualTime,
    zalo: ZaloOutbox,
    quota: ChannelQuotaService | None = None,
    **outbox: Any,
) -> OutboxWorker:
    return OutboxWorker(
        app.services.outbox,
        dict(messengers),
        app.settings.outbox.model_copy(update=outbox),
        app.clock,
        zalo=zalo,
        quota=quota,
        monotonic=time.monotonic,
        sleep=time.sleep,
    )


async def queue(app: App, channel: Channel, *chats: str) -> None:
    await app.services.outbox.send_later([Outgoing(channel, c, Reply(f"tin {c}")) for c in chats])


async def deliveries(app: App, channel: Channel) -> list[Delivery]:
    async with app.sessions() as session:
        found = await session.scalars(
            select(Delivery).where(Delivery.channel == channel.value).order_by(Delivery.id)
        )
        return list(found)


async def test_a_zalo_backlog_does_not_hold_up_telegram(app: App, clock: FakeClock) -> None:
    time = ManualTime(clock)
    zalo, telegram = FakeMessenger(), FakeMessenger()
    zalo_times, telegram_times = SendTimes(time), SendTimes(time)
    zalo.on_send, telegram.on_send = zalo_times, telegram_times
    await queue(app, ZALO, "z1", "z2", "z3", "z4")  # queued first
    await queue(app, TELEGRAM, "t1", "t2", "t3", "t4")
    paced = ZaloOutbox(rate_per_second=1, per_chat_interval_seconds=0)
    worker = worker_for(app, {ZALO: zalo, TELEGRAM: telegram}, time, paced, rate_per_second=0)
    drain = asyncio.create_task(worker.drain())
    await telegram_times.reach(4)
    await zalo_times.reach(1)
    async with asyncio.timeout(5):
        await time.sleeping.wait()
    # Telegram went out at once; Zalo sent one and waits for its pace (time has not moved).
    assert telegram_times.at == [0.0] * 4
    assert zalo_times.at == [0.0]
    for sent in (2, 3, 4):
        time.advance(1.0)
        await zalo_times.reach(sent)
    async with asyncio.timeout(5):
        assert await drain == 8
    assert zalo_times.at == [0.0, 1.0, 2.0, 3.0]
    assert [chat for chat, _ in zalo.sent] == ["z1", "z2", "z3", "z4"]


async def office(app: App) -> None:
    both = ((TELEGRAM, "900", False), (ZALO, "z900", False))
    await add_member(app, "VP", "Trần Văn Quản", Role.OFFICE, accounts=both)


async def test_over_quota_zalo_waits_for_next_month_and_telegram_flows(
    app: App, clock: FakeClock
) -> None:
    await office(app)
    limits = ZaloOutbox(rate_per_second=0, per_chat_interval_seconds=0, monthly_quota=3)
    quota = quota_for(app, limits)
    zalo, telegram = ZaloMessenger(quota), FakeMessenger()
    time = FakeTime(clock)
    worker = worker_for(app, {ZALO: zalo, TELEGRAM: telegram}, time, limits, quota)
    await queue(app, ZALO, "z1", "z2", "z3", "z4", "z5")
    await queue(app, TELEGRAM, "t1", "t2", "t3")
    await worker.drain()
    time.advance(1.0)  # the last two waited for the sends in flight to be counted
    await worker.drain()
    time.advance(1.0)  # the report follows the warning to the same chat a second later
    await worker.drain()
    assert [chat for chat, _ in zalo.sent] == ["z1", "z2", "z3"]
    assert zalo.attempts == ["z1", "z2", "z3"]
    waiting = [d for d in await deliveries(app, ZALO) if d.status == DeliveryStatus.PENDING]
    assert [d.chat_id for d in waiting] == ["z4", "z5"]
    assert all(d.not_before == NEXT_MONTH and d.attempts == 0 for d in waiting)
    assert all("waiting for the monthly zalo quota" in d.last_error for d in waiting)
    office_texts = telegram.texts_to("900")
    assert [c for c, _ in telegram.sent if c != "900"] == ["t1", "t2", "t3"]
    assert len(office_texts) == 2
    assert "Đã dùng 3/3 tin Zalo của tháng 03/2026" in office_texts[0]
    assert "2 tin Zalo đang chờ" in office_texts[1]
    assert "01/04/2026" in office_texts[1]
    # More Zalo messages this month wait too, without a new report; Telegram still goes.
    await queue(app, ZALO, "z6")
    await queue(app, TELEGRAM, "t4")
    await worker.drain()
    assert len(zalo.attempts) == 3
    assert telegram.texts_to("t4") == ["tin t4"]
    assert len(telegram.texts_to("900")) == 2
    clock.advance(days=30)  # April
    await worker.drain()
    assert [chat for chat, _ in zalo.sent][3:] == ["z4", "z5", "z6"]
