"""Webhook mode: only Telegram, with the secret, on the unguessable path, gets in.

The bot runs its own webhook server against the fake Bot API server; requests come over real
HTTP (and, where the order of bytes matters, a raw socket).
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest

from bot.app import open_app
from bot.channels.telegram.application import TelegramChannel
from bot.channels.telegram.webhook import SECRET_HEADER
from bot.ports import Channel
from handlers.common import catalog
from tests.conftest import make_settings
from tests.e2e.harness import TOKEN
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi

SECRET = "s3cr3t-Token_123-and-more"
ADMIN = 1000  # a Telegram admin of make_settings
OUTSIDER = 6666


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def webhook(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[str]:
    """The bot in webhook mode; yields the local URL Telegram was told to post to."""
    port = free_port()
    settings = make_settings(
        database_url,
        telegram={
            "token": TOKEN,
            "base_url": fake.base_url,
            "base_file_url": fake.base_file_url,
            "mode": "webhook",
            "webhook_listen": "127.0.0.1",
            "webhook_port": port,
            "webhook_path": "telegram",
            "webhook_url": "https://bot.example.vn/telegram",
            "webhook_secret": SECRET,
            "webhook_max_body_kb": 64,
        },
    )
    app = await open_app(settings, clock=clock)
    channel = TelegramChannel(settings, app.router, catalog.menu_for(None, app.texts))
    await channel.start(webhook=True)
    app.messengers[Channel.TELEGRAM] = channel.messenger
    await app.start_background()
    try:
        (set_webhook,) = fake.calls_to("setWebhook")
        yield f"http://127.0.0.1:{port}{urlsplit(set_webhook.params['url']).path}"
    finally:
        await channel.stop()
        await app.close()


async def post(url: str, body: bytes | dict[str, Any], secret: str | None = SECRET) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    async with aiohttp.ClientSession() as http, http.post(url, data=data, headers=headers) as r:
        return r.status


def forged_office_screen(fake: FakeTelegramApi) -> dict[str, Any]:
    """An update claiming the admin typed /duyet, in an outsider's chat."""
    update = fake.push_message(ADMIN, "/duyet", queue=False)
    update["message"]["chat"]["id"] = OUTSIDER
    return update


async def test_the_registered_url_is_unguessable_and_carries_the_secret(
    webhook: str, fake: FakeTelegramApi
) -> None:
    (set_webhook,) = fake.calls_to("setWebhook")
    url = set_webhook.params["url"]
    assert url.startswith("https://bot.example.vn/telegram/")
    segment = url.rsplit("/", 1)[1]
    assert len(segment) == 32
    assert SECRET not in url
    assert set_webhook.params["secret_token"] == SECRET


async def test_update_with_the_secret_is_answered(webhook: str, fake: FakeTelegramApi) -> None:
    update = fake.push_message(8001, "/start", queue=False)
    assert await post(webhook, update) == 200
    await fake.wait_sent(8001, 1)
    assert "lời mời" in fake.last_text(8001)


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET[:-1], SECRET + "x"])
async def test_forged_updates_without_the_secret_reach_nobody(
    webhook: str, fake: FakeTelegramApi, secret: str | None
) -> None:
    assert await post(webhook, forged_office_screen(fake), secret=secret) == 403
    # A good update afterwards is answered, so nothing was merely slow.
    assert await post(webhook, fake.push_message(8003, "/start", queue=False)) == 200
    await fake.wait_sent(8003, 1)
    assert fake.sent_count_to(OUTSIDER) == 0


async def test_the_guessable_default_path_is_not_a_door(
    webhook: str, fake: FakeTelegramApi
) -> None:
    base = webhook.rsplit("/", 1)[0]
    for path in (base, base + "/", base + "/0" * 16, webhook.rsplit("/", 2)[0] + "/telegram2"):
        assert await post(path, forged_office_screen(fake)) == 404
    assert fake.sent_count_to(OUTSIDER) == 0


GARBAGE: dict[str, bytes] = {
    "empty": b"",
    "not json": b"<html>hello</html>",
    "not utf-8": b"\xff\xfe{",
    "a list": b"[1, 2, 3]",
    "a string": b'"update"',
    "a number": b"42",
    "null": b"null",
    "no update_id": b'{"message": {"text": "hi"}}',
    "update_id a string": b'{"update_id": "7"}',
    "deeply nested": b'{"update_id": 1, "x": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    "deeper than the parser": b"[" * 30_000 + b"]" * 30_000,
    "message without a date": json.dumps(
        {
            "update_id": 9,
            "message": {"message_id": 1, "chat": {"id": 1, "type": "private"}, "text": "/start"},
        }
    ).encode(),
    "message a string": b'{"update_id": 9, "message": "hi"}',
    "callback without chat_instance": b'{"update_id": 9, "callback_query": {"id": "1"}}',
}


@pytest.mark.parametrize("name", sorted(GARBAGE))
async def test_garbage_is_a_400_without_a_traceback(
    webhook: str, fake: FakeTelegramApi, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    caplog.set_level(logging.INFO)
    assert await post(webhook, GARBAGE[name]) == 400
    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []
    assert await post(webhook, fake.push_message(8004, "/start", queue=False)) == 200
    await fake.wait_sent(8004, 1)


async def test_a_body_over_the_cap_is_refused(webhook: str, fake: FakeTelegramApi) -> None:
    update = fake.push_message(8005, "/start", queue=False)
    update["padding"] = "x" * (64 * 1024)
    assert await post(webhook, update) == 413

    async def chunked() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield b" " * 1024

    headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
    async with (
        aiohttp.ClientSession() as http,
        http.post(webhook, data=chunked(), headers=headers) as response,
    ):
        assert response.status == 413
    assert fake.sent_count_to(8005) == 0


async def raw_request(url: str, head: str) -> bytes:
    """Send only the request line and headers, then read the answer (no body is ever sent)."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        writer.write(head.replace("{path}", parts.path).encode())
        await writer.drain()
        return await asyncio.wait_for(reader.readline(), timeout=10)
    finally:
        writer.close()


async def test_the_secret_is_checked_before_any_of_the_body_is_read(webhook: str) -> None:
    announced = 90 * 1024 * 1024
    wrong = (
        "POST {path} HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
        f"{SECRET_HEADER}: wrong\r\nContent-Length: {announced}\r\n\r\n"
    )
    assert b" 403 " in await raw_request(webhook, wrong)
    # With the secret, a body announced over the cap is refused before it is sent.
    right = wrong.replace(f"{SECRET_HEADER}: wrong", f"{SECRET_HEADER}: {SECRET}")
    assert b" 413 " in await raw_request(webhook, right)
