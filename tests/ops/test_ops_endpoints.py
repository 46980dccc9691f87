"""``/healthz`` and ``/metrics`` of a running bot: what an operator's probe and scraper see."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp
import pytest

from bot.app import App, open_app
from bot.channels.ops import OpsEndpoints
from bot.channels.webhook import HttpServer, web_app
from bot.cli_channels import Channels
from bot.config import Settings
from bot.config_ops import Ops
from bot.metrics import Metrics
from bot.ports import Channel, Outgoing, Reply
from bot.services.delivery import OutboxBacklog
from bot.texts import Texts
from models.db import create_engine, create_sessions
from tests.e2e.harness import TgUser, telegram_settings
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi

#: Nothing listens on port 1: the database there is "gone".
DEAD_DATABASE = "postgresql+asyncpg://postgres@127.0.0.1:1/thidua"


@dataclass
class Running:
    app: App
    base: str  # the ops endpoints' address


@asynccontextmanager
async def run_bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Running]:
    """The bot as ``python -m bot run`` starts it: channels, ops endpoints, background work."""
    texts = Texts.load()
    app = await open_app(settings, clock=clock, texts=texts, run_migrations=False)
    channels = Channels(app, settings, texts)
    try:
        await channels.start(telegram=True, zalo=False, webhook=False)
        await app.start_background()
        yield Running(app, f"http://127.0.0.1:{channels.servers.port('127.0.0.1', 0)}")
    finally:
        await channels.stop()
        await app.close()


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.text()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegramApi]:
    async with FakeTelegramApi(bot_username="thidua_vp_bot") as server:
        yield server


@pytest.fixture
def ops_settings(database_url: str, fake: FakeTelegramApi) -> Settings:
    return telegram_settings(database_url, fake, ops={"port": 0})


async def test_metrics_count_an_update_and_the_outbox_deliveries(
    fake: FakeTelegramApi, ops_settings: Settings, clock: FakeClock
) -> None:
    async with run_bot(ops_settings, clock) as bot:
        user = TgUser(fake, 4242, first_name="Nguyễn Văn An")
        await user.send("/start")
        outbox = bot.app.services.outbox
        await outbox.send_later([Outgoing(Channel.TELEGRAM, "4242", Reply("Thông báo"))])
        await fake.wait_sent(4242, 2)
        # Another chat: the same one would be paced a second later on the test's fixed clock.
        fake.fail_next("sendMessage", status=400, chat_id=4343)
        await outbox.send_later([Outgoing(Channel.TELEGRAM, "4343", Reply("Lỗi"))])
        await fake.wait_for(lambda: any(call.status == 400 for call in fake.calls))
        assert bot.app.worker is not None
        await bot.app.worker.settle()
        status, text = await get(f"{bot.base}/metrics")
    assert status == 200
    assert 'thidua_updates_handled_total{channel="telegram",outcome="replied"} 1.0' in text
    assert 'thidua_update_handling_seconds_count{channel="telegram"} 1.0' in text
    assert 'thidua_outbox_sent_total{channel="telegram"} 1.0' in text
    assert 'thidua_outbox_failed_total{channel="telegram"} 1.0' in text
    assert 'thidua_outbox_queued{channel="telegram"} 0.0' in text
    assert "thidua_scheduler_leader 1.0" in text
    assert "thidua_database_up 1.0" in text
    assert "4242" not in text and "Nguyễn" not in text


async def test_healthz_is_200_with_the_last_update_per_channel(
    fake: FakeTelegramApi, ops_settings: Settings, clock: FakeClock
) -> None:
    async with run_bot(ops_settings, clock) as bot:
        await TgUser(fake, 4242, first_name="Nguyễn Văn An").send("/start")
        clock.advance(seconds=30)
        status, text = await get(f"{bot.base}/healthz")
    assert status == 200
    body = json.loads(text)
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["outbox_lag_seconds"] == 0
    assert body["last_update_age_seconds"] == {"telegram": 30}
    assert "4242" not in text and "Nguyễn" not in text


async def test_healthz_is_503_when_the_database_is_gone(clock: FakeClock) -> None:
    engine = create_engine(DEAD_DATABASE)
    endpoints = OpsEndpoints(
        OutboxBacklog(create_sessions(engine), clock), Metrics(clock), clock, Ops()
    )
    application = web_app()
    endpoints.add_to(application)
    server = HttpServer(application, "127.0.0.1", 0)
    await server.start()
    try:
        health = await get(f"http://127.0.0.1:{server.port}/healthz")
        scraped = await get(f"http://127.0.0.1:{server.port}/metrics")
    finally:
        await server.stop()
        await engine.dispose()
    assert health[0] == 503
    assert json.loads(health[1]) | {"last_update_age_seconds": {}} == {
        "status": "unhealthy",
        "database": "error",
        "outbox_lag_seconds": None,
        "outbox_lag_max_seconds": None,
        "last_update_age_seconds": {},
    }
    # The scraper still gets an answer, saying the database is down.
    assert scraped[0] == 200 and "thidua_database_up 0.0" in scraped[1]


async def test_healthz_is_503_when_the_outbox_lags_beyond_its_limit(
    app: App, clock: FakeClock
) -> None:
    await app.services.outbox.send_later([Outgoing(Channel.TELEGRAM, "7", Reply("Nhắc"))])
    clock.advance(hours=2)  # no worker runs: the delivery waits

    def endpoints(limit: float) -> OpsEndpoints:
        backlog = OutboxBacklog(app.sessions, clock)
        return OpsEndpoints(backlog, app.metrics, clock, Ops(outbox_lag_max_seconds=limit))

    lagging = await endpoints(600).check()
    assert not lagging.healthy
    assert lagging.body["outbox_lag_seconds"] == 7200
    assert lagging.body["database"] == "ok"
    # Without a limit the lag is reported and the bot stays healthy.
    assert (await endpoints(0).check()).healthy
