"""The outbox shares its batches: a small broadcast queued behind a big one is not held up,
quiet-hour messages wait for the morning, and two workers never send a message twice.

Workers run on fake time (their sleep moves the fake clocks); nothing sleeps for real.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from bot.app import App
from bot.ports import Channel, Outgoing, Reply
from bot.roles import Role
from bot.services.common import TurnCache
from bot.services.common.views import MemberView
from bot.services.delivery.outbox import OutboxService
from models import DeliveryStatus
from scheduler.outbox import OutboxWorker
from tests.conftest import PG_URL
from tests.fakes.clock import FakeClock
from tests.fakes.messenger import FakeMessenger
from tests.services.broadcasts_seed import STATUS_CHAT, add_member, add_staff, draft

BIG, SMALL = 100_000, 200_000


class FakeTime:
    """A worker's monotonic clock and sleep; sleeping moves the database clock too."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)
        self.now += seconds
        self.clock.advance(seconds=seconds)


def worker(
    app: App,
    clock: FakeClock,
    messenger: FakeMessenger,
    *,
    outbox: OutboxService | None = None,
    quiet_ok: Callable[[], bool] = lambda: True,
    **settings: object,
) -> OutboxWorker:
    time = FakeTime(clock)
    return OutboxWorker(
        outbox or app.services.outbox,
        {Channel.TELEGRAM: messenger},
        app.settings.outbox.model_copy(update={"batch_size": 40, **settings}),
        app.clock,
        monotonic=time.monotonic,
        sleep=time.sleep,
        quiet_ok=quiet_ok,
    )


async def start(
    app: App, sender: MemberView, staff: list[MemberView], *, urgent: bool = True
) -> int:
    """Queue and start a broadcast to the unit of ``staff``; return its id."""
    unit_id = staff[0].unit.id
    made = await app.services.broadcasts.create(
        sender, draft(units=(unit_id,), urgent=urgent), STATUS_CHAT
    )
    assert await app.services.broadcasts.start_due() == [made.id]
    return made.id


async def office(app: App) -> MemberView:
    return await add_member(app, "VP", "Văn Phòng", Role.OFFICE, chat=STATUS_CHAT[1])


def group(chat_id: str) -> str:
    return "big" if int(chat_id) < SMALL else "small"


async def test_a_small_broadcast_behind_a_big_one_shares_the_first_batch(app: App) -> None:
    sender = await office(app)
    await start(app, sender, await add_staff(app, "CNTT", 300, first_chat=BIG))
    await start(app, sender, await add_staff(app, "VHTT-VY", 30, first_chat=SMALL))
    batch = await app.services.outbox.claim(40)
    order = [group(item.chat_id) for item in batch]
    assert Counter(order) == {"big": 20, "small": 20}
    assert order == ["big", "small"] * 20
    # Within each broadcast, the order it was queued in.
    assert [i.chat_id for i in batch if group(i.chat_id) == "small"] == [
        str(SMALL + n) for n in range(20)
    ]


async def test_the_small_broadcast_is_all_sent_within_the_first_two_batches(
    app: App, clock: FakeClock
) -> None:
    sender = await office(app)
    await start(app, sender, await add_staff(app, "CNTT", 300, first_chat=BIG))
    await start(app, sender, await add_staff(app, "VHTT-VY", 30, first_chat=SMALL))
    messenger = FakeMessenger()
    drain = worker(app, clock, messenger)
    await drain.drain_once()
    await drain.drain_once()
    await drain.settle()
    sent = Counter(group(chat) for chat, _ in messenger.sent)
    assert sent == {"big": 40, "small": 30}
    await drain.drain()
    assert len(messenger.sent) == 330
    assert len({chat for chat, _ in messenger.sent}) == 330


async def test_quiet_deliveries_wait_while_urgent_and_direct_ones_go(
    app: App, clock: FakeClock
) -> None:
    sender = await office(app)
    big = await add_staff(app, "CNTT", 5, first_chat=BIG)
    small = await add_staff(app, "VHTT-VY", 5, first_chat=SMALL)
    await start(app, sender, big, urgent=False)  # Monday 09:00: it may start
    clock.advance(hours=13)  # 22:00: the rest of it must wait for the morning
    await start(app, sender, small, urgent=True)
    await app.services.outbox.send_later([Outgoing(Channel.TELEGRAM, "42", Reply("Mã OTP"))])
    held = await app.services.outbox.claim(40, quiet_ok=False)
    assert {item.chat_id for item in held} == {"42"} | {str(SMALL + n) for n in range(5)}
    assert len(held) == 6
    assert await app.services.outbox.claim(40, quiet_ok=False) == []

    messenger = FakeMessenger()
    quiet_ok = app.services.broadcasts.quiet_allowed
    drain = worker(app, clock, messenger, quiet_ok=quiet_ok)
    # The claims above lapse (as if that worker died); the urgent ones go out again.
    clock.advance(seconds=app.settings.outbox.lease_seconds + 1)
    await drain.drain()
    assert {chat for chat, _ in messenger.sent} == {"42"} | {str(SMALL + n) for n in range(5)}
    counts = await app.services.outbox.counts()
    assert counts.count(DeliveryStatus.PENDING) == 5
    clock.advance(hours=9)  # Tuesday 07:01
    await drain.drain()
    assert len(messenger.sent) == 11
    assert {chat for chat, _ in messenger.sent[6:]} == {str(BIG + n) for n in range(5)}


@pytest.mark.skipif(
    not PG_URL,
    reason="two workers claim side by side only on PostgreSQL (SKIP LOCKED); "
    "set TEST_DATABASE_URL to run",
)
async def test_two_workers_on_their_own_connections_send_each_message_once(
    app: App, clock: FakeClock
) -> None:
    sender = await office(app)
    await start(app, sender, await add_staff(app, "CNTT", 500, first_chat=BIG))
    engines = [create_async_engine(app.settings.database.url) for _ in range(2)]
    try:
        outboxes = [
            OutboxService(
                async_sessionmaker(engine, expire_on_commit=False),
                clock,
                TurnCache(clock),
                lease=timedelta(minutes=2),
            )
            for engine in engines
        ]
        messengers = [FakeMessenger(), FakeMessenger()]
        workers = [
            worker(app, clock, m, outbox=o, rate_per_second=0, batch_size=25)
            for m, o in zip(messengers, outboxes, strict=True)
        ]
        await asyncio.gather(*(w.drain() for w in workers))
    finally:
        for engine in engines:
            await engine.dispose()
    per_chat = Counter(chat for m in messengers for chat, _ in m.sent)
    assert len(per_chat) == 500
    assert set(per_chat.values()) == {1}
    assert all(m.sent for m in messengers), "both workers should have taken a share"
    counts = await app.services.outbox.counts()
    assert counts.count(DeliveryStatus.SENT) == 500
