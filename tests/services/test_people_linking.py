"""Linking a member's second account: codes, refusals, the guess limit and the chosen channel."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot import errors
from bot.app import App
from bot.ports import Channel
from bot.roles import Role
from bot.services.common import TurnCache
from bot.services.common.views import MemberView
from bot.services.people import link_checks as checks
from bot.services.people.linking import Guesser, LinkingService
from models import AuditEntry, ChannelAccount, Delivery, LinkCode, Member
from tests.factories import make_member
from tests.fakes.clock import FakeClock

TG, ZL = Channel.TELEGRAM, Channel.ZALO


async def register(app: App, channel: Channel, user: str, role: Role = Role.STAFF) -> MemberView:
    return await make_member(
        app, user, role, channel=channel, chat_id=f"chat-{user}", name="Nguyễn Văn An"
    )


def on(channel: Channel, user: str) -> Guesser:
    return Guesser(channel, user, f"chat-{user}")


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def audits(app: App, action: str) -> int:
    async with app.sessions() as session:
        query = select(func.count()).where(AuditEntry.action == action)
        return int(await session.scalar(query) or 0)


async def test_joining_prefers_the_channel_joined_on(app: App) -> None:
    member = await register(app, ZL, "z1")
    async with app.sessions() as session:
        assert await session.scalar(select(Member.preferred_channel)) == "zalo"
    offer = await app.services.linking.offer(member, ZL)
    assert (offer.state.channels, offer.state.preferred) == ((ZL,), ZL)


async def test_a_code_links_the_other_channel_and_tells_the_first(
    app: App, clock: FakeClock
) -> None:
    member = await register(app, TG, "t1")
    offer = await app.services.linking.offer(member, TG)
    assert len(offer.code) == 6 and offer.code.isdigit()
    assert offer.expires_at == clock.now() + timedelta(minutes=10)
    linked = await app.services.linking.redeem(offer.code, on(ZL, "z1"))
    assert (linked.member.id, linked.channel, linked.told) == (member.id, ZL, 1)
    assert await app.services.members.find(ZL, "z1") == linked.member
    async with app.sessions() as session:
        account = (
            await session.scalars(select(ChannelAccount).where(ChannelAccount.channel == "zalo"))
        ).one()
        note = (await session.scalars(select(Delivery))).one()
    assert (account.member_id, account.chat_id) == (member.id, "chat-z1")
    assert (note.channel, note.chat_id) == ("telegram", "chat-t1")
    assert "Zalo" in note.payload["text"]
    assert await audits(app, "account.linked") == 1
    state = (await app.services.linking.offer(member, ZL)).state
    assert (state.channels, state.preferred) == ((TG, ZL), TG)


async def test_a_code_lives_ten_minutes(app: App, clock: FakeClock) -> None:
    member = await register(app, TG, "t1")
    offer = await app.services.linking.offer(member, TG)
    clock.advance(minutes=10)
    with pytest.raises(checks.LinkCodeExpired):
        await app.services.linking.redeem(offer.code, on(ZL, "z1"))
    offer = await app.services.linking.offer(member, TG)
    clock.advance(minutes=9, seconds=59)
    assert (await app.services.linking.redeem(offer.code, on(ZL, "z1"))).member.id == member.id


async def test_a_new_code_replaces_the_older_one(app: App) -> None:
    member = await register(app, TG, "t1")
    old = await app.services.linking.offer(member, TG)
    new = await app.services.linking.offer(member, TG)
    if old.code != new.code:
        with pytest.raises(checks.LinkCodeExpired):
            await app.services.linking.redeem(old.code, on(ZL, "z1"))
    await app.services.linking.redeem(new.code, on(ZL, "z1"))


async def test_a_code_links_once(app: App) -> None:
    member = await register(app, TG, "t1")
    offer = await app.services.linking.offer(member, TG)
    await app.services.linking.redeem(offer.code, on(ZL, "z1"))
    with pytest.raises(checks.LinkCodeUsed):
        await app.services.linking.redeem(offer.code, on(ZL, "z2"))


async def test_two_accounts_racing_for_one_code_one_wins(app: App) -> None:
    member = await register(app, TG, "t1")
    offer = await app.services.linking.offer(member, TG)
    results = await asyncio.gather(
        app.services.linking.redeem(offer.code, on(ZL, "z1")),
        app.services.linking.redeem(offer.code, on(ZL, "z2")),
        return_exceptions=True,
    )
    assert sum(not isinstance(r, BaseException) for r in results) == 1, results
    lost = [r for r in results if isinstance(r, BaseException)]
    assert all(isinstance(r, checks.LinkCodeUsed) for r in lost), lost
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(ChannelAccount)) == 2


@pytest.mark.parametrize("text", ["12345", "1234567", "12a456", "", "１２３４５６"])
async def test_anything_but_six_digits_is_malformed(app: App, text: str) -> None:
    with pytest.raises(checks.LinkCodeMalformed):
        await app.services.linking.redeem(text, on(ZL, "z1"))


async def test_each_refusal(app: App) -> None:
    member = await register(app, TG, "t1")
    other = await register(app, ZL, "z-other")
    offer = await app.services.linking.offer(member, TG)
    with pytest.raises(checks.LinkSameChannel):
        await app.services.linking.redeem(offer.code, on(TG, "t1"))
    with pytest.raises(checks.LinkTakenByOther):
        await app.services.linking.redeem(offer.code, on(ZL, "z-other"))
    with pytest.raises(checks.LinkCodeUnknown):  # a stranger on the code's own channel
        await app.services.linking.redeem(offer.code, on(TG, "t-stranger"))
    await app.services.linking.redeem(offer.code, on(ZL, "z1"))
    with pytest.raises(checks.LinkAlreadyDone):
        await app.services.linking.redeem(offer.code, on(ZL, "z1"))
    second = await app.services.linking.offer(member, TG)
    with pytest.raises(checks.LinkChannelTaken):  # a second Zalo account for the same member
        await app.services.linking.redeem(second.code, on(ZL, "z2"))
    assert other.id != member.id


async def test_five_wrong_codes_lock_the_account_for_ten_minutes_across_restarts(
    app: App, clock: FakeClock
) -> None:
    member = await register(app, TG, "t1")
    offer = await app.services.linking.offer(member, TG)
    for _ in range(5):
        with pytest.raises(checks.LinkCodeUnknown):
            await app.services.linking.redeem(wrong(offer.code), on(ZL, "z1"))
    with pytest.raises(checks.LinkLocked):
        await app.services.linking.redeem(offer.code, on(ZL, "z1"))
    cache = TurnCache(clock)  # a new process: nothing in memory
    restarted = LinkingService(app.sessions, clock, app.texts, app.services.outbox, cache)
    with pytest.raises(checks.LinkLocked):
        await restarted.redeem(offer.code, on(ZL, "z1"))
    assert await audits(app, checks.FAILED) == 5
    clock.advance(minutes=9)
    offer = await restarted.offer(member, TG)
    clock.advance(minutes=1, seconds=1)  # the first wrong code is now over ten minutes old
    assert (await restarted.redeem(offer.code, on(ZL, "z1"))).member.id == member.id


async def test_choosing_the_channel_to_be_told_on(app: App) -> None:
    member = await register(app, TG, "t1")
    await app.services.linking.redeem(
        (await app.services.linking.offer(member, TG)).code, on(ZL, "z1")
    )
    state = await app.services.linking.prefer(member, member.id, "zalo")
    assert (state.channels, state.preferred) == ((ZL, TG), ZL)
    assert await audits(app, "member.preferred_channel") == 1
    stranger = await register(app, TG, "t2")
    with pytest.raises(errors.NotAllowed):
        await app.services.linking.prefer(stranger, member.id, "telegram")
    with pytest.raises(checks.LinkNoAccount):
        await app.services.linking.prefer(stranger, stranger.id, "zalo")
    async with app.sessions() as session:
        rows = (await session.execute(select(Member.id, Member.preferred_channel))).all()
    assert dict(rows) == {member.id: "zalo", stranger.id: "telegram"}


async def test_codes_are_kept_for_the_audit(app: App) -> None:
    member = await register(app, TG, "t1")
    await app.services.linking.offer(member, TG)
    async with app.sessions() as session:
        code = (await session.scalars(select(LinkCode))).one()
    assert (code.member_id, code.channel, code.used_at) == (member.id, "telegram", None)
