"""The OA webhook route: the signature is checked before anything is acted on."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest

from bot.channels.webhook import HttpServer, web_app
from bot.channels.zalo_oa.webhook import OaWebhook
from bot.ports import Channel
from tests.fakes.clock import FakeClock
from tests.fakes.zalo_oa_events import (
    APP_ID,
    OA_SECRET_KEY,
    SIGNATURE_HEADER,
    EventBuilder,
    encode,
    signature,
)


class Seen:
    def __init__(self) -> None:
        self.keys: set[str] = set()

    def first_time(self, channel: Channel, key: str) -> bool:
        if key in self.keys:
            return False
        self.keys.add(key)
        return True


class Route:
    def __init__(self, clock: FakeClock) -> None:
        self.handled: list[dict[str, Any]] = []
        self.webhook = OaWebhook(
            app_id=APP_ID,
            secret_key=OA_SECRET_KEY,
            max_age=timedelta(seconds=300),
            clock=clock,
            seen=Seen(),
            on_event=self.handle,
            max_body_bytes=4096,
        )
        self.url = ""

    async def handle(self, event: dict[str, Any]) -> None:
        self.handled.append(event)

    async def post(self, body: bytes, headers: dict[str, str]) -> int:
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.url, data=body, headers=headers) as response,
        ):
            status = response.status
        await self.webhook.idle()
        return status


@pytest.fixture
async def route(clock: FakeClock) -> AsyncIterator[Route]:
    rig = Route(clock)
    app = web_app()
    rig.webhook.add_to(app, "zalo-oa/events")
    server = HttpServer(app, "127.0.0.1", 0)
    await server.start()
    rig.url = f"http://127.0.0.1:{server.port}/zalo-oa/events"
    yield rig
    await server.stop()


def signed(event: dict[str, Any], key: str = OA_SECRET_KEY) -> tuple[bytes, dict[str, str]]:
    body = encode(event)
    return body, {SIGNATURE_HEADER: signature(APP_ID, body, event["timestamp"], key)}


def now_ms(clock: FakeClock) -> int:
    return int(clock.now().timestamp() * 1000)


async def test_a_signed_event_is_handled(route: Route, clock: FakeClock) -> None:
    event = EventBuilder().user_send_text("u1", "menu", now_ms(clock))
    assert await route.post(*signed(event)) == 200
    assert route.handled == [event]


async def test_forged_missing_and_tampered_signatures_get_403(
    route: Route, clock: FakeClock
) -> None:
    event = EventBuilder().user_send_text("u1", "menu", now_ms(clock))
    body, headers = signed(event, key="guessed-key")
    assert await route.post(body, headers) == 403
    assert await route.post(encode(event), {}) == 403
    body, headers = signed(event)
    assert await route.post(body.replace(b"menu", b"huy!"), headers) == 403
    # An HMAC of the body (a common mistake) is not Zalo's signature either.
    assert await route.post(b"not json", {SIGNATURE_HEADER: "mac=00"}) == 403
    assert route.handled == []


async def test_a_stale_or_future_timestamp_gets_403(route: Route, clock: FakeClock) -> None:
    events = EventBuilder()
    old = events.user_send_text("u1", "menu", now_ms(clock) - 301_000)
    future = events.user_send_text("u1", "menu", now_ms(clock) + 301_000)
    assert await route.post(*signed(old)) == 403
    assert await route.post(*signed(future)) == 403
    assert route.handled == []


async def test_a_replayed_event_is_handled_once(route: Route, clock: FakeClock) -> None:
    body, headers = signed(EventBuilder().follow("u1", now_ms(clock)))
    assert await route.post(body, headers) == 200
    assert await route.post(body, headers) == 200
    assert len(route.handled) == 1


async def test_a_huge_body_is_refused_unread(route: Route, clock: FakeClock) -> None:
    event = EventBuilder().user_send_text("u1", "x" * 5000, now_ms(clock))
    assert await route.post(*signed(event)) == 413
    assert json.loads(encode(event))["message"]["text"] and route.handled == []
