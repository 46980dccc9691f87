"""Starting and stopping the chat channels of ``python -m bot run``."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

from bot.app import App
from bot.channels.webhook import DEFAULT_MAX_BODY_BYTES, HttpServers
from bot.config import ConfigError, Settings
from bot.ports import Channel
from bot.texts import Texts
from handlers.common import catalog

if TYPE_CHECKING:
    from bot.channels.telegram.application import TelegramChannel
    from bot.channels.telegram.messenger import MiniAppButton
    from bot.channels.zalo.channel import ZaloChannel
    from bot.channels.zalo_oa.channel import OaChannel
    from bot.web import WebContext


async def _wait(event: asyncio.Event) -> None:
    await event.wait()


class Channels:
    """The channels of one running bot; the chat libraries are imported only when used."""

    def __init__(self, app: App, settings: Settings, texts: Texts) -> None:
        self._app = app
        self._settings = settings
        self._texts = texts
        self.telegram: TelegramChannel | None = None
        self.zalo: ZaloChannel | None = None
        self.zalo_oa: OaChannel | None = None
        # One application and one listener per host:port, whoever asks for it.
        self.servers = HttpServers(max(settings.web.upload_max_bytes, DEFAULT_MAX_BODY_BYTES))

    async def start(
        self,
        *,
        telegram: bool,
        zalo: bool,
        webhook: bool,
        zalo_oa: bool = False,
        receive: bool = True,
    ) -> list[str]:
        """Start the channels asked for; return how each is known ("Telegram @name").

        Without ``receive`` (a ``worker`` process) the channels only connect, to send: no
        webhook, no polling, no web app.
        """
        names: list[str] = []
        if telegram:
            from bot.channels.telegram.application import TelegramChannel

            self.telegram = TelegramChannel(
                self._settings,
                self._app.router,
                catalog.menu_for(None, self._texts),
                self.servers,
                self._mini_app(),
                self._app.services.chat_states,
            )
            await self.telegram.start(webhook=webhook, receive=receive)
            self._app.messengers[Channel.TELEGRAM] = self.telegram.messenger
            names.append(f"Telegram @{self._app.router.identity.username}")
        if zalo:
            from bot.channels.zalo.channel import ZaloChannel

            self.zalo = ZaloChannel(
                self._settings.zalo,
                self._app.router,
                self._texts,
                choices=self._app.services.choices,
                counter=self._app.services.channel_quota,
                clock=self._app.clock,
                servers=self.servers,
            )
            name = await self._start_zalo(self.zalo, receive=receive)
            self._app.messengers[Channel.ZALO] = self.zalo.messenger
            names.append(f"Zalo {name}")
        if zalo_oa:
            names.append(await self._start_zalo_oa(receive=receive))
        if receive and self._settings.web.base_url:
            names.append(self._add_web())
        if self._settings.ops.enabled:
            self._add_ops()
        await self.servers.start()
        return names

    def _add_web(self) -> str:
        """Serve the web app; it has an address only once one is configured."""
        from bot.web import add_web_app

        settings = self._settings.web
        username = self._app.router.identity.username if self.telegram is not None else ""
        context = web_context(self._app, self._settings, self._texts, username)
        add_web_app(self.servers.app(settings.listen, settings.port), context)
        return f"Web {settings.base_url}/web/"

    def _add_ops(self) -> None:
        """Serve /healthz and /metrics (on a webhook's or the web app's listener if the
        address is the same)."""
        from bot.channels.ops import OpsEndpoints
        from bot.services.delivery import OutboxBacklog

        app, ops = self._app, self._settings.ops
        endpoints = OpsEndpoints(
            OutboxBacklog(app.sessions, app.clock),
            app.metrics,
            app.clock,
            ops,
            quiet_ok=app.services.broadcasts.quiet_allowed,
        )
        endpoints.add_to(self.servers.app(ops.listen, ops.port))

    def _mini_app(self) -> MiniAppButton | None:
        """Telegram's menu button to the Mini App, when ``[web]`` asks for it."""
        from bot.channels.telegram.messenger import MiniAppButton

        web = self._settings.web
        if not web.mini_app_menu:
            return None
        return MiniAppButton(self._texts.t("web.menu_button.text"), f"{web.base_url}/web/mini-app")

    async def _start_zalo_oa(self, *, receive: bool) -> str:
        """Start the Official Account channel; a refused or unreachable token stops start-up."""
        from bot.channels.zalo_oa.channel import OaChannel
        from bot.channels.zalo_oa.tokens import OaDisconnected, OaTokenUnavailable

        app = self._app
        self.zalo_oa = OaChannel(
            self._settings.zalo_oa,
            app.router,
            self._texts,
            store=app.services.oa_tokens,
            seen=app.updates,
            choices=app.services.choices,
            clock=app.clock,
            members=app.services.members,
            interactions=app.services.reply_windows,
            chat_states=app.services.chat_states,
            servers=self.servers,
        )
        try:
            name = await self.zalo_oa.start(receive=receive)
        except OaDisconnected:
            raise ConfigError(self._texts.t("zalo_oa_cli.unauthorized")) from None
        except OaTokenUnavailable:
            raise ConfigError(self._texts.t("zalo_oa_cli.unreachable")) from None
        app.messengers[Channel.ZALO_OA] = self.zalo_oa.messenger
        return name

    async def wait(self, stop: asyncio.Event) -> None:
        """Wait for ``stop``, or for Zalo polling to end (the token stopped working)."""
        stopped: asyncio.Task[None] = asyncio.create_task(_wait(stop))
        polling = None if self.zalo is None else self.zalo.polling
        watched: set[asyncio.Task[None]] = {stopped} if polling is None else {stopped, polling}
        await asyncio.wait(watched, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if polling is not None and polling.done():
            await self._fatal(polling)

    async def _start_zalo(self, channel: ZaloChannel, *, receive: bool) -> str:
        from bot.channels.zalo.client import ZaloUnauthorized

        try:
            return await channel.start(receive=receive)
        except ZaloUnauthorized:
            raise ConfigError(self._texts.t("cli.zalo_unauthorized")) from None

    async def _fatal(self, polling: asyncio.Future[None]) -> None:
        """Re-raise why polling ended: a token reset while running is a configuration error."""
        from bot.channels.zalo.client import ZaloUnauthorized

        try:
            polling.result()
        except ZaloUnauthorized:
            raise ConfigError(self._texts.t("cli.zalo_unauthorized")) from None

    async def stop(self) -> None:
        """Stop listening, then every started channel."""
        with contextlib.suppress(Exception):
            await self.servers.stop()
        if self.zalo_oa is not None:
            with contextlib.suppress(Exception):
                await self.zalo_oa.stop()
        if self.zalo is not None:
            with contextlib.suppress(Exception):
                await self.zalo.stop()
        if self.telegram is not None:
            await self.telegram.stop()


def web_context(app: App, settings: Settings, texts: Texts, bot_username: str) -> WebContext:
    """What the web app's pages are given, from the running core."""
    from bot.web import Renderer, WebContext

    token = settings.telegram.token
    return WebContext(
        services=app.services,
        settings=settings.web,
        texts=texts,
        clock=app.clock,
        renderer=Renderer(texts, settings.organisation.zone),
        bot_token=None if token is None else token.get_secret_value(),
        bot_username=bot_username,
    )
