"""Signing in from the Telegram Mini App: a correctly signed, recent initData of a member
who may use the web app opens a session; anything else is 403."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from urllib.parse import urlencode

import pytest

from bot.app import App
from bot.ports import Channel
from bot.roles import Role
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.unit.test_web_telegram_init_data import signed
from tests.web.support import TOKEN, Client, web_client


def init_data(user_id: int, now: datetime, token: str = TOKEN) -> str:
    fields = {"user": json.dumps({"id": user_id}), "auth_date": str(int(now.timestamp()))}
    return urlencode(signed(fields, token))


@pytest.fixture
async def client(app: App) -> AsyncIterator[Client]:
    async with web_client(app, bot_token=TOKEN) as client:
        yield client


async def test_a_correctly_signed_init_data_signs_the_member_in(
    app: App, clock: FakeClock, client: Client
) -> None:
    await make_member(app, "5001", Role.OFFICE, "VP", name="Hà Thị Thu", channel=Channel.TELEGRAM)
    page = await client.post("/web/mini-app", data={"init_data": init_data(5001, clock.now())})
    assert page.status == 200 and page.url.path == "/web/"
    assert "Hà Thị Thu" in await page.text()


async def test_wrongly_signed_stale_unknown_or_staff_is_refused(
    app: App, clock: FakeClock, client: Client
) -> None:
    await make_member(app, "5001", Role.OFFICE, "VP", name="Hà Thị Thu", channel=Channel.TELEGRAM)
    await make_member(app, "5002", Role.STAFF, "CNTT", name="Lý Văn Ba", channel=Channel.TELEGRAM)
    now = clock.now()
    for data in (
        init_data(5001, now, token="999:other"),
        init_data(5001, now - timedelta(seconds=3601)),
        init_data(5003, now),
        init_data(5002, now),
        "",
    ):
        answer = await client.post("/web/mini-app", data={"init_data": data})
        assert answer.status == 403, data
    assert (await client.get("/web/")).url.path == "/web/het-han"
