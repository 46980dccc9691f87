"""A read receipt that arrives before the outbox stored the message's id is not lost."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from bot.app import App
from bot.channels.zalo_oa.mapping import Receipt
from bot.channels.zalo_oa.receipts import RETRY_SECONDS, ReceiptRecorder
from bot.ports import Channel, Outgoing, Reply
from bot.services.delivery import outbox
from models import Delivery, DeliveryStatus

OA = Channel.ZALO_OA


async def queued(app: App) -> int:
    async with app.sessions.begin() as session:
        outbox.enqueue(session, [Outgoing(OA, "u1", Reply("Thông báo"))], now=app.clock.now())
        await session.flush()
        return int(await session.scalar(select(Delivery.id)) or 0)


async def stored_as_sent(app: App, delivery_id: int, message_id: str) -> None:
    async with app.sessions.begin() as session:
        await session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id)
            .values(status=DeliveryStatus.SENT, message_id=message_id)
        )


async def seen_at(app: App) -> datetime | None:
    async with app.sessions() as session:
        return await session.scalar(select(Delivery.seen_at))


async def test_a_receipt_ahead_of_the_send_s_answer_is_recorded_once_the_id_is_stored(
    app: App,
) -> None:
    delivery = await queued(app)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        # While the recorder waits, the outbox gets the send's answer and stores the id.
        waits.append(seconds)
        await stored_as_sent(app, delivery, "m1")

    recorder = ReceiptRecorder(app.services.reply_windows, sleep=sleep)
    at = app.clock.now()
    await recorder.record(Receipt("u1", ("m1",), seen=True, at=at))
    await recorder.idle()
    assert waits == [RETRY_SECONDS[0]]
    assert await seen_at(app) == at


async def test_a_receipt_for_messages_never_sent_is_dropped_after_the_last_try(app: App) -> None:
    await queued(app)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    recorder = ReceiptRecorder(app.services.reply_windows, sleep=sleep)
    await recorder.record(Receipt("u1", ("unknown",), seen=True, at=app.clock.now()))
    await recorder.idle()
    assert waits == list(RETRY_SECONDS)
    assert await seen_at(app) is None


async def test_a_receipt_that_finds_its_message_is_not_tried_again(app: App) -> None:
    await stored_as_sent(app, await queued(app), "m1")
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    recorder = ReceiptRecorder(app.services.reply_windows, sleep=sleep)
    await recorder.record(Receipt("u1", ("m1",), seen=False, at=app.clock.now()))
    await recorder.idle()
    assert waits == []
