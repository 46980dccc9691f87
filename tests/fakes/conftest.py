"""Shared setup of the FakeTelegramApi tests, driven through real python-telegram-bot objects.

PTB's own request encoding and error mapping are what the project's tests will rely on, so
every behaviour is checked through ``telegram.Bot`` (or ``Application``) talking HTTP to the
fake, plus a few raw HTTP requests for encodings PTB does not produce.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from tests.fakes.telegram import FakeTelegramApi

TOKEN = "123:TEST"
USER = 42
OTHER_USER = 43
GROUP = -1001234567890
PNG_1x2 = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x02" + b"\x00" * 16


def keyboard(*labels_and_data: tuple[str, str]) -> InlineKeyboardMarkup:
    """One-row inline keyboard of callback buttons."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in labels_and_data]]
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramApi]:
    async with FakeTelegramApi() as api:
        yield api


@pytest.fixture
async def bot(fake: FakeTelegramApi) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=fake.base_url, base_file_url=fake.base_file_url) as client:
        yield client
