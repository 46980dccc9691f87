"""Zalo's refusals in the outbox, over real HTTP to the fake Zalo server: a 429 or a 403 is
retried before anything is concluded, and Zalo waits for next month only when our own count
says the quota is spent. Backoff waits are recorded, never slept; time is fake."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import App
from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.messenger import ZaloMessenger
from bot.config_zalo import ZaloOutbox
from bot.ports import Channel, Messenger
from bot.services.delivery.channel_quota import ChannelQuotaService
from models import ChannelAccount, ChannelQuota
from scheduler.outbox import OutboxWorker
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_api import TOKEN, FakeZaloApi
from tests.fakes.messenger import FakeMessenger
from tests.scheduler.test_delivery_outbox import FakeTime
from tests.scheduler.test_delivery_outbox_zalo import (
    NEXT_MONTH,
    deliveries,
    office,
    queue,
    quota_for,
)
from tests.services.broadcasts_seed import add_member

ZALO, TELEGRAM = Channel.ZALO, Channel.TELEGRAM
LIMITS = ZaloOutbox(rate_per_second=0, per_chat_interval_seconds=0, monthly_quota=3000)


class Sleeps:
    """Records the Zalo client's backoff waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@dataclass
class Rig:
    app: App
    fake: FakeZaloApi
    quota: ChannelQuotaService
    worker: OutboxWorker
    time: FakeTime
    sleeps: Sleeps
    office: FakeMessenger  # the Office's Telegram

    async def status(self, chat_id: str) -> tuple[str, int]:
        [found] = [d for d in await deliveries(self.app, ZALO) if d.chat_id == chat_id]
        return found.status, found.attempts

    async def exhausted(self) -> bool:
        async with self.app.sessions() as session:
            row = await session.get(ChannelQuota, ("zalo", self.quota.month()))
        return row is not None and row.exhausted_at is not None


@pytest.fixture
async def rig(app: App, clock: FakeClock) -> AsyncIterator[Rig]:
    await office(app)
    quota = quota_for(app, LIMITS)
    sleeps = Sleeps()
    async with FakeZaloApi(max_wait=0.05) as fake:
        client = ZaloClient(TOKEN, fake.base_url, sleep=sleeps)
        zalo = ZaloMessenger(client, app.texts, choices=app.services.choices, counter=quota)
        telegram = FakeMessenger()
        time = FakeTime(clock)
        messengers: dict[Channel, Messenger] = {ZALO: zalo, TELEGRAM: telegram}
        worker = OutboxWorker(
            app.services.outbox,
            messengers,
            app.settings.outbox,
            clock,
            zalo=LIMITS,
            quota=quota,
            monotonic=time.monotonic,
            sleep=time.sleep,
        )
        try:
            yield Rig(app, fake, quota, worker, time, sleeps, telegram)
        finally:
            await client.aclose()


async def test_one_429_is_retried_and_zalo_keeps_sending(rig: Rig) -> None:
    rig.fake.fail_next("sendMessage", 429)
    await queue(rig.app, ZALO, "z1")
    await rig.worker.drain()
    assert rig.fake.texts_to("z1") == ["tin z1"]
    assert rig.sleeps.waits == [0.5]
    await queue(rig.app, ZALO, "z2")
    await rig.worker.drain()
    assert rig.fake.texts_to("z2") == ["tin z2"]
    assert not await rig.exhausted()
    assert rig.office.sent == []  # nobody is told the quota is gone
    assert await rig.quota.remaining(ZALO) == 2998


async def test_a_429_outlasting_the_retries_is_backed_off_not_held_for_a_month(
    rig: Rig, clock: FakeClock
) -> None:
    rig.fake.fail_next("sendMessage", 429, times=4)  # the first try and all 3 retries
    await queue(rig.app, ZALO, "z1")
    await rig.worker.drain()
    [held] = await deliveries(rig.app, ZALO)
    backoff = timedelta(seconds=rig.app.settings.outbox.backoff_base_seconds)
    assert (held.status, held.attempts, held.not_before) == ("pending", 1, clock.now() + backoff)
    assert not await rig.exhausted()
    rig.time.advance(backoff.total_seconds())
    await rig.worker.drain()
    assert rig.fake.texts_to("z1") == ["tin z1"]
    assert await rig.status("z1") == ("sent", 2)


async def test_a_429_when_our_count_is_spent_waits_for_next_month(
    rig: Rig, clock: FakeClock
) -> None:
    assert await rig.quota.remaining(ZALO) == 3000  # what this process last read
    other_process = quota_for(rig.app, LIMITS)
    await other_process.count_sent(ZALO, 3000)  # ...which then sent the rest
    rig.fake.quota = 0
    await queue(rig.app, ZALO, "z1")
    await rig.worker.drain()
    [held] = await deliveries(rig.app, ZALO)
    assert (held.status, held.not_before, held.attempts) == ("pending", NEXT_MONTH, 0)
    assert await rig.exhausted()
    rig.time.advance(1.0)  # the report follows the warning to the same chat a second later
    await rig.worker.drain()
    assert any("1 tin Zalo đang chờ" in text for text in rig.office.texts_to("900"))
    rig.fake.quota = None
    clock.advance(days=30)  # April
    await rig.worker.drain()
    assert rig.fake.texts_to("z1") == ["tin z1"]


async def blocked(app: App, chat_id: str) -> bool:
    async with app.sessions() as session:
        account = await session.scalar(
            select(ChannelAccount).where(
                ChannelAccount.channel == ZALO.value, ChannelAccount.chat_id == chat_id
            )
        )
    assert account is not None
    return account.blocked


async def test_one_403_is_retried_and_the_person_stays_reachable(rig: Rig) -> None:
    await add_member(rig.app, "VP", "Lê Thị Hoa", accounts=((ZALO, "z5", False),))
    rig.fake.fail_next("sendMessage", 403)
    await queue(rig.app, ZALO, "z5")
    await rig.worker.drain()
    assert rig.fake.texts_to("z5") == ["tin z5"]
    assert await rig.status("z5") == ("sent", 1)
    assert not await blocked(rig.app, "z5")


async def test_a_lasting_403_marks_the_person_unreachable_after_the_retries(rig: Rig) -> None:
    await add_member(rig.app, "VP", "Lê Thị Hoa", accounts=((ZALO, "z6", False),))
    rig.fake.block("z6")
    await queue(rig.app, ZALO, "z6")
    await rig.worker.drain()
    tries = [p for method, p in rig.fake.calls if method == "sendMessage" and p["chat_id"] == "z6"]
    assert len(tries) == 4
    assert rig.sleeps.waits == [0.5, 1.0, 2.0]
    assert (await rig.status("z6"))[0] == "blocked"
    assert await blocked(rig.app, "z6")
