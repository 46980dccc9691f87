"""Editing a screen on Telegram: only when something changed, so Telegram never answers 400."""

from __future__ import annotations

from bot.channels.telegram.messenger import TelegramMessenger
from bot.ports import Button, Reply
from tests.fakes.telegram import FakeTelegramApi

FIRST = Reply("<b>Mục I</b>", buttons=((Button("Sau ▶", "kh:2"),),))
SECOND = Reply("<b>Mục II</b>", buttons=((Button("◀ Trước", "kh:1"),),), edit=True)


def statuses(fake: FakeTelegramApi) -> list[int]:
    return [call.status for call in fake.calls_to("editMessageText")]


async def test_a_repeated_edit_is_not_sent(
    messenger: tuple[FakeTelegramApi, TelegramMessenger],
) -> None:
    fake, sender = messenger
    message_id = await sender.send("42", FIRST)
    await sender.edit("42", message_id, SECOND)
    await sender.edit("42", message_id, SECOND)  # the double tap
    assert statuses(fake) == [200]
    assert fake.last_text(42) == "<b>Mục II</b>"


async def test_editing_back_to_what_was_sent_first_is_skipped_too(
    messenger: tuple[FakeTelegramApi, TelegramMessenger],
) -> None:
    fake, sender = messenger
    message_id = await sender.send("42", FIRST)
    await sender.edit("42", message_id, FIRST)
    assert statuses(fake) == []
    await sender.edit("42", message_id, SECOND)
    await sender.edit("42", message_id, FIRST)
    assert statuses(fake) == [200, 200]
    assert fake.buttons(42) == [[("Sau ▶", "kh:2")]]


async def test_a_screen_from_before_a_restart_is_not_edited_again(
    messenger: tuple[FakeTelegramApi, TelegramMessenger],
) -> None:
    fake, sender = messenger
    message_id = await sender.send("42", FIRST)
    restarted = TelegramMessenger(sender._bot)
    await restarted.edit("42", message_id, FIRST)  # Telegram says "not modified" once
    await restarted.edit("42", message_id, FIRST)
    assert statuses(fake) == [400]
    assert fake.sent_count_to(42) == 1
