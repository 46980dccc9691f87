"""Photos (charts) on Telegram: the text first, then the PNG with its caption; errors mapped."""

from __future__ import annotations

import pytest

from bot.channels.telegram.messenger import CAPTION_LIMIT, TelegramMessenger
from bot.ports import Button, Photo, RecipientBlocked, Reply, RetryLater
from tests.fakes.telegram import FakeTelegramApi

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def test_text_then_photo_with_its_caption(
    messenger: tuple[FakeTelegramApi, TelegramMessenger],
) -> None:
    fake, sender = messenger
    reply = Reply(
        "<b>Bảng xếp hạng</b>",
        buttons=((Button("Cá nhân", "bx:m:year::m"),),),
        photo=Photo(PNG, "Bảng xếp hạng đơn vị · <b>Năm 2026</b>"),
    )
    await sender.send("42", reply)
    text, photo = fake.messages_to(42)
    assert (text.method, text.plain_text) == ("sendMessage", "Bảng xếp hạng")
    assert photo.method == "sendPhoto"
    assert photo.file_content == PNG
    assert photo.plain_text == "Bảng xếp hạng đơn vị · Năm 2026"
    assert fake.buttons(42) == [[("Cá nhân", "bx:m:year::m")]]  # on the text, above the chart


async def test_a_photo_alone_carries_the_buttons_and_a_trimmed_caption(
    messenger: tuple[FakeTelegramApi, TelegramMessenger],
) -> None:
    fake, sender = messenger
    reply = Reply("", buttons=((Button("Xem", "bx:u:year::u"),),), photo=Photo(PNG, "ả" * 2000))
    await sender.send("43", reply)
    [photo] = fake.messages_to(43)
    assert photo.method == "sendPhoto"
    assert photo.plain_text == "ả" * CAPTION_LIMIT
    assert fake.buttons(43) == [[("Xem", "bx:u:year::u")]]


async def test_editing_into_a_photo_sends_a_new_message(
    messenger: tuple[FakeTelegramApi, TelegramMessenger],
) -> None:
    fake, sender = messenger
    first = await sender.send("44", Reply("Chọn khoảng thời gian"))
    await sender.edit("44", first, Reply("Bảng mới", photo=Photo(PNG, "Ảnh"), edit=True))
    assert [m.method for m in fake.messages_to(44)] == ["sendMessage", "sendMessage", "sendPhoto"]


async def test_photo_errors_are_mapped_like_documents(
    messenger: tuple[FakeTelegramApi, TelegramMessenger],
) -> None:
    fake, sender = messenger
    fake.fail_next("sendPhoto", status=429, retry_after=4)
    with pytest.raises(RetryLater) as waited:
        await sender.send("45", Reply("", photo=Photo(PNG, "Ảnh")))
    assert waited.value.seconds == 4
    fake.block(46)
    with pytest.raises(RecipientBlocked):
        await sender.send("46", Reply("", photo=Photo(PNG, "Ảnh")))
