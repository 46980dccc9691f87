"""Telegram's ``my_chat_member`` (the bot's own status in a chat) becomes a neutral
:class:`bot.ports.ChatMembership`; nothing else does."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Bot, Update

from bot.channels.telegram.mapping import to_incoming, to_membership
from bot.ports import Channel, ChatKind, ChatMembership
from tests.fakes.telegram import FakeTelegramApi

BOT = Bot("1:TEST")
DATE = 1_780_000_000


def membership(fake: FakeTelegramApi, chat: int, status: str, **extra: object) -> ChatMembership:
    raw = fake.push_my_chat_member(chat, status, date=DATE, queue=False, **extra)  # type: ignore[arg-type]
    update = Update.de_json(raw, BOT)
    assert to_incoming(update) is None  # never taken for something a person said
    found = to_membership(update)
    assert found is not None
    return found


def test_a_person_blocking_and_unblocking_the_bot() -> None:
    fake = FakeTelegramApi()
    blocked = membership(fake, 42, "kicked")
    assert blocked == ChatMembership(
        Channel.TELEGRAM,
        "42",
        ChatKind.PRIVATE,
        present=False,
        at=datetime.fromtimestamp(DATE, UTC),
        sequence=1,
    )
    assert membership(fake, 42, "member").present


def test_the_bot_added_to_and_removed_from_a_group() -> None:
    fake = FakeTelegramApi()
    group = {"by": 42, "chat_type": "supergroup", "title": "Tổ thi đua"}
    for status, present in (
        ("member", True),
        ("administrator", True),
        ("left", False),
        ("kicked", False),
    ):
        found = membership(fake, -100500, status, **group)
        assert (found.chat_id, found.chat_kind, found.title) == (
            "-100500",
            ChatKind.GROUP,
            "Tổ thi đua",
        )
        assert found.present is present


def test_other_updates_are_no_membership() -> None:
    fake = FakeTelegramApi()
    assert (
        to_membership(Update.de_json(fake.push_message(42, "Xin chào", queue=False), BOT)) is None
    )
