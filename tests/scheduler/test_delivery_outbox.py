"""The outbox as people notice it: messages arrive once, in order, paced, despite failures.

The worker runs on fake time: its monotonic clock and its sleep come from :class:`FakeTime`,
whose sleep moves both that clock and the database clock (:class:`FakeClock`) without really
waiting. Nothing here sleeps for real.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App, open_app
from bot.config import Settings
from bot.ports import (
    Channel,
    Messenger,
    Outgoing,
    PermanentFailure,
    Reply,
    RetryLater,
    TransientFailure,
)
from bot.roles import Role
from models import ChannelAccount, Delivery, DeliveryStatus
from scheduler.outbox import OutboxWorker
from tests.conftest import make_settings
from tests.factories import join
from tests.fakes.clock import FakeClock
from tests.fakes.messenger import FakeMessenger

SENT, PENDING, SENDING = DeliveryStatus.SENT, DeliveryStatus.PENDING, DeliveryStatus.SENDING
BLOCKED, FAILED = DeliveryStatus.BLOCKED, DeliveryStatus.FAILED


class Killed(BaseException):
    """The process died (raised from inside a send, like a SIGKILL would stop it)."""


class FakeTime:
    """The worker's time: a monotonic clock, and a sleep that moves it without waiting.

    Sleeping (and :meth:`advance`) also moves the database clock, as real time would.
    """

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.now = 0.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        await asyncio.sleep(0)  # let sends already started run, as during a real sleep
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self.now += seconds
        self.clock.advance(seconds=seconds)


@pytest.fixture
def time(clock: FakeClock) -> FakeTime:
    return FakeTime(clock)


@pytest.fixture
def messenger() -> FakeMessenger:
    return FakeMessenger()


def worker_for(
    app: App,
    messenger: Messenger,
    time: FakeTime,
    *,
    messengers: Mapping[Channel, Messenger] | None = None,
    **outbox: Any,
) -> OutboxWorker:
    """An outbox worker of ``app`` on fake time; ``outbox`` overrides its settings."""
    return OutboxWorker(
        app.services.outbox,
        messengers or {Channel.TELEGRAM: messenger, Channel.CONSOLE: messenger},
        app.settings.outbox.model_copy(update=outbox),
        app.clock,
        monotonic=time.monotonic,
        sleep=time.sleep,
    )


def note(chat_id: str, text: str, channel: Channel = Channel.TELEGRAM) -> Outgoing:
    return Outgoing(channel, chat_id, Reply(text))


async def deliveries(app: App) -> list[Delivery]:
    async with app.sessions() as session:
        return list(await session.scalars(select(Delivery).order_by(Delivery.id)))


async def statuses(app: App) -> dict[str, int]:
    return (await app.services.outbox.counts()).by_status


async def test_queued_messages_are_sent_once_each_in_order_per_chat(
    app: App, messenger: FakeMessenger, time: FakeTime
) -> None:
    chats = ("201", "202", "203")
    await app.services.outbox.send_later(
        [note(c, f"{c}: tin {n}") for n in (1, 2, 3) for c in chats]
    )
    worker = worker_for(app, messenger, time)
    for _ in range(3):
        await worker.drain()
        time.advance(1.0)
    for chat in chats:
        assert messenger.texts_to(chat) == [f"{chat}: tin 1", f"{chat}: tin 2", f"{chat}: tin 3"]
    assert len(messenger.sent) == 9
    assert await statuses(app) == {SENT: 9}
    assert all(d.sent_at is not None for d in await deliveries(app))


async def test_blocked_recipient_is_marked_and_skipped_next_time(
    app: App, messenger: FakeMessenger, time: FakeTime
) -> None:
    await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Lê Văn Trưởng")
    await join(app, "binh", "CNTT", Role.STAFF, "Phạm Văn Bình")
    messenger.block("truong")
    await worker_for(app, messenger, time).drain()
    assert messenger.sent == []
    assert await statuses(app) == {BLOCKED: 1}
    async with app.sessions() as session:
        account = await session.scalar(
            select(ChannelAccount).where(ChannelAccount.external_id == "truong")
        )
    assert account is not None
    assert account.blocked
    assert account.blocked_at == app.clock.now()
    await join(app, "cuong", "CNTT", Role.STAFF, "Đỗ Văn Cường")
    assert [d.chat_id for d in await deliveries(app)] == ["truong"]


async def test_never_started_recipient_is_marked_unreachable_and_not_tried_again(
    app: App, messenger: FakeMessenger, time: FakeTime
) -> None:
    await app.services.outbox.send_later([note("201", "Xin chào")])
    messenger.block("201", never_started=True)
    await worker_for(app, messenger, time).drain()
    assert await statuses(app) == {DeliveryStatus.UNREACHABLE: 1}


async def test_rate_limited_message_waits_the_time_asked_and_others_go_at_once(
    app: App, messenger: FakeMessenger, time: FakeTime
) -> None:
    await app.services.outbox.send_later([note("201", "chậm lại"), note("202", "đi ngay")])
    messenger.fail("201", RetryLater(5))
    worker = worker_for(app, messenger, time)
    await worker.drain()
    assert messenger.texts() == ["đi ngay"]
    assert sum(time.sleeps) < 1
    [waiting, _] = await deliveries(app)
    assert (waiting.status, waiting.attempts) == (PENDING, 0)
    time.advance(4.8)
    await worker.drain()
    assert messenger.texts_to("201") == []
    time.advance(0.3)
    await worker.drain()
    assert messenger.texts_to("201") == ["chậm lại"]
    assert await statuses(app) == {SENT: 2}


async def test_transient_failures_retry_with_exponential_backoff_then_succeed(
    app: App, messenger: FakeMessenger, time: FakeTime
) -> None:
    assert app.settings.outbox.backoff_base_seconds == 2
    await app.services.outbox.send_later([note("201", "Báo cáo tháng")])
    messenger.fail("201", TransientFailure("timed out"), TransientFailure("502 Bad Gateway"))
    worker = worker_for(app, messenger, time)
    await worker.drain()  # attempt 1 fails: back in 2 s
    time.advance(1.5)
    await worker.drain()
    assert messenger.attempts == ["201"]
    time.advance(0.6)
    await worker.drain()  # attempt 2 fails: back in 4 s
    time.advance(3.5)
    await worker.drain()
    assert messenger.attempts == ["201", "201"]
    time.advance(0.6)
    await worker.drain()  # attempt 3 succeeds
    assert messenger.texts_to("201") == ["Báo cáo tháng"]
    [delivery] = await deliveries(app)
    assert (delivery.status, delivery.attempts) == (SENT, 3)


async def test_transient_failures_give_up_after_max_attempts(
    database_url: str, clock: FakeClock, messenger: FakeMessenger, time: FakeTime
) -> None:
    app = await open_app(
        make_settings(database_url, outbox={"max_attempts": 3}), clock=clock, run_migrations=False
    )
    try:
        await app.services.outbox.send_later([note("201", "Báo cáo tháng")])
        messenger.fail("201", *(TransientFailure("503 Service Unavailable") for _ in range(5)))
        worker = worker_for(app, messenger, time)
        for _ in range(5):
            await worker.drain()
            time.advance(600)
        assert messenger.attempts == ["201", "201", "201"]
        assert messenger.sent == []
        [delivery] = await deliveries(app)
        assert (delivery.status, delivery.attempts) == (FAILED, 3)
        assert "503" in delivery.last_error
    finally:
        await app.close()


async def test_permanent_failure_is_failed_at_once_and_never_retried(
    app: App, messenger: FakeMessenger, time: FakeTime
) -> None:
    await app.services.outbox.send_later([note("201", "Quá dài")])
    messenger.fail("201", PermanentFailure("Bad Request: message is too long"))
    worker = worker_for(app, messenger, time)
    await worker.drain()
    time.advance(3600)
    await worker.drain()
    assert messenger.attempts == ["201"]
    [delivery] = await deliveries(app)
    assert (delivery.status, delivery.attempts) == (FAILED, 1)
    assert "too long" in delivery.last_error


async def test_second_message_to_a_chat_waits_the_chat_gap_and_others_do_not(
    app: App, messenger: FakeMessenger, time: FakeTime
) -> None:
    assert app.settings.outbox.per_chat_interval_seconds == 1
    await app.services.outbox.send_later(
        [note("201", "một"), note("201", "hai"), note("202", "khác")]
    )
    worker = worker_for(app, messenger, time)
    await worker.drain()
    assert messenger.sent == [("201", Reply("một")), ("202", Reply("khác"))]
    assert sum(time.sleeps) < 0.1
    assert await statuses(app) == {SENT: 2, PENDING: 1}
    time.advance(0.5)
    await worker.drain()
    assert messenger.texts_to("201") == ["một"]
    time.advance(0.5)
    await worker.drain()
    assert messenger.texts_to("201") == ["một", "hai"]


async def test_overall_rate_spreads_ninety_messages_over_three_seconds(
    app: App, time: FakeTime
) -> None:
    assert app.settings.outbox.rate_per_second == 30
    sent_at: list[float] = []
    messenger = FakeMessenger(on_send=lambda chat, reply: sent_at.append(time.monotonic()))
    await app.services.outbox.send_later([note(str(300 + n), f"tin {n}") for n in range(90)])
    await worker_for(app, messenger, time).drain()
    assert len(messenger.sent) == 90
    assert 2.9 <= sum(time.sleeps) <= 3.1
    # No window of one second holds more than 30 sends: send i and send i+30 are 1 s apart.
    gaps = [sent_at[i + 30] - sent_at[i] for i in range(60)]
    assert min(gaps) >= 1 - 1e-9


async def test_messages_queued_before_a_crash_are_sent_by_the_next_process(
    settings: Settings, clock: FakeClock, messenger: FakeMessenger, time: FakeTime
) -> None:
    first = await open_app(settings, clock=clock, run_migrations=False)
    await first.services.outbox.send_later([note(str(200 + n), f"tin {n}") for n in range(5)])
    await first.close()  # the process dies before any worker ran
    second = await open_app(settings, clock=clock, run_migrations=False)
    try:
        await worker_for(second, messenger, time).drain()
        assert sorted(messenger.texts()) == [f"tin {n}" for n in range(5)]
        assert await statuses(second) == {SENT: 5}
    finally:
        await second.close()


async def test_messages_in_flight_when_the_process_dies_are_sent_after_the_lease(
    app: App, clock: FakeClock, time: FakeTime
) -> None:
    texts = [f"tin {n}" for n in range(6)]
    await app.services.outbox.send_later([note(str(200 + n), t) for n, t in enumerate(texts)])
    in_flight: list[str] = []

    def die_on_third_send(chat_id: str, reply: Reply) -> None:
        if in_flight or len(dying.attempts) == 3:
            in_flight.append(reply.text)
            raise Killed  # from the third send on, nothing leaves the dead process

    dying = FakeMessenger(on_send=die_on_third_send)
    await worker_for(app, dying, time).drain()
    assert len(dying.sent) == 2
    assert await statuses(app) == {SENT: 2, SENDING: 4}

    revived = FakeMessenger()
    await worker_for(app, revived, FakeTime(clock)).drain()
    assert revived.sent == []  # the dead worker's lease still holds
    clock.advance(seconds=app.settings.outbox.lease_seconds + 1)
    await worker_for(app, revived, FakeTime(clock)).drain()

    delivered = dying.texts() + revived.texts()
    assert sorted(set(delivered)) == texts  # nothing lost
    duplicated = {t for t in delivered if delivered.count(t) > 1}
    assert duplicated <= {in_flight[0]}
    assert await statuses(app) == {SENT: 6}


async def test_two_workers_draining_together_send_each_message_exactly_once(
    app: App, messenger: FakeMessenger, time: FakeTime
) -> None:
    texts = [f"tin {n:02}" for n in range(40)]
    await app.services.outbox.send_later([note(str(200 + n), t) for n, t in enumerate(texts)])
    one = worker_for(app, messenger, time, batch_size=5)
    two = worker_for(app, messenger, FakeTime(time.clock), batch_size=5)
    await asyncio.gather(one.drain(), two.drain())
    assert sorted(messenger.texts()) == texts
    assert await statuses(app) == {SENT: 40}


async def test_delivery_for_a_channel_without_messenger_waits_for_it(
    app: App, messenger: FakeMessenger, time: FakeTime
) -> None:
    await app.services.outbox.send_later([note("zalo-1", "Xin chào", Channel.ZALO)])
    await worker_for(app, messenger, time).drain()
    assert messenger.sent == []
    [delivery] = await deliveries(app)
    assert (delivery.status, delivery.attempts) == (PENDING, 0)
    time.advance(3600)
    await worker_for(app, messenger, time, messengers={Channel.ZALO: messenger}).drain()
    assert messenger.texts_to("zalo-1") == ["Xin chào"]


async def test_messages_in_flight_at_a_crash_go_out_at_the_next_start(
    app: App, messenger: FakeMessenger, time: FakeTime
) -> None:
    await app.services.outbox.send_later([note("201", "một"), note("202", "hai")])
    # The previous process claimed both and died before sending: their lease still runs.
    assert len(await app.services.outbox.claim(10)) == 2
    assert await app.services.outbox.claim(10) == []
    assert await app.services.outbox.release_claims() == 2
    await worker_for(app, messenger, time).drain()
    assert sorted(messenger.texts()) == ["hai", "một"]


async def test_a_rate_limited_chat_keeps_its_order(
    app: App, messenger: FakeMessenger, time: FakeTime
) -> None:
    await app.services.outbox.send_later([note("201", f"phần {n}") for n in (1, 2, 3)])
    messenger.fail("201", RetryLater(2))
    worker = worker_for(app, messenger, time)
    for _ in range(8):
        await worker.drain()
        time.advance(1.0)
    assert messenger.texts_to("201") == ["phần 1", "phần 2", "phần 3"]
