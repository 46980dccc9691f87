"""The real application driven over HTTP through the fake Zalo Bot API server."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from typing import Any

from bot.app import App, open_app
from bot.channels.zalo.channel import ZaloChannel
from bot.channels.zalo.client import Sleep
from bot.config import Settings
from bot.ports import Channel
from tests.conftest import make_settings
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_api import TOKEN, FakeZaloApi, Sent


def free_port() -> int:
    """A port nobody listens on now (for a server whose public URL must be known early)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def zalo_settings(database_url: str, fake: FakeZaloApi, **zalo: Any) -> Settings:
    """Settings pointing the bot's Zalo channel at the fake server (polling by default)."""
    return make_settings(
        database_url,
        zalo={
            "token": TOKEN,
            "base_url": fake.base_url,
            "poll_timeout_seconds": 1,
            "http_port": 0,
            **zalo,
        },
    )


@dataclass
class ZaloBot:
    """The whole bot on Zalo: core, Zalo channel, outbox worker and scheduler (``sleep``
    does the Zalo client's and poller's backoff waits)."""

    settings: Settings
    clock: FakeClock
    sleep: Sleep = asyncio.sleep
    app: App | None = None
    channel: ZaloChannel | None = None

    async def start(self, *, outbox: bool = True) -> None:
        """Start everything as ``python -m bot run`` does with only ZALO_BOT_TOKEN set."""
        self.app = await open_app(self.settings, clock=self.clock)
        self.channel = ZaloChannel(
            self.settings.zalo,
            self.app.router,
            self.app.texts,
            choices=self.app.services.choices,
            counter=self.app.services.channel_quota,
            sleep=self.sleep,
            clock=self.clock,
        )
        await self.channel.start()
        self.app.messengers[Channel.ZALO] = self.channel.messenger
        if outbox:
            await self.app.start_background()

    async def stop(self) -> None:
        """Stop as on SIGTERM."""
        if self.channel is not None:
            await self.channel.stop()
        if self.app is not None:
            await self.app.close()
        self.app, self.channel = None, None

    @property
    def core(self) -> App:
        """The running core."""
        assert self.app is not None
        return self.app


@dataclass
class ZaloUser:
    """A Zalo user chatting privately with the bot through the fake server."""

    fake: FakeZaloApi
    user_id: str
    seen: int = field(default=0)

    async def send(self, text: str, *, replies: int = 1) -> str:
        """Send a text and wait for ``replies`` new messages; return them joined."""
        self.fake.push(self.fake.text_update(self.user_id, text))
        return await self.wait(replies)

    async def send_update(self, update: dict[str, Any], *, replies: int = 1) -> str:
        """Send a prepared update (image, sticker…) and wait for the answer."""
        self.fake.push(update)
        return await self.wait(replies)

    async def wait(self, replies: int = 1) -> str:
        """Wait for ``replies`` more messages to this user; return their texts joined."""
        before = self.seen
        self.seen += replies
        await self.fake.wait_for(lambda: len(self.messages()) >= self.seen)
        return "\n".join(m.text or m.caption or "" for m in self.messages()[before : self.seen])

    def messages(self) -> list[Sent]:
        """Every message the bot sent this user, in order."""
        return [s for s in self.fake.sent if s.chat_id == self.user_id]

    @property
    def text(self) -> str:
        """The last text message to this user."""
        return self.fake.texts_to(self.user_id)[-1]
