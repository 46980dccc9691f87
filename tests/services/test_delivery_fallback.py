"""One account per member: the preferred channel first, the other one when the first blocks."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.app import App
from bot.ports import Channel, Document, Outgoing, Reply
from bot.services.broadcasts.audiences import Audience, AudienceKind, Reach, resolve
from bot.services.delivery import outbox
from bot.services.delivery.recipients import reachable
from models import AuditEntry, ChannelAccount, DeliveryStatus, Member
from tests.services.broadcasts_seed import STATUS_CHAT, add_member, deliveries, draft, org

TG, ZL = Channel.TELEGRAM, Channel.ZALO
BOTH = ((TG, "9100", False), (ZL, "z9100", False))


async def queue(app: App, member_id: int, reply: Reply | None = None) -> None:
    async with app.sessions.begin() as session:
        message = Outgoing(TG, "9100", reply or Reply("Có thông báo mới"))
        outbox.enqueue(session, [message], now=app.clock.now(), member_id=member_id)


async def prefer(app: App, member_id: int, channel: Channel) -> None:
    async with app.sessions.begin() as session:
        await session.execute(
            update(Member).where(Member.id == member_id).values(preferred_channel=channel.value)
        )


async def block(app: App, chat: str) -> None:
    async with app.sessions.begin() as session:
        await session.execute(
            update(ChannelAccount).where(ChannelAccount.chat_id == chat).values(blocked=True)
        )


async def test_a_blocked_telegram_send_goes_to_zalo(app: App) -> None:
    member = await add_member(app, "CNTT", "An", accounts=BOTH)
    await queue(app, member.id)
    service = app.services.outbox
    (first,) = await service.claim(10)
    await service.mark_blocked(first.id, first.channel, first.chat_id, "Forbidden: blocked")
    (row,) = await deliveries(app)
    assert (row.channel, row.chat_id, row.status) == ("zalo", "z9100", DeliveryStatus.PENDING)
    (second,) = await service.claim(10)
    assert (second.id, second.channel, second.chat_id) == (first.id, ZL, "z9100")
    await service.mark_sent(second.id)
    assert (await deliveries(app))[0].status == DeliveryStatus.SENT
    async with app.sessions() as session:
        actions = (await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))).all()
        blocked = await session.scalar(
            select(ChannelAccount.blocked).where(ChannelAccount.chat_id == "9100")
        )
    assert actions[-2:] == ["account.blocked", "delivery.rerouted"]
    assert blocked is True


async def test_never_started_on_telegram_also_falls_back(app: App) -> None:
    member = await add_member(app, "CNTT", "An", accounts=BOTH)
    await queue(app, member.id)
    (first,) = await app.services.outbox.claim(10)
    await app.services.outbox.mark_blocked(
        first.id, first.channel, first.chat_id, "chat not found", never_started=True
    )
    assert (await deliveries(app))[0].channel == "zalo"


async def test_with_no_other_account_left_the_delivery_settles_blocked(app: App) -> None:
    member = await add_member(app, "CNTT", "An", accounts=((TG, "9100", False), (ZL, "z", True)))
    await queue(app, member.id)
    (first,) = await app.services.outbox.claim(10)
    await app.services.outbox.mark_blocked(first.id, first.channel, first.chat_id, "blocked")
    (row,) = await deliveries(app)
    assert (row.channel, row.status) == ("telegram", DeliveryStatus.BLOCKED)


async def test_a_file_of_the_first_channel_becomes_a_note(app: App) -> None:
    member = await add_member(app, "CNTT", "An", accounts=BOTH)
    await queue(app, member.id, Reply("Kế hoạch", document=Document("kh.pdf", file_id="F1")))
    (first,) = await app.services.outbox.claim(10)
    await app.services.outbox.mark_blocked(first.id, first.channel, first.chat_id, "blocked")
    (row,) = await deliveries(app)
    assert "document" not in row.payload
    assert row.payload["text"].startswith("Kế hoạch") and "kh.pdf" in row.payload["text"]


async def test_a_broadcast_counts_a_rerouted_delivery_as_sent(app: App) -> None:
    people = await org(app)
    linked = await add_member(app, "CNTT", "Dũng", accounts=BOTH)
    made = await app.services.broadcasts.create(people.office, draft(urgent=True), STATUS_CHAT)
    await app.services.broadcasts.start_due()
    service = app.services.outbox
    for item in await service.claim(50):
        if item.chat_id == "9100":
            await service.mark_blocked(item.id, item.channel, item.chat_id, "blocked")
        else:
            await service.mark_sent(item.id)
    (again,) = await service.claim(50)
    assert (again.channel, again.chat_id) == (ZL, "z9100")
    await service.mark_sent(again.id)
    counts = await app.services.broadcasts.counts(people.office, made.id)
    assert (counts.total, counts.sent, counts.blocked, counts.unreachable) == (7, 5, 1, 1)
    missed = await app.services.broadcasts.undelivered(people.office, made.id)
    assert linked.full_name not in {u.full_name for u in missed}


async def test_the_preferred_channel_wins_while_its_account_is_fine(app: App) -> None:
    member = await add_member(app, "CNTT", "An", accounts=BOTH)
    async with app.sessions() as session:
        assert await reachable(session, [member.id]) == [("telegram", "9100", member.id)]
    await prefer(app, member.id, ZL)
    async with app.sessions() as session:
        assert await reachable(session, [member.id, member.id]) == [("zalo", "z9100", member.id)]
    await block(app, "z9100")
    async with app.sessions() as session:
        assert await reachable(session, [member.id]) == [("telegram", "9100", member.id)]
    await block(app, "9100")
    async with app.sessions() as session:
        assert await reachable(session, [member.id]) == []


async def test_audiences_choose_one_account_honouring_the_preference(app: App) -> None:
    member = await add_member(app, "CNTT", "An", accounts=BOTH)
    await prefer(app, member.id, ZL)
    zone = app.settings.organisation.zone

    async def recipient() -> tuple[Reach, Channel | None, str | None]:
        async with app.sessions() as session:
            found = await resolve(
                session, Audience(AudienceKind.EVERYONE), now=app.clock.now(), zone=zone
            )
        (one,) = [r for r in found if r.member_id == member.id]
        return one.reach, one.channel, one.chat_id

    assert await recipient() == (Reach.OK, ZL, "z9100")
    await block(app, "z9100")
    assert await recipient() == (Reach.OK, TG, "9100")
    await block(app, "9100")
    assert await recipient() == (Reach.BLOCKED, ZL, "z9100")


async def test_a_linked_member_is_sent_one_copy(app: App) -> None:
    member = await add_member(app, "CNTT", "An", accounts=BOTH)
    other = await add_member(app, "CNTT", "Bình", chat="9200")
    async with app.sessions() as session:
        found = await reachable(session, [member.id, other.id, member.id])
    assert found == [("telegram", "9100", member.id), ("telegram", "9200", other.id)]
