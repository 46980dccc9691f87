"""What the platforms report about the bot's place in chats: a person blocking or unblocking
it, the bot added to or removed from a group; reports applied in the platform's order."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from bot.app import App
from bot.ports import Channel, ChatKind, ChatMembership, Outgoing, Reply
from bot.roles import Role
from bot.services.common import TurnCache
from bot.services.delivery import ChatStateService, Claimed, outbox
from models import AuditEntry, ChannelAccount, Delivery
from tests.fakes.clock import FakeClock
from tests.services.broadcasts_seed import add_member

TG = Channel.TELEGRAM
GROUP = "-100200"


def person(chat: str, present: bool, at: datetime, sequence: int = 0) -> ChatMembership:
    return ChatMembership(TG, chat, ChatKind.PRIVATE, present, at, sequence)


def group(present: bool, at: datetime, sequence: int = 0) -> ChatMembership:
    return ChatMembership(TG, GROUP, ChatKind.GROUP, present, at, sequence, "Tổ thi đua")


async def blocked(app: App, chat: str) -> bool:
    async with app.sessions() as session:
        return bool(
            await session.scalar(
                select(ChannelAccount.blocked).where(ChannelAccount.chat_id == chat)
            )
        )


async def office_texts(app: App, chat: str) -> list[str]:
    async with app.sessions() as session:
        rows = await session.scalars(select(Delivery).where(Delivery.chat_id == chat))
        return [row.payload["text"] for row in rows]


def claimed(delivery_id: int, chat: str, *, is_group: bool = False) -> Claimed:
    return Claimed(delivery_id, TG, chat, is_group, Reply("x"), 1)


async def test_blocking_and_unblocking_mark_the_account_at_once(app: App) -> None:
    await add_member(app, "CNTT", "An", chat="7001")
    states = app.services.chat_states
    now = app.clock.now()

    assert await states.changed(person("7001", False, now, 10))
    assert await blocked(app, "7001")
    assert await states.unreachable([claimed(1, "7001"), claimed(2, "7002")]) == {1}

    assert await states.changed(person("7001", True, now + timedelta(minutes=1), 11))
    assert not await blocked(app, "7001")
    assert await states.unreachable([claimed(1, "7001")]) == set()
    async with app.sessions() as session:
        actions = list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-2:] == ["account.blocked", "account.unblocked"]


async def test_an_older_or_repeated_report_changes_nothing(app: App) -> None:
    await add_member(app, "CNTT", "An", chat="7001")
    states = app.services.chat_states
    now = app.clock.now()

    assert await states.changed(person("7001", True, now, 20))
    # The block came first but arrived late: the person has unblocked since.
    assert not await states.changed(person("7001", False, now - timedelta(minutes=5), 19))
    assert not await blocked(app, "7001")
    # Within one second the platform's update number orders them; a redelivery is ignored.
    assert await states.changed(person("7001", False, now, 21))
    assert not await states.changed(person("7001", False, now, 21))
    assert not await states.changed(person("7001", True, now, 20))
    assert await blocked(app, "7001")


async def test_a_refused_send_after_the_report_keeps_the_person_blocked(
    app: App, clock: FakeClock
) -> None:
    member = await add_member(app, "CNTT", "An", chat="7001")
    reported = app.clock.now()
    clock.advance(minutes=10)
    async with app.sessions.begin() as session:
        outbox.enqueue(
            session, [Outgoing(TG, "7001", Reply("Họp"))], now=clock.now(), member_id=member.id
        )
        await session.flush()
        delivery = await session.scalar(select(Delivery.id))
    assert delivery is not None
    await app.services.outbox.mark_blocked(delivery, TG, "7001", "Forbidden: bot was blocked")

    # An "unblocked" report dated before that refusal, delivered only now, is stale.
    assert await app.services.chat_states.changed(person("7001", True, reported))
    assert await blocked(app, "7001")


async def test_the_office_hears_once_when_the_bot_leaves_the_announcement_group(
    app: App,
) -> None:
    await add_member(app, "VP", "Văn Phòng", Role.OFFICE, chat="9000")
    states = ChatStateService(
        app.sessions, app.clock, TurnCache(app.clock), app.texts, watched={(TG, GROUP)}
    )
    rang: list[bool] = []
    states.add_listener(lambda: rang.append(True))
    now = app.clock.now()

    assert await states.changed(group(True, now, 1))  # the bot added: nothing to tell
    assert await office_texts(app, "9000") == []
    assert await states.changed(group(False, now + timedelta(seconds=1), 2))
    assert await states.changed(group(False, now + timedelta(seconds=2), 3))  # kicked after left
    texts = await office_texts(app, "9000")
    assert len(texts) == 1 and "xoá khỏi nhóm <b>Tổ thi đua</b>" in texts[0]
    assert rang == [True]
    assert await states.unreachable([claimed(5, GROUP, is_group=True)]) == {5}

    assert await states.changed(group(True, now + timedelta(seconds=3), 4))
    texts = await office_texts(app, "9000")
    assert len(texts) == 2 and "thêm lại vào nhóm" in texts[1]
    assert await states.unreachable([claimed(5, GROUP, is_group=True)]) == set()


async def test_other_groups_are_recorded_without_telling_anyone(app: App) -> None:
    await add_member(app, "VP", "Văn Phòng", Role.OFFICE, chat="9000")
    states = app.services.chat_states
    assert await states.changed(group(False, app.clock.now()))
    assert await office_texts(app, "9000") == []
    assert await states.unreachable([claimed(6, GROUP, is_group=True)]) == {6}
