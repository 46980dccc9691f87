"""The Zalo Official Account channel: the webhook, the token keeper and the messenger.

Events arrive by webhook only (the OA has no polling). A person's message opens their reply
window (:class:`bot.ports.Interactions`), then goes to the router like a Bot Platform message:
numbered choices typed back become button presses, and a number typed for an earlier list is
refused with the current one. A follow opens the window too and is welcomed with how to join;
an unfollow stops sending to the account; read receipts are recorded per message.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Protocol

import httpx

from bot.channels.media import MediaStore
from bot.channels.numbered_chats import NumberedChat
from bot.channels.webhook import HttpServers
from bot.channels.zalo_oa.client import OaClient
from bot.channels.zalo_oa.mapping import Followed, Receipt, Unfollowed, event_time, to_event
from bot.channels.zalo_oa.messenger import OaMessenger
from bot.channels.zalo_oa.receipts import ReceiptRecorder, Sleep
from bot.channels.zalo_oa.tokens import TokenKeeper
from bot.channels.zalo_oa.webhook import OaWebhook, SeenLog
from bot.clock import Clock
from bot.config_zalo_oa import ZaloOa
from bot.ports import (
    Channel,
    ChatKind,
    ChatMembership,
    ChatStates,
    ChoiceMemory,
    Interactions,
    Reply,
)
from bot.routing import Router
from bot.services.oa_tokens import OaTokenService
from bot.texts import Texts

logger = logging.getLogger(__name__)


class Members(Protocol):
    """Tells whether an account belongs to a member (``MemberService``)."""

    async def find(self, channel: Channel, user_id: str) -> object | None:
        """The member behind the account, if any."""
        ...


class OaChannel:
    """Owns the OA client, its tokens, the webhook server and the messenger."""

    def __init__(
        self,
        settings: ZaloOa,
        router: Router,
        texts: Texts,
        *,
        store: OaTokenService,
        seen: SeenLog,
        choices: ChoiceMemory,
        clock: Clock,
        members: Members,
        interactions: Interactions | None = None,
        chat_states: ChatStates | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        servers: HttpServers | None = None,
    ) -> None:
        """``transport`` replaces the network and ``sleep`` the waits before a receipt is
        tried again (tests); ``interactions`` is told of each person's messages, follows and
        receipts (the reply windows); ``chat_states`` puts follows and unfollows in order (a
        late one older than the last recorded is ignored); ``servers`` are the shared HTTP
        listeners the webhook joins (their owner starts them; own ones when ``None``)."""
        if settings.app_secret is None or settings.oa_secret_key is None:
            msg = "ZALO_OA_APP_SECRET and ZALO_OA_SECRET_KEY must be set"
            raise ValueError(msg)
        self._settings = settings
        self._router = router
        self._texts = texts
        self._choices = choices
        self._clock = clock
        self._members = members
        self._interactions = interactions
        self._chat_states = chat_states
        self.receipts = (
            None if interactions is None else ReceiptRecorder(interactions, sleep=sleep)
        )
        self.client = OaClient(settings.api_base_url, settings.oauth_base_url, transport=transport)
        self.tokens = TokenKeeper(
            self.client,
            store,
            texts,
            clock,
            app_id=settings.app_id,
            app_secret=settings.app_secret.get_secret_value(),
            margin=timedelta(seconds=settings.refresh_margin_seconds),
        )
        self.files = (
            MediaStore(
                public_base_url=settings.public_base_url, ttl_seconds=settings.media_ttl_seconds
            )
            if settings.public_base_url
            else None
        )
        self.messenger = OaMessenger(
            self.client,
            self.tokens,
            texts,
            choices=choices,
            interactions=interactions,
            files=self.files,
        )
        self._chat = NumberedChat(Channel.ZALO_OA, router, texts, choices, self.messenger)
        self.webhook = OaWebhook(
            app_id=settings.app_id,
            secret_key=settings.oa_secret_key.get_secret_value(),
            max_age=timedelta(seconds=settings.webhook_max_age_seconds),
            clock=clock,
            seen=seen,
            on_event=self.handle,
        )
        self._owned = servers is None
        self.servers = HttpServers() if servers is None else servers

    async def start(self, *, receive: bool = True) -> str:
        """Make sure the tokens work, then listen for webhook events (unless not ``receive``:
        a ``worker`` process only sends); return the channel's name for the start-up line.

        Raises:
            OaDisconnected: Zalo refused the refresh token or the app secret.
            OaTokenUnavailable: Zalo's OAuth server could not be reached.
        """
        seed = self._settings.refresh_token
        await self.tokens.start(seed.get_secret_value() if seed else None)
        if not receive:
            return f"Zalo OA (app {self._settings.app_id})"
        app = self.servers.app(self._settings.http_listen, self._settings.http_port)
        self.webhook.add_to(app, self._settings.webhook_path)
        if self.files is not None:
            self.files.add_routes(app)
        if self._owned:
            await self.servers.start()
        return f"Zalo OA (app {self._settings.app_id})"

    async def stop(self) -> None:
        """Stop listening, finish the events in hand, and close connections."""
        if self._owned:
            await self.servers.stop()
        if self.receipts is not None:
            await self.receipts.close()
        await self.client.aclose()

    async def handle(self, event: dict[str, Any]) -> None:
        """Act on one verified webhook event."""
        decoded = to_event(event)
        if decoded is None:
            return
        if isinstance(decoded, Receipt):
            if self.receipts is not None:
                await self.receipts.record(decoded)
            return
        if isinstance(decoded, Followed | Unfollowed) and not await self._in_order(decoded):
            return
        if isinstance(decoded, Unfollowed):
            if self._interactions is not None:
                await self._interactions.left(Channel.ZALO_OA, decoded.user_id, decoded.at)
            return
        if isinstance(decoded, Followed):
            await self._opened(decoded.user_id, decoded.at)
            await self._welcome(decoded.user_id)
            return
        await self._opened(decoded.user_id, event_time(event) or self._clock.now())
        await self._chat.handle(replace(decoded, received_at=self._clock.now()))

    async def _in_order(self, event: Followed | Unfollowed) -> bool:
        """Record a follow or unfollow; whether it is newer than the last one recorded."""
        if self._chat_states is None:
            return True
        present = isinstance(event, Followed)
        change = ChatMembership(
            Channel.ZALO_OA, event.user_id, ChatKind.PRIVATE, present, event.at
        )
        return await self._chat_states.changed(change)

    async def _opened(self, user_id: str, at: datetime) -> None:
        """The person wrote or followed: their reply window opens again."""
        if self._interactions is not None:
            await self._interactions.inbound(Channel.ZALO_OA, user_id, at)

    async def _welcome(self, user_id: str) -> None:
        known = await self._members.find(Channel.ZALO_OA, user_id) is not None
        key = "zalo_oa.welcome_back" if known else "zalo_oa.welcome"
        await self._chat.answer(user_id, Reply(self._texts.t(key)))
