"""A broadcast to people on the Zalo OA: the delivery report says who waits for the person to
write again and why, what went by another channel, and what the OA's readers saw; the
broadcast is done when only waiting deliveries are left, and they still go out later."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.formatting import strip_html
from bot.roles import Role
from models import Broadcast, BroadcastState, DeliveryStatus
from scheduler.broadcasts import status_reply
from tests.fakes.clock import FakeClock
from tests.scheduler.oa_rig import OA, TG, Rig, make_rig
from tests.services.broadcasts_seed import STATUS_CHAT, add_member, draft


async def people(rig: Rig) -> None:
    await rig.member("Lan", (OA, "u1", False))  # never wrote to the OA
    await rig.member("Minh", (OA, "u2", False), (TG, "602", False), prefer=OA)
    await rig.member("Hòa", (OA, "u3", False))
    await rig.member("Quang", (OA, "u4", False))
    await rig.wrote("u3")
    await rig.wrote("u4")
    rig.oa.refuse("u4", -230)  # Zalo knows Quang has not interacted for 7 days


async def test_the_report_counts_waiting_rerouted_and_seen(app: App, clock: FakeClock) -> None:
    rig = make_rig(app, clock)
    office = await add_member(app, "VP", "Văn Phòng", Role.OFFICE, chat="9000")
    await people(rig)
    service = app.services.broadcasts
    made = await service.create(office, draft("Họp lúc 14:00.", urgent=True), STATUS_CHAT)
    await service.start_due()
    await rig.drain()
    [hoa] = [row for row in await rig.rows() if row.chat_id == "u3"]
    assert hoa.message_id.startswith("oa-")  # the OA's id, which its receipts name
    receipts = app.services.reply_windows.receipts
    await receipts(OA, "u3", [hoa.message_id], seen=True, at=clock.now())

    [note] = await service.progress(now_or_never=True)
    counts = note.counts
    assert note.final and counts.done
    assert (counts.total, counts.sent, counts.problems) == (5, 3, 0)
    assert counts.waiting_by == (("inactive", 1), ("out_of_window", 1))
    assert (counts.rerouted, counts.seen) == (1, 1)
    async with app.sessions() as session:
        assert (await session.get_one(Broadcast, made.id)).state == BroadcastState.DONE

    reply = status_reply(app.texts, note)
    text = strip_html(reply.text)
    assert "Chờ người nhận nhắn tin cho Zalo OA: 2" in text
    assert "không tương tác với OA trong 7 ngày: 1" in text
    assert "quá 48 giờ kể từ lần nhắn cuối: 1" in text
    assert "gửi qua kênh khác của người nhận: 1" in text
    assert "Đã xem trên Zalo OA: 1" in text
    assert reply.buttons  # the list of who has not received it yet

    missed = await service.undelivered(office, made.id)
    assert {(u.full_name, u.status, u.outcome) for u in missed} == {
        ("Lan", DeliveryStatus.WAITING, "out_of_window"),
        ("Quang", DeliveryStatus.WAITING, "inactive"),
    }

    # Lan writes to the OA: her message goes, and the broadcast's figures follow.
    await rig.wrote("u1")
    await rig.drain()
    assert rig.oa.texts_to("u1") and "Họp lúc 14:00." in rig.oa.texts_to("u1")[0]
    counts = await service.counts(office, made.id)
    assert (counts.sent, counts.waiting) == (4, 1)


async def test_a_broadcast_with_nothing_waiting_reports_as_before(
    app: App, clock: FakeClock
) -> None:
    rig = make_rig(app, clock)
    office = await add_member(app, "VP", "Văn Phòng", Role.OFFICE, chat="9000")
    await rig.member("Hòa", (OA, "u3", False))
    await rig.wrote("u3")
    await app.services.broadcasts.create(office, draft(urgent=True), STATUS_CHAT)
    await app.services.broadcasts.start_due()
    await rig.drain()
    [note] = await app.services.broadcasts.progress(now_or_never=True)
    reply = status_reply(app.texts, note)
    assert "Zalo OA" not in reply.text
    assert reply.buttons == ()
    async with app.sessions() as session:
        states = (await session.scalars(select(Broadcast.state))).all()
    assert states == [BroadcastState.DONE]
