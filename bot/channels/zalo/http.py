"""The bot's own HTTP server: the Zalo webhook and short-lived chart images.

Zalo posts updates to the webhook with the secret in ``X-Bot-Api-Secret-Token``; the
server checks it in constant time before touching the body, answers 200 at once and
handles the update in a background task (so a slow or failing handler never makes Zalo
redeliver). Zalo's ``sendPhoto`` takes a public URL only, so :class:`MediaStore` keeps
rendered images in memory for a few minutes under unguessable tokens.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import secrets
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

logger = logging.getLogger(__name__)

AUTH_HEADER = "X-Bot-Api-Secret-Token"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
_TASKS = web.AppKey("zalo_update_tasks", set[asyncio.Task[None]])
_CHUNK = 64 * 1024


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

    ``unwrap`` turns a parsed body (wrapped ``{ok, result}`` or flat) into an update, or
    ``None`` for bodies to ignore. Unknown paths and methods answer 404. The background
    update tasks are awaited when the application is cleaned up.
    """
    app = web.Application()
    tasks: set[asyncio.Task[None]] = set()
    app[_TASKS] = tasks
    app.on_cleanup.append(_drain)
    if webhook_path and secret:
        webhook = _Webhook(secret, on_update, unwrap, max_body_bytes, tasks)
        app.router.add_route("*", "/" + webhook_path.strip("/"), webhook.handle)
    if media is not None:
        app.router.add_route("*", "/media/{token:[A-Za-z0-9_-]+}.png", _MediaRoute(media).handle)
    return app


class _Webhook:
    """The webhook route: authenticate, parse, schedule the update, answer at once."""

    def __init__(
        self,
        secret: str,
        on_update: Callable[[dict[str, Any]], Awaitable[None]],
        unwrap: Callable[[object], dict[str, Any] | None],
        max_body_bytes: int,
        tasks: set[asyncio.Task[None]],
    ) -> None:
        self._expected = secret.encode()
        self._on_update = on_update
        self._unwrap = unwrap
        self._max_body_bytes = max_body_bytes
        self._tasks = tasks

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one webhook call; the update is handled in the background."""
        if request.method != "POST":
            raise web.HTTPNotFound
        given = request.headers.get(AUTH_HEADER, "").encode()
        if not hmac.compare_digest(given, self._expected):
            logger.warning("Zalo webhook call with a missing or wrong secret")
            raise web.HTTPForbidden
        body = await _read_capped(request, self._max_body_bytes)
        if body is None:
            raise web.HTTPRequestEntityTooLarge(
                max_size=self._max_body_bytes, actual_size=request.content_length or 0
            )
        try:
            parsed: object = json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise web.HTTPBadRequest from exc
        update = self._unwrap(parsed)
        if update is None:
            logger.info("Ignoring a Zalo webhook body that is not an update")
        else:
            task = asyncio.create_task(self._process(update))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return web.json_response({"ok": True})

    async def _process(self, update: dict[str, Any]) -> None:
        try:
            await self._on_update(update)
        except Exception:
            logger.exception("Handling a Zalo webhook update failed")


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


async def _read_capped(request: web.Request, limit: int) -> bytes | None:
    """Return the request body, or ``None`` if it is longer than ``limit`` bytes."""
    if request.content_length is not None and request.content_length > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(_CHUNK):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def _drain(app: web.Application) -> None:
    """Wait for the update tasks still running (the server takes no new requests now)."""
    tasks = app[_TASKS]
    while tasks:
        await asyncio.gather(*list(tasks), return_exceptions=True)


class HttpServer:
    """Runs a web application on ``host``:``port`` (port 0 picks a free port)."""

    def __init__(self, app: web.Application, host: str, port: int) -> None:
        """Prepare to serve ``app``; nothing listens until :meth:`start`."""
        self._app = app
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None

    @property
    def port(self) -> int:
        """Return the port actually bound (the requested one before start)."""
        if self._runner is not None:
            for address in self._runner.addresses:
                if isinstance(address, tuple) and len(address) >= 2:
                    return int(address[1])
        return self._port

    async def start(self) -> None:
        """Start listening."""
        if self._runner is not None:
            return
        runner = web.AppRunner(self._app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self._host, self._port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        logger.info("HTTP server listening on %s:%d", self._host, self.port)

    async def stop(self) -> None:
        """Stop listening and wait for the webhook updates still being handled."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
