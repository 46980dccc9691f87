"""Zalo answers on time and keeps sending: idle long polls in both shapes Zalo uses, a 429 or
a 403 retried, a refused chart. The whole bot over real HTTP to the fake Zalo server; the
backoff waits are recorded instead of slept."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import pytest

from bot.ports import Channel
from tests.e2e.test_zalo_charts import scored_member
from tests.e2e.zalo_harness import ZaloBot, ZaloUser, free_port, zalo_settings
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_api import FakeZaloApi

Running = Callable[..., AbstractAsyncContextManager[tuple[ZaloBot, FakeZaloApi]]]


class Sleeps:
    """Records the Zalo client's and poller's backoff waits instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def running(database_url: str, clock: FakeClock, sleeps: Sleeps) -> Running:
    """Run the bot on a fake Zalo server (``idle_status``: its idle poll's HTTP status)."""

    @asynccontextmanager
    async def run(
        idle_status: int = 200, **zalo: object
    ) -> AsyncIterator[tuple[ZaloBot, FakeZaloApi]]:
        async with FakeZaloApi(max_wait=0.02, idle_status=idle_status) as fake:
            bot = ZaloBot(zalo_settings(database_url, fake, **zalo), clock, sleep=sleeps)
            await bot.start()
            try:
                yield bot, fake
            finally:
                await bot.stop()

    return run


@pytest.mark.parametrize("idle_status", [200, 408])
async def test_after_idle_polls_a_message_is_answered_at_once(
    running: Running, sleeps: Sleeps, caplog: pytest.LogCaptureFixture, idle_status: int
) -> None:
    async with running(idle_status) as (_, fake):

        def polls() -> int:
            return sum(method == "getUpdates" for method, _ in fake.calls)

        await fake.wait_for(lambda: polls() >= 20)
        before = polls()
        assert "thamgia" in await ZaloUser(fake, "stranger1").send("xin chào")
        [handed] = fake.handed_at
        assert handed - before in (0, 1)  # by the poll in hand or the next one
    assert sleeps.waits == []  # no backoff anywhere
    zalo_warnings = [
        r for r in caplog.records if r.name.startswith("bot.channels.zalo") and r.levelno >= 30
    ]
    assert zalo_warnings == []


@pytest.mark.parametrize("status", [429, 403])
async def test_one_429_or_403_delays_an_answer_only_by_a_retry(
    running: Running, sleeps: Sleeps, status: int
) -> None:
    async with running() as (bot, fake):
        user = ZaloUser(fake, "stranger1")
        fake.fail_next("sendMessage", status)
        assert "thamgia" in await user.send("xin chào")
        assert sleeps.waits == [0.5]
        assert "thamgia" in await user.send("chào lần nữa")  # Zalo is not held back
        usage = await bot.core.services.channel_quota.usage(Channel.ZALO)
        assert not usage.exhausted


async def test_a_refused_chart_still_brings_the_table_and_the_choices(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    async with running(public_base_url=public, http_port=port) as (bot, fake):
        user = await scored_member(bot, fake)
        fake.fail_next("sendPhoto", 404)
        shown = await user.send("bangxephang")
        assert [m.method for m in user.messages()[-1:]] == ["sendMessage"]
        assert "1. Phòng Công nghệ thông tin — 10 điểm" in shown
        assert bot.core.texts.t("zalo.delivery.photo_unavailable") in shown
        assert "Trả lời bằng một số" in shown
        assert all(m.method == "sendMessage" for m in user.messages())
    assert any("refused a picture" in r.getMessage() for r in caplog.records)
