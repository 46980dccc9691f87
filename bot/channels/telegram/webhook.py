"""Receiving Telegram updates by webhook on the bot's own HTTP server.

python-telegram-bot's own webhook server reads a whole body (up to 100 MB) before it looks
at the secret, so the bot serves the webhook itself (:mod:`bot.channels.webhook`) and puts
each accepted update on the Application's queue, where polling would have put it.
"""

from __future__ import annotations

from telegram import Bot, Update
from telegram.ext import Application

from bot.channels.webhook import BadUpdate, HttpServers, Webhook, add_webhook, with_segment
from bot.config_telegram import Telegram

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret


def parse_update(bot: Bot, body: object) -> Update:
    """Decode a webhook body into an :class:`Update`.

    Raises:
        BadUpdate: The body has no integer ``update_id`` or a part of it is malformed (e.g. a
            message without a date).
    """
    if not isinstance(body, dict) or type(body.get("update_id")) is not int:
        msg = "no integer update_id"
        raise BadUpdate(msg)
    try:
        update = Update.de_json(body, bot)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # The type only: this is logged at INFO, and the message may quote the body.
        msg = f"malformed update ({type(exc).__name__})"
        raise BadUpdate(msg) from None
    return update


class TelegramWebhook:
    """The webhook server of one Telegram bot."""

    def __init__(
        self,
        settings: Telegram,
        application: Application,  # type: ignore[type-arg]
        servers: HttpServers | None = None,
    ) -> None:
        """Serve ``settings.webhook_path`` plus the secret's segment; needs the secret.

        With shared ``servers`` the route joins the application of its address and the
        owner of ``servers`` starts listening; without, the webhook has a server of its own.
        """
        if settings.webhook_secret is None:
            msg = "TELEGRAM_WEBHOOK_SECRET is not set"
            raise ValueError(msg)
        secret = settings.webhook_secret.get_secret_value()
        self._settings = settings
        self._application = application
        self._secret = secret
        self._owned = servers is None
        self.servers = HttpServers() if servers is None else servers
        add_webhook(
            self.servers.app(settings.webhook_listen, settings.webhook_port),
            Webhook(
                name="Telegram",
                path=with_segment("/" + settings.webhook_path, secret),
                header=SECRET_HEADER,
                secret=secret,
                parse=lambda body: parse_update(application.bot, body),
                on_update=application.update_queue.put,
                max_body_bytes=settings.webhook_max_body_kb * 1024,
            ),
        )

    @property
    def url(self) -> str:
        """The public URL registered with Telegram."""
        return with_segment(self._settings.webhook_url, self._secret)

    async def start(self, allowed_updates: list[str]) -> None:
        """Once listening, register the URL and the secret with Telegram (``setWebhook``)."""

        async def register() -> None:
            await self._application.bot.set_webhook(
                url=self.url,
                secret_token=self._secret,
                allowed_updates=allowed_updates,
            )

        self.servers.when_listening(register)
        if self._owned:
            await self.servers.start()

    async def stop(self) -> None:
        """Stop listening (an own server) and wait for the updates accepted to be queued."""
        if self._owned:
            await self.servers.stop()
