"""The real application on Telegram and the Zalo OA at once, as ``python -m bot run`` runs with
both configured: the Telegram channel polls the fake Bot API, the OA channel takes the fake
OA platform's signed webhooks, one outbox worker and broadcast runner serve both."""

from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update

from bot.cli_channels import Channels
from bot.config import Settings
from bot.ports import Channel
from bot.roles import Role
from bot.services.common.views import MemberView
from models import Member
from tests.conftest import make_settings
from tests.e2e.harness import RunningBot, TgUser, fake_telegram
from tests.e2e.test_initiatives_review import wait_text
from tests.e2e.zalo_oa_harness import OaUser
from tests.factories import join_on_telegram
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_oa import APP_SECRET, FIRST_REFRESH_TOKEN, FakeZaloOa
from tests.fakes.telegram import FakeTelegramApi
from tests.fakes.zalo_oa_events import APP_ID, OA_SECRET_KEY
from tests.services.broadcasts_seed import add_member


def both_settings(
    database_url: str, telegram: FakeTelegramApi, oa: FakeZaloOa, port: int, **zalo_oa: Any
) -> Settings:
    """Settings with ``[telegram]`` on the fake Bot API and ``[zalo_oa]`` on the fake OA."""
    return make_settings(
        database_url,
        telegram=fake_telegram(telegram),
        zalo_oa={
            "app_id": APP_ID,
            "app_secret": APP_SECRET,
            "oa_secret_key": OA_SECRET_KEY,
            "refresh_token": FIRST_REFRESH_TOKEN,
            "api_base_url": oa.base_url,
            "oauth_base_url": oa.base_url,
            "http_port": port,
            **zalo_oa,
        },
    )


@dataclass
class BothBot(RunningBot):
    """The whole bot with both channels; ``oa`` is the fake OA platform it talks to."""

    oa: FakeZaloOa | None = None
    channels: Channels | None = None

    async def start(self, *, outbox: bool = True) -> None:
        """Start the core and both channels as the CLI does, then the background tasks."""
        from bot.app import open_app

        assert self.oa is not None
        self.app = await open_app(self.settings, clock=self.clock)
        self.channels = Channels(self.app, self.settings, self.app.texts)
        await self.channels.start(telegram=True, zalo=False, webhook=False, zalo_oa=True)
        self.channel = self.channels.telegram
        config = self.settings.zalo_oa
        self.oa.webhook_url = f"http://127.0.0.1:{config.http_port}/{config.webhook_path}"
        if outbox:
            await self.app.start_background()

    async def stop(self) -> None:
        """Stop as on SIGTERM."""
        if self.channels is not None:
            await self.channels.stop()
        if self.app is not None:
            await self.app.close()
        self.app, self.channel, self.channels = None, None, None

    async def settled(self) -> None:
        """Wait until the OA events pushed so far are handled to the end."""
        assert self.channels is not None and self.channels.zalo_oa is not None
        await self.channels.zalo_oa.webhook.idle()


async def oa_member(
    bot: BothBot, name: str, oa_user: str, *, telegram: int | None = None, prefer_oa: bool = False
) -> tuple[MemberView, OaUser]:
    """A CNTT member with an OA account (and a Telegram one: linked), who follows the OA; the
    follow opens their reply window on the platform and in the bot."""
    assert bot.oa is not None
    accounts: tuple[tuple[Channel, str, bool], ...] = ((Channel.ZALO_OA, oa_user, False),)
    if telegram is not None:
        accounts += ((Channel.TELEGRAM, str(telegram), False),)
    member = await add_member(bot.core, "CNTT", name, accounts=accounts)
    if prefer_oa:
        async with bot.core.sessions.begin() as session:
            await session.execute(
                update(Member)
                .where(Member.id == member.id)
                .values(preferred_channel=Channel.ZALO_OA.value)
            )
    user = OaUser(bot.oa, oa_user)
    assert "quay lại" in await user.push(bot.oa.events.follow(oa_user, bot.oa.stamp()))
    await bot.settled()
    user.seen = len(user.messages())
    return member, user


async def linked_by_lienket(
    bot: BothBot, telegram: TgUser, name: str, oa_user: str, clock: FakeClock
) -> OaUser:
    """A CNTT member joins on Telegram, follows the OA, links it with ``/lienket`` and
    chooses, on Telegram, to receive notices on the Zalo OA."""
    assert bot.oa is not None
    await join_on_telegram(bot, telegram, Role.STAFF, name)
    found = re.search(r"lienket (\d{6})", await telegram.send("/lienket"))
    assert found is not None, telegram.text
    user = OaUser(bot.oa, oa_user)
    assert "thamgia" in await user.push(bot.oa.events.follow(oa_user, bot.oa.stamp()))
    assert name in await user.send(f"lienket {found[1]}")
    await bot.settled()  # the linked member's menu comes in several pieces
    user.seen = len(user.messages())
    await wait_text(telegram.fake, telegram, "đã được liên kết", clock)
    await telegram.send("/lienket")
    assert "nhận thông báo qua Zalo OA" in await telegram.tap("Nhận thông báo qua Zalo OA")
    return user


async def oa_text(bot: BothBot, user: OaUser, needle: str, clock: FakeClock) -> str:
    """Wait, with time passing (the outbox's per-chat pacing), until a text containing
    ``needle`` went to ``user`` on the OA; return it."""
    oa = bot.oa
    assert oa is not None

    async def time_passes() -> None:
        while True:
            clock.advance(seconds=2)
            await asyncio.sleep(0.1)

    ticking = asyncio.create_task(time_passes())
    try:
        await oa.wait_for(lambda: any(needle in t for t in oa.texts_to(user.user_id)), 10)
    finally:
        ticking.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ticking
    user.seen = len(user.messages())
    return next(t for t in oa.texts_to(user.user_id) if needle in t)
