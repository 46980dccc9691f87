"""Fixtures of the channel tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from bot.channels.telegram.messenger import TelegramMessenger
from bot.channels.telegram.transport import AiohttpRequest
from tests.fakes.telegram import FakeTelegramApi


@pytest.fixture
async def messenger() -> AsyncIterator[tuple[FakeTelegramApi, TelegramMessenger]]:
    """The Telegram messenger sending through a fake Bot API server."""
    async with FakeTelegramApi(bot_username="channel_bot") as fake:
        bot = Bot(
            "123:CHANNEL",
            base_url=fake.base_url,
            base_file_url=fake.base_file_url,
            request=AiohttpRequest(2),
            get_updates_request=AiohttpRequest(1),
        )
        async with bot:
            yield fake, TelegramMessenger(bot)
