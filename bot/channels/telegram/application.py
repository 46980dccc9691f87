"""The Telegram channel: a python-telegram-bot Application used only as a transport.

Every update goes through one handler that decodes it, asks the router, and sends the reply.
The Application is started with its lower-level methods so it shares the event loop with the
outbox worker and the scheduler (``run_polling`` would block the loop). Webhook updates arrive
through the bot's own server (:mod:`bot.channels.telegram.webhook`), never PTB's.
"""

from __future__ import annotations

import logging

from telegram import BotCommandScopeDefault, Update
from telegram.error import Conflict, TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults, TypeHandler

from bot.channels.telegram.mapping import bot_commands, to_incoming, to_membership
from bot.channels.telegram.messenger import MiniAppButton, TelegramMessenger
from bot.channels.telegram.transport import AiohttpRequest
from bot.channels.telegram.webhook import TelegramWebhook
from bot.channels.webhook import HttpServers
from bot.config import Settings
from bot.ports import ChatStates, Command, DeliveryError, Reply
from bot.routing import Router
from bot.turn import BotIdentity

logger = logging.getLogger(__name__)
# my_chat_member: the bot learns at once when a person blocks or unblocks it, or when it
# is added to or removed from a group (not at the next refused send).
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]


class TelegramChannel:
    """Owns the PTB Application and turns its updates into router calls."""

    def __init__(
        self,
        settings: Settings,
        router: Router,
        public_menu: tuple[Command, ...],
        servers: HttpServers | None = None,
        mini_app: MiniAppButton | None = None,
        chat_states: ChatStates | None = None,
    ) -> None:
        """``servers``: the shared HTTP listeners the webhook joins (its own when ``None``);
        ``mini_app``: the menu button of those who may use the web app; ``chat_states``
        records the bot being blocked, unblocked, added to or removed from a chat."""
        token = settings.telegram.token
        if token is None:
            msg = "TELEGRAM_BOT_TOKEN is not set"
            raise ValueError(msg)
        self._settings = settings
        self._router = router
        self._public_menu = public_menu
        self._servers = servers
        self._chat_states = chat_states
        self.application: Application = (  # type: ignore[type-arg]
            ApplicationBuilder()
            .token(token.get_secret_value())
            .base_url(settings.telegram.base_url)
            .base_file_url(settings.telegram.base_file_url)
            .defaults(Defaults(tzinfo=settings.organisation.zone))
            .concurrent_updates(settings.telegram.max_concurrent_updates)
            .request(AiohttpRequest(settings.telegram.connection_pool_size))
            .get_updates_request(AiohttpRequest(1))
            .job_queue(None)  # scheduling is ours (APScheduler over our own tables)
            .build()
        )
        self.application.add_handler(TypeHandler(Update, self._on_update))
        self.application.add_error_handler(self._on_error)
        self.messenger = TelegramMessenger(self.application.bot, mini_app)
        self._webhook: TelegramWebhook | None = None
        self._conflict_reported = False

    async def start(self, *, webhook: bool = False, receive: bool = True) -> None:
        """Connect (``getMe``), set the public menu and start receiving updates; without
        ``receive`` (a ``worker`` process), only connect, to send."""
        app = self.application
        await app.initialize()
        bot = app.bot
        self._router.identity = BotIdentity(bot.username, f"{bot.link}?start={{token}}")
        if not receive:
            return
        await app.bot.set_my_commands(
            bot_commands(self._public_menu), scope=BotCommandScopeDefault()
        )
        await app.start()
        cfg = self._settings.telegram
        if webhook:
            self._webhook = TelegramWebhook(cfg, app, self._servers)
            await self._webhook.start(ALLOWED_UPDATES)
            return
        updater = app.updater
        assert updater is not None
        await updater.start_polling(
            timeout=cfg.poll_timeout_seconds,
            allowed_updates=ALLOWED_UPDATES,
            error_callback=self._poll_failed,
        )

    def _poll_failed(self, error: TelegramError) -> None:
        """Say once, in one line, that another process polls with this token (409)."""
        if isinstance(error, Conflict):
            if not self._conflict_reported:
                self._conflict_reported = True
                logger.error(
                    "Telegram answers 409 Conflict: another process is receiving updates for "
                    "this bot (a second 'python -m bot run', or a webhook set elsewhere). "
                    "Stop the other one; this one keeps retrying quietly."
                )
            return
        logger.warning("getUpdates failed: %s", error)

    async def stop(self) -> None:
        """Stop receiving, finish the updates in hand, and close connections."""
        app = self.application
        if self._webhook is not None:
            await self._webhook.stop()
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()

    async def _on_update(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        membership = to_membership(update)
        if membership is not None:
            if self._chat_states is not None:
                await self._chat_states.changed(membership)
            return
        incoming = to_incoming(update)
        if update.callback_query is not None:
            # Clients show a spinner until the press is answered.
            await update.callback_query.answer()
        if incoming is None:
            return

        async def answer(reply: Reply) -> None:
            await self._answer(incoming.chat_id, incoming.message_id, reply)

        # Answered within the person's turn: their replies go out in the order of their updates.
        await self._router.dispatch(incoming, answer)

    async def _answer(self, chat_id: str, message_id: str | None, reply: Reply) -> None:
        try:
            if reply.edit and message_id is not None:
                await self.messenger.edit(chat_id, message_id, reply)
            else:
                await self.messenger.send(chat_id, reply)
        except DeliveryError as exc:
            logger.warning("could not answer chat %s: %s", chat_id, type(exc).__name__)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        logger.error("telegram update failed", exc_info=context.error)
