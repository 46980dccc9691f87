"""The aiohttp transport carries every kind of Bot API call PTB makes, and maps failures."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, RetryAfter

from bot.channels.telegram.transport import AiohttpRequest
from tests.fakes.telegram import FakeTelegramApi

TOKEN = "123:TRANSPORT"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramApi]:
    async with FakeTelegramApi(bot_username="transport_bot") as server:
        yield server


def make_bot(base_url: str, base_file_url: str = "") -> Bot:
    return Bot(
        TOKEN,
        base_url=base_url,
        base_file_url=base_file_url or base_url,
        request=AiohttpRequest(4),
        get_updates_request=AiohttpRequest(1),
    )


async def test_messages_buttons_and_unicode_arrive_intact(fake: FakeTelegramApi) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Đồng ý ✅", callback_data="m:ok")]])
    async with make_bot(fake.base_url, fake.base_file_url) as bot:
        assert bot.username == "transport_bot"
        sent = await bot.send_message(
            42, "<b>Chào</b> Nguyễn &amp; cộng sự", parse_mode="HTML", reply_markup=markup
        )
    assert sent.message_id > 0
    assert fake.messages_to(42)[-1].plain_text == "Chào Nguyễn & cộng sự"
    assert fake.buttons(42) == [[("Đồng ý ✅", "m:ok")]]


async def test_a_document_is_uploaded_as_multipart(fake: FakeTelegramApi) -> None:
    content = "Báo cáo thi đua\n".encode() * 1000
    async with make_bot(fake.base_url, fake.base_file_url) as bot:
        await bot.send_document(7, content, filename="bao-cao.txt", caption="Tệp <i>mới</i>")
    [message] = fake.messages_to(7)
    assert message.file_name == "bao-cao.txt"
    assert message.file_content == content
    assert message.plain_text == "Tệp <i>mới</i>"


async def test_telegram_errors_keep_their_meaning(fake: FakeTelegramApi) -> None:
    fake.fail_next("sendMessage", status=429, retry_after=3)
    async with make_bot(fake.base_url, fake.base_file_url) as bot:
        with pytest.raises(RetryAfter) as waited:
            await bot.send_message(1, "a")
        assert waited.value.retry_after == 3
        with pytest.raises(BadRequest, match="too long"):
            await bot.send_message(1, "x" * 5000)


async def test_an_unreachable_server_is_a_network_error_without_the_token() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest(1)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as failed:
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
        assert TOKEN not in str(failed.value)
    finally:
        await request.shutdown()


async def test_using_it_before_initialize_is_refused() -> None:
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest().do_request("http://127.0.0.1:9/", "POST")
