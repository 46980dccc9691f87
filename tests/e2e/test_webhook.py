"""Webhook mode: Telegram posts updates to us with the secret-token header."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.app import open_app
from bot.channels.telegram.application import TelegramChannel
from bot.ports import Channel
from handlers import catalog
from tests.conftest import make_settings
from tests.e2e.harness import TOKEN
from tests.fakes.clock import FakeClock
from tests.fakes.fake_telegram_api import FakeTelegramApi

SECRET = "s3cr3t-Token_123"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def webhook(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[str]:
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
        },
    )
    app = await open_app(settings, clock=clock)
    channel = TelegramChannel(settings, app.router, catalog.menu_for(None, app.texts))
    await channel.start(webhook=True)
    app.messengers[Channel.TELEGRAM] = channel.messenger
    await app.start_background()
    try:
        yield f"http://127.0.0.1:{port}/telegram"
    finally:
        await channel.stop()
        await app.close()


async def test_update_with_the_secret_is_answered(webhook: str, fake: FakeTelegramApi) -> None:
    (set_webhook,) = fake.calls_to("setWebhook")
    assert set_webhook.params["url"] == "https://bot.example.vn/telegram"
    assert set_webhook.params["secret_token"] == SECRET
    update = fake.push_message(8001, "/start", queue=False)
    async with aiohttp.ClientSession() as http:
        response = await http.post(
            webhook, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        assert response.status == 200
    await fake.wait_sent(8001, 1)
    assert "lời mời" in fake.last_text(8001)


async def test_update_without_the_right_secret_is_refused(
    webhook: str, fake: FakeTelegramApi
) -> None:
    update = fake.push_message(8002, "/start", queue=False)
    async with aiohttp.ClientSession() as http:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            response = await http.post(webhook, json=update, headers=headers)
            assert response.status == 403
    assert fake.sent_count_to(8002) == 0
