"""The real application driven over HTTP through the fake Zalo OA platform."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.app import App, open_app
from bot.channels.zalo_oa.channel import OaChannel
from bot.config import Settings
from bot.ports import Channel
from tests.conftest import make_settings
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_oa import APP_SECRET, FIRST_REFRESH_TOKEN, FakeZaloOa, OaSent
from tests.fakes.oa_interactions import RecordedInteractions
from tests.fakes.zalo_oa_events import APP_ID, OA_SECRET_KEY


def oa_settings(database_url: str, fake: FakeZaloOa, port: int, **zalo_oa: Any) -> Settings:
    """Settings pointing the OA channel at the fake (both hosts) on a known webhook port."""
    return make_settings(
        database_url,
        zalo_oa={
            "app_id": APP_ID,
            "app_secret": APP_SECRET,
            "oa_secret_key": OA_SECRET_KEY,
            "refresh_token": FIRST_REFRESH_TOKEN,
            "api_base_url": fake.base_url,
            "oauth_base_url": fake.base_url,
            "http_port": port,
            **zalo_oa,
        },
    )


@dataclass
class OaBot:
    """The whole bot on the Zalo OA: core, OA channel, outbox worker and scheduler; what the
    channel tells the core's reply windows is also recorded in ``interactions``."""

    settings: Settings
    clock: FakeClock
    fake: FakeZaloOa
    interactions: RecordedInteractions = field(default_factory=RecordedInteractions)
    app: App | None = None
    channel: OaChannel | None = None

    async def start(self, *, outbox: bool = True) -> None:
        """Start as ``python -m bot run`` does with only the OA configured."""
        self.app = await open_app(self.settings, clock=self.clock)
        self.interactions.inner = self.app.services.reply_windows
        self.channel = OaChannel(
            self.settings.zalo_oa,
            self.app.router,
            self.app.texts,
            store=self.app.services.oa_tokens,
            seen=self.app.updates,
            choices=self.app.services.choices,
            clock=self.clock,
            members=self.app.services.members,
            interactions=self.interactions,
            chat_states=self.app.services.chat_states,
        )
        await self.channel.start()
        self.app.messengers[Channel.ZALO_OA] = self.channel.messenger
        port = self.settings.zalo_oa.http_port
        self.fake.webhook_url = f"http://127.0.0.1:{port}/{self.settings.zalo_oa.webhook_path}"
        if outbox:
            await self.app.start_background()

    async def stop(self) -> None:
        """Stop as on SIGTERM."""
        if self.channel is not None:
            await self.channel.stop()
        if self.app is not None:
            await self.app.close()
        self.app, self.channel = None, None

    async def settled(self) -> None:
        """Wait until the events pushed so far are handled to the end."""
        assert self.channel is not None
        await self.channel.webhook.idle()

    @property
    def core(self) -> App:
        """The running core."""
        assert self.app is not None
        return self.app


@dataclass
class OaUser:
    """A follower of the OA writing to it through the fake platform."""

    fake: FakeZaloOa
    user_id: str
    seen: int = 0

    async def send(self, text: str, *, replies: int = 1) -> str:
        """Send a text and wait for ``replies`` new messages; return their texts joined."""
        event = self.fake.events.user_send_text(self.user_id, text, self.fake.stamp())
        return await self.push(event, replies=replies)

    async def push(self, event: dict[str, Any], *, replies: int = 1) -> str:
        """Push a prepared event (follow, image…) and wait for the answer."""
        assert await self.fake.push(event) == 200
        return await self.wait(replies)

    async def wait(self, replies: int = 1) -> str:
        """Wait for ``replies`` more messages to this user; return their texts joined."""
        before = self.seen
        self.seen += replies
        await self.fake.wait_for(lambda: len(self.messages()) >= self.seen)
        return "\n".join(m.text for m in self.messages()[before : self.seen])

    def messages(self) -> list[OaSent]:
        """Every message the OA sent this user, in order."""
        return [s for s in self.fake.sent if s.user_id == self.user_id]

    @property
    def text(self) -> str:
        """The last text message to this user."""
        return self.fake.texts_to(self.user_id)[-1]
