"""FakeTelegramApi delivering user activity: getUpdates, long polling, pushes, callbacks."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot, MessageEntity, Update
from telegram.error import BadRequest, Conflict
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

from tests.fakes.conftest import GROUP, TOKEN, USER, keyboard
from tests.fakes.telegram import FakeTelegramApi


async def test_get_updates_confirms_by_offset(bot: Bot, fake: FakeTelegramApi) -> None:
    for text in ("một", "hai", "ba"):
        fake.push_message(USER, text)

    first = await bot.get_updates(limit=2)
    assert [update.update_id for update in first] == [1, 2]
    assert fake.pending_updates == 3

    rest = await bot.get_updates(offset=3)
    assert [(u.update_id, u.message and u.message.text) for u in rest] == [(3, "ba")]
    assert (fake.pending_updates, fake.confirmed_offset) == (1, 3)

    assert await bot.get_updates(offset=4) == ()
    assert fake.pending_updates == 0


async def test_long_poll_is_woken_by_push_and_superseded_by_newer_poll(
    bot: Bot, fake: FakeTelegramApi
) -> None:
    # PTB serialises getUpdates on one connection, so a second poller needs a second Bot,
    # just like a second bot instance would.
    older = asyncio.create_task(bot.get_updates(timeout=30))
    await fake.wait_for(lambda: fake.active_polls == 1)
    async with Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as second:
        newer = asyncio.create_task(second.get_updates(timeout=30))

        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await older
        await fake.wait_for(lambda: fake.active_polls == 1)
        fake.push_message(USER, "dậy đi")

        async with asyncio.timeout(5):
            updates = await newer
    assert [u.message and u.message.text for u in updates] == ["dậy đi"]


async def test_long_poll_without_updates_returns_empty_after_timeout(bot: Bot) -> None:
    assert await bot.get_updates(timeout=1) == ()


async def test_pushed_command_gets_bot_command_entity(bot: Bot, fake: FakeTelegramApi) -> None:
    start = Update.de_json(fake.push_message(USER, "/start abc", queue=False), bot)
    top = Update.de_json(
        fake.push_message(USER, "/top@thidua_test_bot 5", chat_id=GROUP, chat_type="supergroup"),
        bot,
    )
    plain = fake.push_message(USER, "xin chào /start")

    assert start.message is not None and top.message is not None
    assert start.message.entities == (MessageEntity(MessageEntity.BOT_COMMAND, 0, 6),)
    assert top.message.entities == (MessageEntity(MessageEntity.BOT_COMMAND, 0, 20),)
    assert top.message.chat.type == "supergroup"
    assert "entities" not in plain["message"]
    assert fake.pending_updates == 2
    with pytest.raises(ValueError, match="explicit"):
        fake.push_message(USER, "x", chat_type="group")


async def test_callback_query_carries_current_message_and_is_answered_once(
    bot: Bot, fake: FakeTelegramApi
) -> None:
    markup = keyboard(("Đồng ý", "v1|ok|7"))
    sent = await bot.send_message(USER, "Xác nhận?", reply_markup=markup)

    update = Update.de_json(fake.push_callback(USER, fake.button_data(USER, "Đồng ý")), bot)
    forged = Update.de_json(fake.push_callback(USER, "v1|admin|1"), bot)

    query = update.callback_query
    assert query is not None and forged.callback_query is not None
    assert query.data == "v1|ok|7" and forged.callback_query.data == "v1|admin|1"
    assert query.message is not None and query.message.message_id == sent.message_id
    assert getattr(query.message, "reply_markup", None) == markup
    with pytest.raises(BadRequest):
        await query.answer("x" * 201)
    assert await query.answer("Đã ghi nhận")
    assert fake.callback_answers[query.id]["text"] == "Đã ghi nhận"
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await query.answer()


async def test_application_polling_round_trip(fake: FakeTelegramApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_user is not None
        await update.effective_message.reply_text(f"Chào {update.effective_user.first_name}")

    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(timeout=10)
        await app.start()
        fake.push_message(USER, "/start", first_name="Lan")
        await fake.wait_sent(USER, 1)
        await app.updater.stop()
        await app.stop()

    assert fake.last_text(USER) == "Chào Lan"
    assert fake.pending_updates == 0
    # The long poll PTB abandons on shutdown is answered 409 but not recorded.
    assert {call.status for call in fake.calls} == {200}
    fake.assert_no_unknown_calls()


async def test_wait_helpers_fail_with_a_description(fake: FakeTelegramApi) -> None:
    with pytest.raises(AssertionError, match=r"timed out after 0\.05s waiting for nothing"):
        await fake.wait_for(lambda: False, timeout=0.05, description="nothing")
    with pytest.raises(AssertionError, match=r"in chat 42.*\(got 0\)"):
        await fake.wait_sent(USER, 1, timeout=0.05)
    with pytest.raises(AssertionError, match="bot sent no message"):
        fake.last_text(USER)


async def test_updates_go_to_on_update_instead_of_get_updates(
    bot: Bot, fake: FakeTelegramApi
) -> None:
    handed: list[str] = []
    fake.on_update = lambda update: handed.append(update["message"]["text"])
    fake.push_message(USER, "qua webhook")

    assert handed == ["qua webhook"]
    assert await bot.get_updates() == ()


async def test_calls_are_still_answered_with_latency(bot: Bot, fake: FakeTelegramApi) -> None:
    fake.latency = 0.001

    sent = await bot.send_message(USER, "chậm một chút")

    assert sent.text == "chậm một chút"
