"""The Zalo poller against the fake API: concurrency, recovery and shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.channels.zalo.client import ZaloClient, ZaloUnauthorized
from bot.channels.zalo.poller import ZaloPoller
from tests.fakes.fake_zalo_api import TOKEN, FakeZaloApi


class Handled:
    """Collects the texts of handled updates and wakes waiters as they arrive."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._changed = asyncio.Condition()

    async def add(self, update: dict[str, Any]) -> None:
        async with self._changed:
            self.texts.append(update["message"]["text"])
            self._changed.notify_all()

    async def wait(self, count: int) -> None:
        async with asyncio.timeout(5), self._changed:
            await self._changed.wait_for(lambda: len(self.texts) >= count)


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
async def fake() -> AsyncIterator[FakeZaloApi]:
    async with FakeZaloApi(max_wait=0.05) as server:
        yield server


@pytest.fixture
async def client(fake: FakeZaloApi) -> AsyncIterator[ZaloClient]:
    zalo = ZaloClient(TOKEN, fake.base_url, sleep=Sleeps(), retries=0)
    yield zalo
    await zalo.aclose()


async def test_queued_updates_are_handled(client: ZaloClient, fake: FakeZaloApi) -> None:
    handled = Handled()
    poller = ZaloPoller(client, handled.add, timeout=30)
    for text in ("một", "hai", "ba"):
        fake.push(fake.text_update("u1", text))
    running = asyncio.create_task(poller.run())
    await handled.wait(3)
    await poller.stop()
    await running
    assert sorted(handled.texts) == ["ba", "hai", "một"]


async def test_a_slow_handler_does_not_hold_up_polling(
    client: ZaloClient, fake: FakeZaloApi
) -> None:
    handled = Handled()
    gate = asyncio.Event()

    async def on_update(update: dict[str, Any]) -> None:
        if update["message"]["text"] == "chậm":
            await gate.wait()
        await handled.add(update)

    poller = ZaloPoller(client, on_update, timeout=30)
    fake.push(fake.text_update("u1", "chậm"))
    fake.push(fake.text_update("u1", "nhanh"))
    running = asyncio.create_task(poller.run())
    await handled.wait(1)
    assert handled.texts == ["nhanh"]
    stopping = asyncio.create_task(poller.stop())
    gate.set()
    await stopping
    assert running.done()
    assert handled.texts == ["nhanh", "chậm"]


@pytest.mark.parametrize("idle_status", [200, 408])
async def test_idle_polls_are_polled_again_at_once_and_quietly(
    fake: FakeZaloApi, caplog: pytest.LogCaptureFixture, idle_status: int
) -> None:
    fake.idle_status = idle_status  # HTTP 200 (the live API) or 408, error_code 408 both
    sleeps = Sleeps()
    client = ZaloClient(TOKEN, fake.base_url, sleep=sleeps)  # the default retries
    handled = Handled()
    poller = ZaloPoller(client, handled.add, timeout=30, sleep=sleeps)

    def polls() -> int:
        return sum(method == "getUpdates" for method, _ in fake.calls)

    running = asyncio.create_task(poller.run())
    try:
        await fake.wait_for(lambda: polls() >= 12)
        before = polls()
        fake.push(fake.text_update("u1", "sau khi chờ"))
        await handled.wait(1)
        [handed] = fake.handed_at
        assert handed - before in (0, 1)  # by the poll in hand or the next one
    finally:
        await poller.stop()
        await running
        await client.aclose()
    assert handled.texts == ["sau khi chờ"]
    assert sleeps.waits == []  # no backoff, in the client or the poller
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


async def test_server_errors_and_failing_handlers_do_not_stop_polling(
    client: ZaloClient, fake: FakeZaloApi, caplog: pytest.LogCaptureFixture
) -> None:
    handled = Handled()

    async def on_update(update: dict[str, Any]) -> None:
        if update["message"]["text"] == "hỏng":
            raise RuntimeError("handler exploded")
        await handled.add(update)

    sleeps = Sleeps()
    poller = ZaloPoller(client, on_update, timeout=30, sleep=sleeps)
    fake.fail_next("getUpdates", 502, times=2)
    fake.push(fake.text_update("u1", "hỏng"))
    fake.push(fake.text_update("u1", "ổn"))
    running = asyncio.create_task(poller.run())
    await handled.wait(1)
    await poller.stop()
    await running
    assert handled.texts == ["ổn"]
    assert sleeps.waits == [1.0, 2.0]
    assert any(
        r.levelno == logging.ERROR and r.exc_info and "handler exploded" in str(r.exc_info[1])
        for r in caplog.records
    )


async def test_a_wrong_token_ends_run(fake: FakeZaloApi) -> None:
    client = ZaloClient("1:wrong-token", fake.base_url, retries=0)
    try:
        with pytest.raises(ZaloUnauthorized):
            await ZaloPoller(client, Handled().add, timeout=30).run()
    finally:
        await client.aclose()


async def test_stop_before_run_returns_at_once(client: ZaloClient) -> None:
    poller = ZaloPoller(client, Handled().add, timeout=30)
    await poller.stop()
    await poller.run()
