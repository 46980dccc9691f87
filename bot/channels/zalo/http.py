"""The Zalo routes of the bot's own HTTP server: the webhook and short-lived chart images.

Zalo posts updates to the webhook with the secret in ``X-Bot-Api-Secret-Token``; the shared
route (:mod:`bot.channels.webhook`) checks it before touching the body. Zalo's ``sendPhoto``
takes a public URL only, so :class:`MediaStore` keeps rendered images in memory for a few
minutes under unguessable tokens.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.channels.webhook import (
    DEFAULT_MAX_BODY_BYTES,
    BadUpdate,
    Webhook,
    add_webhook,
    web_app,
)

AUTH_HEADER = "X-Bot-Api-Secret-Token"


class MediaStore:
    """Images kept in memory and served at unguessable URLs until they expire."""

    def __init__(
        self,
        *,
        public_base_url: str,
        ttl_seconds: float,
        monotonic: Callable[[], float] = time.monotonic,
        max_items: int = 500,
    ) -> None:
        """Serve images under ``public_base_url`` for ``ttl_seconds``, at most ``max_items``."""
        if max_items < 1:
            msg = "max_items must be at least 1"
            raise ValueError(msg)
        self._base_url = public_base_url.rstrip("/")
        self._ttl = ttl_seconds
        self._monotonic = monotonic
        self._max_items = max_items
        # Insertion order is expiry order: the TTL is fixed and the clock monotonic.
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()

    def __len__(self) -> int:
        """Return how many images are held (expired ones may linger until pruned)."""
        return len(self._items)

    async def publish(self, content: bytes) -> str:
        """Store ``content`` and return the public URL it is served at until it expires."""
        now = self._monotonic()
        self._prune(now)
        token = secrets.token_urlsafe(24)
        self._items[token] = (now + self._ttl, bytes(content))
        while len(self._items) > self._max_items:
            self._items.popitem(last=False)
        return f"{self._base_url}/media/{token}.png"

    def get(self, token: str) -> bytes | None:
        """Return the image stored under ``token``, or ``None`` if unknown or expired."""
        item = self._items.get(token)
        if item is None:
            return None
        expires_at, content = item
        if self._monotonic() >= expires_at:
            del self._items[token]
            return None
        return content

    def _prune(self, now: float) -> None:
        while self._items:
            token, (expires_at, _) = next(iter(self._items.items()))
            if expires_at > now:
                return
            del self._items[token]


def build_web_app(
    *,
    webhook_path: str | None,
    secret: str | None,
    on_update: Callable[[dict[str, Any]], Awaitable[None]],
    media: MediaStore | None,
    unwrap: Callable[[object], dict[str, Any] | None],
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> web.Application:
    """Build the application: the webhook (if a path and a secret are given) and media.

    ``webhook_path`` is the full local path (see :func:`bot.channels.webhook.with_segment`);
    ``unwrap`` turns a parsed body (wrapped ``{ok, result}`` or flat) into an update, or
    ``None`` for a body that is not one (answered 400). Unknown paths and methods answer 404.
    """
    app = web_app()
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
        app.router.add_route("*", "/media/{token:[A-Za-z0-9_-]+}.png", _MediaRoute(media).handle)
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


class _MediaRoute:
    """The media route: serves stored images until they expire."""

    def __init__(self, store: MediaStore) -> None:
        self._store = store

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer with the image, or 404 if it is unknown or expired."""
        if request.method not in {"GET", "HEAD"}:
            raise web.HTTPNotFound
        content = self._store.get(request.match_info["token"])
        if content is None:
            raise web.HTTPNotFound
        return web.Response(
            body=content, content_type="image/png", headers={"Cache-Control": "no-store"}
        )
