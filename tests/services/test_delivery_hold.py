"""Holding a batch of deliveries the Zalo OA may not send now: each goes by the member's next
channel, or waits with its own reason; one transaction for the batch."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from bot.ports import Channel, Document, Outgoing, Reply
from bot.services.delivery import Held, outbox
from models import AuditEntry, Delivery, DeliveryStatus
from tests.services.broadcasts_seed import add_member, deliveries

OA, TG, ZL = Channel.ZALO_OA, Channel.TELEGRAM, Channel.ZALO


async def queue(app: App, chat: str, member_id: int | None, reply: Reply) -> int:
    async with app.sessions.begin() as session:
        outbox.enqueue(
            session, [Outgoing(OA, chat, reply)], now=app.clock.now(), member_id=member_id
        )
        await session.flush()
        return int(await session.scalar(select(Delivery.id).order_by(Delivery.id.desc())) or 0)


async def test_a_batch_goes_by_other_channels_or_waits_each_with_its_reason(app: App) -> None:
    on_telegram = await add_member(
        app, "CNTT", "An", accounts=((OA, "u1", False), (TG, "91", False))
    )
    on_zalo = await add_member(
        app, "CNTT", "Bình", accounts=((OA, "u2", False), (ZL, "z2", False))
    )
    oa_only = await add_member(app, "CNTT", "Chi", accounts=((OA, "u3", False),))
    blocked_elsewhere = await add_member(
        app, "CNTT", "Dũng", accounts=((OA, "u4", False), (TG, "94", True))
    )
    file = Document("ke-hoach.pdf", file_id="oa-file-1")
    ids = [
        await queue(app, "u1", on_telegram.id, Reply("Thông báo", document=file)),
        await queue(app, "u2", on_zalo.id, Reply("Thông báo")),
        await queue(app, "u3", oa_only.id, Reply("Thông báo")),
        await queue(app, "u4", blocked_elsewhere.id, Reply("Thông báo")),
        await queue(app, "group-1", None, Reply("Thông báo")),
    ]
    reasons = ["out_of_window", "out_of_window", "inactive", "out_of_quota", "out_of_window"]
    moved = await app.services.outbox.hold(
        OA, [Held(i, "outside the reply window", r) for i, r in zip(ids, reasons, strict=True)]
    )
    assert moved == {ids[0], ids[1]}
    rows = {row.id: row for row in await deliveries(app)}
    first, second = rows[ids[0]], rows[ids[1]]
    assert (first.channel, first.chat_id, first.status) == ("telegram", "91", "pending")
    assert (second.channel, second.chat_id, second.status) == ("zalo", "z2", "pending")
    assert (first.rerouted_from, first.outcome) == ("zalo_oa", "out_of_window")
    assert "document" not in first.payload and "ke-hoach.pdf" in first.payload["text"]
    assert [(rows[i].status, rows[i].outcome) for i in ids[2:]] == [
        (DeliveryStatus.WAITING, "inactive"),
        (DeliveryStatus.WAITING, "out_of_quota"),
        (DeliveryStatus.WAITING, "out_of_window"),
    ]
    async with app.sessions() as session:
        audited = (
            await session.scalars(
                select(AuditEntry.entity_id).where(AuditEntry.action == "delivery.rerouted")
            )
        ).all()
    assert sorted(audited) == sorted(str(i) for i in ids[:2])
