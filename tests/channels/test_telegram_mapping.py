"""Telegram updates become neutral values, and replies become Telegram markup."""

from __future__ import annotations

from typing import Any

from telegram import Bot, Update

from bot.callbacks import MenuAction
from bot.channels.telegram.mapping import bot_commands, keyboard, to_incoming
from bot.ports import Button, Channel, ChatKind, Command, Reply
from tests.fakes.telegram import FakeTelegramApi

BOT = Bot("1:TEST")


def update(payload: dict[str, Any]) -> Update:
    return Update.de_json(payload, BOT)


def test_private_text_message() -> None:
    fake = FakeTelegramApi()
    incoming = to_incoming(
        update(fake.push_message(42, "Xin chào", first_name="Lan", queue=False))
    )
    assert incoming is not None
    assert (incoming.channel, incoming.chat_id, incoming.user_id) == (Channel.TELEGRAM, "42", "42")
    assert (incoming.text, incoming.chat_kind, incoming.display_name) == (
        "Xin chào",
        ChatKind.PRIVATE,
        "Lan",
    )
    assert incoming.update_key == "1"


def test_group_message_is_marked_as_group() -> None:
    fake = FakeTelegramApi()
    raw = fake.push_message(
        42, "/bangxephang", chat_id=-100500, chat_type="supergroup", queue=False
    )
    incoming = to_incoming(update(raw))
    assert incoming is not None
    assert (incoming.chat_id, incoming.chat_kind) == ("-100500", ChatKind.GROUP)


def test_button_press_carries_its_data_and_message() -> None:
    fake = FakeTelegramApi()
    raw = fake.push_callback(42, MenuAction("kehoach").pack(), message_id=7, queue=False)
    incoming = to_incoming(update(raw))
    assert incoming is not None
    assert (incoming.callback, incoming.message_id, incoming.text) == ("m:kehoach", "7", None)


def test_document_becomes_a_file_reference_with_its_caption() -> None:
    fake = FakeTelegramApi()
    raw = fake.push_document(42, "Báo cáo.pdf", b"%PDF-1.4", caption="Báo cáo năm", queue=False)
    incoming = to_incoming(update(raw))
    assert incoming is not None and incoming.file is not None
    assert (incoming.file.name, incoming.file.mime_type, incoming.file.size) == (
        "Báo cáo.pdf",
        "application/pdf",
        8,
    )
    assert incoming.text == "Báo cáo năm"


def test_updates_from_bots_and_other_kinds_are_ignored() -> None:
    fake = FakeTelegramApi()
    raw = fake.push_message(42, "hi", queue=False)
    raw["message"]["from"]["is_bot"] = True
    assert to_incoming(update(raw)) is None
    assert to_incoming(update({"update_id": 9, "poll": None})) is None


def test_reply_buttons_become_an_inline_keyboard_in_rows() -> None:
    reply = Reply(
        "Chọn",
        buttons=((Button("Một", "m:a"), Button("Hai", "m:b")), (Button("Ba", "m:c"),)),
    )
    markup = keyboard(reply)
    assert markup is not None
    assert [[b.text for b in row] for row in markup.inline_keyboard] == [["Một", "Hai"], ["Ba"]]
    assert markup.inline_keyboard[1][0].callback_data == "m:c"
    assert keyboard(Reply("Không nút")) is None


def test_command_menu_encoding_keeps_names_and_trims_descriptions() -> None:
    commands = bot_commands((Command("kehoach", "x" * 300),))
    assert commands[0].command == "kehoach"
    assert len(commands[0].description) == 256
