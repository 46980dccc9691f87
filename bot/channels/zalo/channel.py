"""The Zalo channel: receives updates (webhook or polling), asks the router, answers.

Zalo has no buttons, so a typed answer is first matched against the numbered choices last
shown in the chat ("2", the option's text, "trang 3") and becomes the same button press a
Telegram user would make — the list shown when the answer arrived: a number that arrives
after a newer list was shown (it waited behind the person's previous message) was typed for
the older screen, and is refused with the current list rather than applied to it.
Redeliveries are ignored by the router (the message id is the update key).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

import httpx

from bot.channels.numbered_chats import NumberedChat
from bot.channels.webhook import HttpServers, with_segment
from bot.channels.zalo.client import Sleep, ZaloClient
from bot.channels.zalo.http import MediaStore, build_web_app
from bot.channels.zalo.mapping import to_incoming, unwrap
from bot.channels.zalo.messenger import ZaloMessenger
from bot.channels.zalo.poller import ZaloPoller
from bot.clock import Clock, SystemClock
from bot.config_zalo import Zalo
from bot.ports import (
    Channel,
    ChoiceMemory,
    SendCounter,
)
from bot.routing import Router
from bot.texts import Texts

logger = logging.getLogger(__name__)


class ZaloChannel:
    """Owns the Zalo client, the receiving side (webhook server or poller) and the messenger."""

    def __init__(
        self,
        settings: Zalo,
        router: Router,
        texts: Texts,
        *,
        choices: ChoiceMemory,
        counter: SendCounter | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        clock: Clock | None = None,
        servers: HttpServers | None = None,
    ) -> None:
        """``transport`` replaces the network and ``sleep`` the backoff waits (tests);
        ``clock`` is the one the choices are stored by; ``servers`` are the shared HTTP
        listeners the webhook and media join (their owner starts them; own ones when
        ``None``)."""
        if settings.token is None:
            msg = "ZALO_BOT_TOKEN is not set"
            raise ValueError(msg)
        self._settings = settings
        self._router = router
        self._choices = choices
        self._texts = texts
        self._sleep = sleep
        self._clock = clock or SystemClock()
        self.client = ZaloClient(
            settings.token.get_secret_value(), settings.base_url, transport=transport, sleep=sleep
        )
        self.media = (
            MediaStore(
                public_base_url=settings.public_base_url, ttl_seconds=settings.media_ttl_seconds
            )
            if settings.public_base_url
            else None
        )
        self.messenger = ZaloMessenger(
            self.client,
            texts,
            choices=choices,
            photos=self.media,
            files=self.media,
            counter=counter,
            html=settings.parse_mode == "html",
        )
        self._chat = NumberedChat(Channel.ZALO, router, texts, choices, self.messenger)
        self._owned = servers is None
        self.servers = HttpServers() if servers is None else servers
        self._poller: ZaloPoller | None = None
        self._polling: asyncio.Task[None] | None = None

    async def start(self, *, receive: bool = True) -> str:
        """Check the token (``getMe``), then receive by webhook or polling (unless not
        ``receive``: a ``worker`` process only sends); return the bot's name.

        Raises:
            ZaloUnauthorized: The token is wrong or was reset.
            ValueError: Webhook mode with a webhook URL that is not HTTPS (Zalo refuses it).
        """
        cfg = self._settings
        webhook = cfg.mode == "webhook"
        if webhook and not cfg.webhook_url.startswith("https://"):
            msg = "zalo.webhook_url must be a public https:// URL: Zalo refuses any other"
            raise ValueError(msg)
        me = await self.client.get_me()
        if not receive:
            return me.display_name or me.account_name
        secret = cfg.webhook_secret.get_secret_value() if cfg.webhook_secret else None
        if webhook or self.media is not None:
            build_web_app(
                webhook_path=(
                    with_segment("/" + cfg.webhook_path, secret) if webhook and secret else None
                ),
                secret=secret if webhook else None,
                on_update=self.handle,
                media=self.media,
                unwrap=unwrap,
                app=self.servers.app(cfg.http_listen, cfg.http_port),
            )
        if webhook and secret is not None:
            url = with_segment(cfg.webhook_url, secret)
            self.servers.when_listening(lambda: self.client.set_webhook(url, secret))
        else:
            # Polling and a webhook exclude each other on Zalo.
            await self.client.delete_webhook()
            self._poller = ZaloPoller(
                self.client, self.handle, timeout=cfg.poll_timeout_seconds, sleep=self._sleep
            )
            self._polling = asyncio.create_task(self._poller.run(), name="zalo-poller")
        if self._owned:
            await self.servers.start()
        return me.display_name or me.account_name

    async def stop(self) -> None:
        """Stop receiving, finish the updates in hand, and close connections."""
        if self._poller is not None:
            await self._poller.stop()
        if self._polling is not None:
            with contextlib.suppress(Exception):
                await self._polling
        if self._owned:
            await self.servers.stop()
        await self.client.aclose()

    @property
    def polling(self) -> asyncio.Task[None] | None:
        """The polling task (it ends with an exception when the token stops working)."""
        return self._polling

    async def handle(self, update: dict[str, Any], received_at: datetime | None = None) -> None:
        """Handle one update from the webhook or the poller, received at ``received_at``
        (now, unless the receiver held it before handing it over)."""
        incoming = to_incoming(update)
        if incoming is None:
            return
        incoming = replace(incoming, received_at=received_at or self._clock.now())
        await self._chat.handle(incoming)
