"""Following a broadcast: progress notes, finishing, the delivery report and the lists.

Deliveries are settled straight through the outbox service (claim, then mark), as the worker
would. The progress interval is the configured one (3 seconds); the clock is moved by hand.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import errors
from bot.app import App
from bot.ports import Channel
from bot.roles import Role
from bot.services.broadcasts.audiences import Audience, AudienceKind
from bot.services.broadcasts.records import StatusNote
from models import Broadcast, BroadcastState, DeliveryStatus, Reminder
from tests.fakes.clock import FakeClock
from tests.services.broadcasts_seed import STATUS_CHAT, add_member, deliveries, draft, org

EVERY = 3.0


async def state(app: App, broadcast_id: int) -> str:
    async with app.sessions() as session:
        row = await session.get_one(Broadcast, broadcast_id)
        return row.state


async def settle(app: App, chats: dict[str, str]) -> None:
    """Claim everything due and settle the given chats: "sent", "failed" or "blocked"."""
    outbox = app.services.outbox
    for item in await outbox.claim(100):
        outcome = chats.get(item.chat_id)
        if outcome == "sent":
            await outbox.mark_sent(item.id)
        elif outcome == "failed":
            await outbox.mark_failed(item.id, "Bad Request: chat not found")
        elif outcome == "blocked":
            await outbox.mark_blocked(item.id, item.channel, item.chat_id, "Forbidden")
        else:
            await outbox.retry_at(item.id, app.clock.now(), "later", count=False)


def shown(note: StatusNote) -> tuple[str | None, int, int, int, bool]:
    return (
        note.message_id,
        note.counts.total,
        note.counts.settled,
        note.counts.problems,
        note.final,
    )


async def test_progress_notes_follow_the_sending_and_end_with_the_report(
    app: App, clock: FakeClock
) -> None:
    p = await org(app)
    service = app.services.broadcasts
    made = await service.create(p.office, draft(urgent=True), STATUS_CHAT)
    await service.start_due()
    first = await service.progress()
    assert [shown(n) for n in first] == [(None, 6, 2, 2, False)]
    assert (first[0].channel, first[0].chat_id) == STATUS_CHAT
    await service.set_status_message(made.id, "77")
    # Not again before the interval, and not at all while nothing changed.
    await settle(app, {"9000": "sent"})
    assert await service.progress() == []
    clock.advance(seconds=EVERY)
    assert [shown(n) for n in await service.progress()] == [("77", 6, 3, 2, False)]
    clock.advance(seconds=EVERY)
    assert await service.progress() == []
    await settle(app, {"9001": "sent", "9002": "failed"})
    clock.advance(seconds=EVERY)
    assert [shown(n) for n in await service.progress()] == [("77", 6, 5, 3, False)]
    assert await state(app, made.id) == BroadcastState.SENDING
    await settle(app, {"9004": "blocked"})
    clock.advance(seconds=EVERY)
    final = await service.progress()
    assert [shown(n) for n in final] == [("77", 6, 6, 4, True)]
    c = final[0].counts
    assert (c.sent, c.blocked, c.unreachable, c.failed) == (2, 2, 1, 1)
    assert await state(app, made.id) == BroadcastState.DONE
    clock.advance(seconds=EVERY)
    assert await service.progress() == []


async def test_the_first_note_is_repeated_until_its_message_is_known(
    app: App, clock: FakeClock
) -> None:
    p = await org(app)
    service = app.services.broadcasts
    await service.create(p.office, draft(urgent=True), STATUS_CHAT)
    await service.start_due()
    assert [shown(n) for n in await service.progress()] == [(None, 6, 2, 2, False)]
    # The status message could not be sent (set_status_message never called): try again.
    clock.advance(seconds=EVERY)
    assert [shown(n) for n in await service.progress()] == [(None, 6, 2, 2, False)]


async def test_everyone_out_of_reach_finishes_at_the_first_look(app: App) -> None:
    p = await org(app)
    await add_member(app, "VHTT-VY", "Dũng", accounts=((Channel.ZALO, "z1", True),))
    service = app.services.broadcasts
    vy_staff = draft(kind=AudienceKind.ROLES, units=(p.other_head.unit.id,), roles=(Role.STAFF,))
    made = await service.create(p.office, vy_staff, STATUS_CHAT)
    await service.start_due()
    assert [shown(n) for n in await service.progress()] == [(None, 2, 2, 2, True)]
    assert await state(app, made.id) == BroadcastState.DONE


async def test_a_reminder_broadcast_without_a_status_chat_still_finishes(
    app: App, clock: FakeClock
) -> None:
    p = await org(app)
    now = clock.now()
    async with app.sessions.begin() as session:
        reminder = Reminder(
            name="Nhắc",
            text="Nhắc {ho_ten}",
            audience=Audience(AudienceKind.EVERYONE).to_json(),
            cron="0 9 * * 1",
            urgent=True,
            created_at=now,
            updated_at=now,
        )
        session.add(reminder)
        await session.flush()
        row = Broadcast(
            reminder_id=reminder.id,
            fire_at=now,
            text=reminder.text,
            audience=reminder.audience,
            urgent=True,
            state=BroadcastState.SCHEDULED,
            send_at=now,
            starts_at=now,
            total=0,
            progress_text="",
            created_at=now,
        )
        session.add(row)
        await session.flush()
        broadcast_id = row.id
    service = app.services.broadcasts
    assert await service.start_due() == [broadcast_id]
    texts = {d.chat_id: d.payload["text"] for d in await deliveries(app)}
    assert texts["9002"] == "⏰ <b>Nhắc việc</b>\n\nNhắc An"
    assert await service.progress() == []
    await settle(app, dict.fromkeys(("9000", "9001", "9002", "9004"), "sent"))
    clock.advance(seconds=EVERY)
    assert await service.progress() == []
    assert await state(app, broadcast_id) == BroadcastState.DONE
    assert (await service.recent(p.office))[0].from_reminder is True


async def test_counts_lists_and_cancelling_are_for_the_sender_and_the_office(
    app: App, clock: FakeClock
) -> None:
    p = await org(app)
    service = app.services.broadcasts
    later = clock.now().replace(hour=8)  # 15:00 in Hà Nội
    mine = await service.create(p.head, draft(units=(p.head.unit.id,), send_at=later), STATUS_CHAT)
    office = await service.create(p.office, draft(urgent=True), STATUS_CHAT)
    await service.start_due()
    await settle(app, {"9002": "failed", "9004": "blocked"})
    assert [v.id for v in await service.recent(p.office)] == [office.id, mine.id]
    assert [v.id for v in await service.recent(p.head)] == [mine.id]
    assert await service.recent(p.staff) == []
    assert (await service.counts(p.head, mine.id)).total == 0
    for who in (p.head, p.other_head, p.staff):
        with pytest.raises(errors.BroadcastNotFound):
            await service.counts(who, office.id)
        with pytest.raises(errors.BroadcastNotFound):
            await service.undelivered(who, office.id)
        with pytest.raises(errors.BroadcastNotFound):
            await service.cancel(who, office.id)
    with pytest.raises(errors.BroadcastNotFound):
        await service.counts(p.office, office.id + 100)
    missed = await service.undelivered(p.office, office.id)
    assert [(u.full_name, u.unit, u.status) for u in missed] == [
        ("Bình", "Phòng Công nghệ thông tin", DeliveryStatus.BLOCKED),
        ("Trưởng VY", "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên", DeliveryStatus.BLOCKED),
        ("An", "Phòng Công nghệ thông tin", DeliveryStatus.FAILED),
        ("Chi", "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên", DeliveryStatus.UNREACHABLE),
    ]
    with pytest.raises(errors.BroadcastNotFound):
        await service.cancel(p.other_head, mine.id)
    with pytest.raises(errors.BroadcastStarted):
        await service.cancel(p.office, office.id)
    await service.cancel(p.head, mine.id)
    clock.advance(hours=7)
    assert await service.start_due() == []
    async with app.sessions() as session:
        states = dict((await session.execute(select(Broadcast.id, Broadcast.state))).all())
    assert states == {mine.id: BroadcastState.CANCELLED, office.id: BroadcastState.SENDING}
    with pytest.raises(errors.BroadcastStarted):
        await service.cancel(p.head, mine.id)
