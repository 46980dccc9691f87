"""The Zalo routes of the bot's own HTTP server: the webhook and short-lived chart images.

Zalo posts updates to the webhook with the secret in ``X-Bot-Api-Secret-Token``; the shared
route (:mod:`bot.channels.webhook`) checks it before touching the body. Zalo's ``sendPhoto``
takes a public URL only, so :class:`bot.channels.media.MediaStore` keeps rendered images (and
files Zalo cannot carry) in memory for a few minutes under unguessable tokens.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.channels.media import MediaStore
from bot.channels.webhook import (
    DEFAULT_MAX_BODY_BYTES,
    BadUpdate,
    Webhook,
    add_webhook,
    web_app,
)

__all__ = ["AUTH_HEADER", "MediaStore", "build_web_app"]

AUTH_HEADER = "X-Bot-Api-Secret-Token"


def build_web_app(
    *,
    webhook_path: str | None,
    secret: str | None,
    on_update: Callable[[dict[str, Any]], Awaitable[None]],
    media: MediaStore | None,
    unwrap: Callable[[object], dict[str, Any] | None],
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    app: web.Application | None = None,
) -> web.Application:
    """Build the application: the webhook (if a path and a secret are given) and media.

    ``webhook_path`` is the full local path (see :func:`bot.channels.webhook.with_segment`);
    ``unwrap`` turns a parsed body (wrapped ``{ok, result}`` or flat) into an update, or
    ``None`` for a body that is not one (answered 400). Unknown paths and methods answer 404.
    The routes join ``app`` (a shared one, see :class:`bot.channels.webhook.HttpServers`)
    when given.
    """
    app = web_app() if app is None else app
    if webhook_path and secret:
        add_webhook(
            app,
            Webhook(
                name="Zalo",
                path="/" + webhook_path.strip("/"),
                header=AUTH_HEADER,
                secret=secret,
                parse=_parser(unwrap),
                on_update=on_update,
                max_body_bytes=max_body_bytes,
            ),
        )
    if media is not None:
        media.add_routes(app)
    return app


def _parser(
    unwrap: Callable[[object], dict[str, Any] | None],
) -> Callable[[object], dict[str, Any]]:
    def parse(body: object) -> dict[str, Any]:
        update = unwrap(body)
        if update is None:
            msg = "not a Zalo update"
            raise BadUpdate(msg)
        return update

    return parse
