"""FakeTelegramApi reporting the bot's own status in chats (``my_chat_member``), parsed by
python-telegram-bot, and honouring ``allowed_updates`` as Telegram does."""

from __future__ import annotations

import pytest
from telegram import Bot, ChatMemberAdministrator, ChatMemberBanned, ChatMemberMember, Update
from telegram.error import Forbidden

from tests.fakes.conftest import GROUP, USER
from tests.fakes.telegram import FakeTelegramApi


async def test_a_person_blocking_the_bot_arrives_as_telegram_shapes_it(
    bot: Bot, fake: FakeTelegramApi
) -> None:
    fake.push_my_chat_member(USER, "kicked", date=1_700_000_000)

    (update,) = await bot.get_updates()
    changed = update.my_chat_member
    assert changed is not None
    assert (changed.chat.id, changed.chat.type, changed.from_user.id) == (USER, "private", USER)
    assert int(changed.date.timestamp()) == 1_700_000_000
    assert isinstance(changed.old_chat_member, ChatMemberMember)
    assert isinstance(changed.new_chat_member, ChatMemberBanned)
    assert changed.new_chat_member.user.id == fake.bot_user["id"]
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(USER, "còn đó không?")

    fake.push_my_chat_member(USER, "member")
    await bot.send_message(USER, "chào lại")


async def test_the_bot_added_as_admin_and_removed_from_a_group(
    bot: Bot, fake: FakeTelegramApi
) -> None:
    added = Update.de_json(
        fake.push_my_chat_member(
            GROUP, "administrator", by=USER, chat_type="supergroup", title="Tổ thi đua"
        ),
        bot,
    )
    assert added.my_chat_member is not None
    assert isinstance(added.my_chat_member.new_chat_member, ChatMemberAdministrator)
    assert added.my_chat_member.chat.title == "Tổ thi đua"
    await bot.send_message(GROUP, "xin chào nhóm")

    fake.push_my_chat_member(GROUP, "left", by=USER, chat_type="supergroup")
    assert not fake.in_chat(GROUP)
    with pytest.raises(Forbidden, match="kicked from the group"):
        await bot.send_message(GROUP, "còn ai không?")


async def test_kinds_left_out_of_allowed_updates_are_not_created(
    bot: Bot, fake: FakeTelegramApi
) -> None:
    await bot.get_updates(allowed_updates=["message", "callback_query"])
    fake.push_my_chat_member(USER, "kicked")
    fake.push_message(USER, "xin chào")
    updates = await bot.get_updates()  # omitted: the previous setting stays
    assert [u.message is not None for u in updates] == [True]

    await bot.get_updates(offset=updates[-1].update_id + 1, allowed_updates=["my_chat_member"])
    fake.push_my_chat_member(USER, "member")
    fake.push_message(USER, "lại đây")
    assert [u.my_chat_member is not None for u in await bot.get_updates()] == [True]
