"""Fixtures: the fake Telegram and Zalo servers and the bot running against them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.e2e.harness import RunningBot, telegram_settings
from tests.e2e.zalo_harness import ZaloBot, free_port, zalo_settings
from tests.e2e.zalo_oa_harness import OaBot, oa_settings
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_api import FakeZaloApi
from tests.fakes.fake_zalo_oa import FakeZaloOa
from tests.fakes.telegram import FakeTelegramApi


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramApi]:
    """A fake Bot API server on 127.0.0.1."""
    async with FakeTelegramApi(bot_username="thidua_vp_bot") as server:
        yield server
        server.assert_no_unknown_calls()
        assert server.internal_errors == []


@pytest.fixture
async def bot(
    fake: FakeTelegramApi, database_url: str, clock: FakeClock
) -> AsyncIterator[RunningBot]:
    """The bot, started like ``python -m bot run`` against the fake server."""
    running = RunningBot(telegram_settings(database_url, fake), clock)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


@pytest.fixture
async def fake_zalo() -> AsyncIterator[FakeZaloApi]:
    """A fake Zalo Bot API server on 127.0.0.1."""
    async with FakeZaloApi() as server:
        yield server


@pytest.fixture
async def zalo_bot(
    fake_zalo: FakeZaloApi, database_url: str, clock: FakeClock
) -> AsyncIterator[ZaloBot]:
    """The bot on Zalo only, polling the fake server."""
    running = ZaloBot(zalo_settings(database_url, fake_zalo), clock)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


@pytest.fixture
async def fake_oa(clock: FakeClock) -> AsyncIterator[FakeZaloOa]:
    """A fake Zalo OA platform on 127.0.0.1, on the test's clock."""
    async with FakeZaloOa(now=clock.now) as server:
        yield server


@pytest.fixture
async def oa_bot(fake_oa: FakeZaloOa, database_url: str, clock: FakeClock) -> AsyncIterator[OaBot]:
    """The bot on the Zalo OA only, its webhook registered with the fake."""
    running = OaBot(oa_settings(database_url, fake_oa, free_port()), clock, fake_oa)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()
