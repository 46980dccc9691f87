"""One member on Telegram and Zalo: linking with a code, then deliveries to the preferred app
and, when it is blocked, to the other one. Both fake servers, one running bot."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from bot.app import App, open_app
from bot.channels.telegram.application import TelegramChannel
from bot.channels.zalo.channel import ZaloChannel
from bot.ports import Channel
from handlers.common import catalog
from tests.conftest import make_settings
from tests.e2e.harness import TOKEN as TG_TOKEN
from tests.e2e.harness import TgUser
from tests.e2e.zalo_harness import ZaloUser
from tests.factories import finish_registration_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_api import TOKEN as ZALO_TOKEN
from tests.fakes.fake_zalo_api import FakeZaloApi
from tests.fakes.telegram import FakeTelegramApi

CODE = re.compile(r"lienket (\d{6})")


@asynccontextmanager
async def both_channels(
    database_url: str, clock: FakeClock, tg: FakeTelegramApi, zalo: FakeZaloApi
) -> AsyncIterator[App]:
    """The bot on Telegram and Zalo at once, as ``run`` does with both tokens."""
    settings = make_settings(
        database_url,
        telegram={"token": TG_TOKEN, "base_url": tg.base_url, "base_file_url": tg.base_file_url},
        zalo={"token": ZALO_TOKEN, "base_url": zalo.base_url, "poll_timeout_seconds": 1},
    )
    app = await open_app(settings, clock=clock)
    telegram = TelegramChannel(settings, app.router, catalog.menu_for(None, app.texts))
    zalo_channel = ZaloChannel(settings.zalo, app.router, app.texts, choices=app.services.choices)
    await telegram.start()
    await zalo_channel.start()
    app.messengers[Channel.TELEGRAM] = telegram.messenger
    app.messengers[Channel.ZALO] = zalo_channel.messenger
    await app.start_background()
    try:
        yield app
    finally:
        await zalo_channel.stop()
        await telegram.stop()
        await app.close()


async def while_time_passes(clock: FakeClock, wait: Callable[[], Awaitable[None]]) -> None:
    """Wait for ``wait`` while the fake clock runs, so paced outbox messages fall due."""

    async def ticking() -> None:
        while True:
            clock.advance(seconds=2)
            await asyncio.sleep(0.05)

    ticker = asyncio.create_task(ticking())
    try:
        await wait()
    finally:
        ticker.cancel()


def plan(title: str) -> str:
    return f"# {title}\n\n## I. MỤC ĐÍCH\n\nNội dung của {title}.\n"


async def test_link_then_one_copy_on_the_preferred_app_then_fallback_when_blocked(
    database_url: str, clock: FakeClock
) -> None:
    async with (
        FakeTelegramApi(bot_username="thidua_vp_bot") as tg,
        FakeZaloApi() as zalo,
        both_channels(database_url, clock, tg, zalo) as app,
    ):
        admin = TgUser(tg, 1000, "Quản")  # a bootstrap admin on Telegram
        await admin.send("/start")
        assert "Đăng ký thành công" in await finish_registration_on_telegram(
            admin, "Trần Văn Quản", "Chánh Văn phòng"
        )
        offer = await admin.send("/lienket")
        found = CODE.search(offer)
        assert found is not None, offer

        phone = ZaloUser(zalo, "z-admin")
        assert "thamgia" in await phone.send("xin chào")  # a stranger on Zalo so far
        assert "Trần Văn Quản" in await phone.send(f"lienket {found[1]}")
        assert "kehoach" in await phone.send("trogiup", replies=3)  # a member on Zalo now
        assert "đã liên kết rồi" in await phone.send(f"lienket {found[1]}")

        # A notice to everyone reaches this member once, on Telegram (where they joined).
        zalo_before = len(phone.messages())
        await app.services.plans.publish(None, plan("Kế hoạch A"), "a.md")
        await while_time_passes(
            clock,
            lambda: tg.wait_for(
                lambda: any("phiên bản 2" in (m.plain_text or "") for m in tg.messages_to(1000)),
                timeout=10,
            ),
        )
        assert len(phone.messages()) == zalo_before

        # Blocked on Telegram: the next notice goes to Zalo instead of being lost.
        tg.block(1000)
        await app.services.plans.publish(None, plan("Kế hoạch B"), "b.md")
        await while_time_passes(
            clock,
            lambda: zalo.wait_for(
                lambda: any("phiên bản 3" in t for t in zalo.texts_to("z-admin")), timeout=10
            ),
        )
