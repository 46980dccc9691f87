"""Reply windows and read receipts: what a Zalo OA chat tells the core."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from bot.app import App
from bot.ports import Channel, Outgoing, Reply
from bot.services.delivery import outbox
from models import AuditEntry, ChannelAccount, Delivery, DeliveryStatus
from tests.fakes.clock import FakeClock
from tests.services.broadcasts_seed import add_member, deliveries

OA = Channel.ZALO_OA
HOURS, MESSAGES = 48.0, 8


async def queue(app: App, chat: str, member_id: int, *, status: DeliveryStatus) -> int:
    async with app.sessions.begin() as session:
        outbox.enqueue(
            session,
            [Outgoing(OA, chat, Reply("Thông báo"))],
            now=app.clock.now(),
            member_id=member_id,
        )
        await session.flush()
        row = (await session.scalars(select(Delivery).order_by(Delivery.id.desc()))).first()
        assert row is not None
        row.status = status
        row.outcome = "out_of_window" if status is DeliveryStatus.WAITING else ""
        return row.id


async def test_a_message_opens_the_window_for_eight_messages(app: App) -> None:
    windows = app.services.reply_windows
    assert await windows.windows(OA, ["u1"]) == {}
    now = app.clock.now()
    await windows.inbound(OA, "u1", now)
    window = (await windows.windows(OA, ["u1"]))["u1"]
    assert window.is_open(now, hours=HOURS, messages=MESSAGES)
    await windows.sent(OA, "u1", 7)
    window = (await windows.windows(OA, ["u1"]))["u1"]
    assert window.is_open(now, hours=HOURS, messages=MESSAGES)
    await windows.sent(OA, "u1", 1)
    window = (await windows.windows(OA, ["u1"]))["u1"]
    assert not window.is_open(now, hours=HOURS, messages=MESSAGES)
    # Writing again gives a fresh window; 48 hours later it is closed.
    later = now + timedelta(hours=1)
    await windows.inbound(OA, "u1", later)
    window = (await windows.windows(OA, ["u1"]))["u1"]
    assert window.sent == 0
    assert window.is_open(later + timedelta(hours=47), hours=HOURS, messages=MESSAGES)
    assert not window.is_open(later + timedelta(hours=48), hours=HOURS, messages=MESSAGES)


async def test_a_late_older_event_does_not_move_the_window_back(app: App) -> None:
    windows = app.services.reply_windows
    now = app.clock.now()
    await windows.inbound(OA, "u1", now)
    await windows.sent(OA, "u1", 3)
    await windows.inbound(OA, "u1", now - timedelta(hours=5))
    window = (await windows.windows(OA, ["u1"]))["u1"]
    assert (window.last_inbound_at, window.sent) == (now, 3)


async def test_writing_again_releases_what_waited_for_the_window(
    app: App, clock: FakeClock
) -> None:
    member = await add_member(app, "CNTT", "An", accounts=((OA, "u1", False),))
    other = await add_member(app, "CNTT", "Bình", accounts=((OA, "u2", False),))
    waiting = await queue(app, "u1", member.id, status=DeliveryStatus.WAITING)
    elsewhere = await queue(app, "u2", other.id, status=DeliveryStatus.WAITING)
    rang: list[bool] = []
    app.services.reply_windows.add_listener(lambda: rang.append(True))
    clock.advance(hours=60)
    await app.services.reply_windows.inbound(OA, "u1", app.clock.now())
    rows = {row.id: row for row in await deliveries(app)}
    assert rows[waiting].status == DeliveryStatus.PENDING
    assert rows[waiting].not_before == app.clock.now()
    assert rows[waiting].outcome == ""
    assert rows[elsewhere].status == DeliveryStatus.WAITING
    assert rang == [True]


async def test_an_unfollow_blocks_until_the_person_comes_back(app: App) -> None:
    await add_member(app, "CNTT", "An", accounts=((OA, "u1", False),))
    windows = app.services.reply_windows
    await windows.left(OA, "u1", app.clock.now())
    async with app.sessions() as session:
        assert await session.scalar(select(ChannelAccount.blocked)) is True
    await windows.inbound(OA, "u1", app.clock.now())
    async with app.sessions() as session:
        assert await session.scalar(select(ChannelAccount.blocked)) is False
        actions = (
            await session.scalars(
                select(AuditEntry.action)
                .where(AuditEntry.entity == "channel_account")
                .order_by(AuditEntry.id)
            )
        ).all()
    assert actions == ["account.blocked", "account.unblocked"]


async def test_receipts_mark_the_delivery_of_the_message_once(app: App, clock: FakeClock) -> None:
    member = await add_member(app, "CNTT", "An", accounts=((OA, "u1", False),))
    sent = await queue(app, "u1", member.id, status=DeliveryStatus.SENT)
    async with app.sessions.begin() as session:
        await session.execute(update(Delivery).where(Delivery.id == sent).values(message_id="m1"))
    windows = app.services.reply_windows
    first = app.clock.now()
    await windows.receipts(OA, "u1", ["m1"], seen=False, at=first)
    clock.advance(minutes=5)
    await windows.receipts(OA, "u1", ["m1", "m1", ""], seen=True, at=app.clock.now())
    clock.advance(minutes=5)
    await windows.receipts(OA, "u1", ["m1"], seen=True, at=app.clock.now())
    # Another chat's receipt naming the same id changes nothing here.
    await windows.receipts(OA, "u2", ["m1"], seen=True, at=app.clock.now())
    (row,) = await deliveries(app)
    assert row.received_at == first
    assert row.seen_at == first + timedelta(minutes=5)
