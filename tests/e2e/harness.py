"""The real application driven over HTTP through the fake Telegram Bot API server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from bot.app import App, open_app
from bot.channels.telegram.application import TelegramChannel
from bot.config import Settings
from bot.formatting import strip_html
from bot.ports import Channel
from bot.services.common.views import MemberView
from handlers.common import catalog
from tests.conftest import make_settings
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi

TOKEN = "123456:TEST-TOKEN"


def fake_telegram(fake: FakeTelegramApi) -> dict[str, Any]:
    """The ``[telegram]`` settings of a bot polling the fake server."""
    return {
        "token": TOKEN,
        "base_url": fake.base_url,
        "base_file_url": fake.base_file_url,
        "poll_timeout_seconds": 1,
    }


def telegram_settings(database_url: str, fake: FakeTelegramApi, **overrides: Any) -> Settings:
    """Settings pointing the bot at the fake server, with the sections of ``overrides``."""
    return make_settings(database_url, telegram=fake_telegram(fake), **overrides)


@asynccontextmanager
async def running(settings: Settings, clock: FakeClock) -> AsyncIterator[RunningBot]:
    """The whole bot started on ``settings``, stopped at the end."""
    bot = RunningBot(settings, clock)
    await bot.start()
    try:
        yield bot
    finally:
        await bot.stop()


async def member_of(bot: RunningBot, user: TgUser) -> MemberView:
    """The member a Telegram user registered as."""
    found = await bot.core.services.members.find(Channel.TELEGRAM, str(user.user_id))
    assert found is not None
    return found


@dataclass
class RunningBot:
    """The whole bot: core, Telegram channel (long polling), outbox worker and scheduler."""

    settings: Settings
    clock: FakeClock
    app: App | None = None
    channel: TelegramChannel | None = None

    async def start(self, *, outbox: bool = True) -> None:
        """Start everything as ``python -m bot run`` does (``outbox=False``: no worker)."""
        self.app = await open_app(self.settings, clock=self.clock)
        self.channel = TelegramChannel(
            self.settings,
            self.app.router,
            catalog.menu_for(None, self.app.texts),
            chat_states=self.app.services.chat_states,
        )
        await self.channel.start()
        self.app.messengers[Channel.TELEGRAM] = self.channel.messenger
        if outbox:
            await self.app.start_background()

    async def stop(self) -> None:
        """Stop as on SIGTERM."""
        if self.channel is not None:
            await self.channel.stop()
        if self.app is not None:
            await self.app.close()
        self.app, self.channel = None, None

    async def restart(self) -> None:
        """Stop and start again on the same database."""
        await self.stop()
        await self.start()

    @property
    def core(self) -> App:
        """The running core."""
        assert self.app is not None
        return self.app


@dataclass
class TgUser:
    """A Telegram user chatting privately with the bot through the fake server."""

    fake: FakeTelegramApi
    user_id: int
    first_name: str = "Người dùng"
    last_name: str | None = None
    seen: int = field(default=0)

    async def send(self, text: str, *, replies: int = 1) -> str:
        """Send a message and wait for ``replies`` new messages; return the last as plain text."""
        self.fake.push_message(
            self.user_id, text, first_name=self.first_name, last_name=self.last_name
        )
        return await self._wait(replies)

    async def send_document(
        self, name: str, content: bytes, *, mime_type: str = "text/markdown", replies: int = 1
    ) -> str:
        """Send a file as a document and wait for ``replies`` new messages."""
        self.fake.push_document(self.user_id, name, content, mime_type=mime_type)
        return await self._wait(replies)

    async def tap(self, label: str, *, replies: int = 1) -> str:
        """Press a button of the last keyboard by (part of) its label."""
        data = self.fake.button_data(self.user_id, label)
        return await self.press(data, replies=replies)

    async def press(self, data: str, *, replies: int = 1) -> str:
        """Press a button carrying ``data`` (possibly forged)."""
        self.fake.push_callback(self.user_id, data)
        return await self._wait(replies)

    async def _wait(self, replies: int) -> str:
        self.seen += replies
        await self.fake.wait_sent(self.user_id, self.seen)
        return self.text

    @property
    def text(self) -> str:
        """The text of the last message to this user, as shown (tags removed)."""
        return strip_html(self.fake.last_text(self.user_id))

    def commands(self) -> set[str]:
        """The command menu Telegram shows this user."""
        return {name for name, _ in self.fake.visible_commands(self.user_id)}
