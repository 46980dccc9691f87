"""The bot's own HTTP server, and the webhook route every channel receives updates on.

A webhook is a public door, so the route trusts nothing it is sent:

* the secret header is compared in constant time before a byte of the body is read;
* the body is capped while it is read (a ``Content-Length`` over the cap is refused unread);
* a body that is not a JSON object, nests deeper than any real update, or is not an update of
  the channel answers 400, logged in one line without a traceback;
* the path carries a segment derived from the secret, so it cannot be guessed either.

A good update is answered 200 at once and handled in a background task, so a slow or failing
handler never makes the platform redeliver.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from aiohttp import web

logger = logging.getLogger(__name__)

U = TypeVar("U")
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
#: Real updates nest a few levels (a reply inside a message inside the update); far deeper
#: bodies only cost recursion in the parsers.
MAX_DEPTH = 32
_TASKS = web.AppKey("webhook_update_tasks", set[asyncio.Task[None]])
_CHUNK = 64 * 1024


class BadUpdate(ValueError):
    """The body is well-formed JSON but not an update of this channel."""


@dataclass(frozen=True)
class Webhook(Generic[U]):
    """One channel's webhook: where it listens, how it is authenticated, what it accepts.

    Attributes:
        name: The channel's name in log lines ("Telegram", "Zalo").
        path: The full local path, e.g. from :func:`with_segment`.
        header: The request header that carries the secret.
        secret: The shared secret the platform sends in ``header``.
        parse: Turns the parsed JSON body into an update; raises :class:`BadUpdate` for a
            body that is not one, or returns ``None`` for an update to acknowledge and drop.
        on_update: Handles one update (in a background task).
        max_body_bytes: The largest body read.
    """

    name: str
    path: str
    header: str
    secret: str
    parse: Callable[[object], U | None]
    on_update: Callable[[U], Awaitable[None]]
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES


def secret_segment(secret: str) -> str:
    """The last segment of a webhook's path and URL, derived from its ``secret``.

    Derived rather than random, so it stays the same across restarts without being stored,
    and cannot be guessed without the secret.
    """
    return hmac.new(secret.encode(), b"thidua webhook path", hashlib.sha256).hexdigest()[:32]


def with_segment(base: str, secret: str) -> str:
    """``base`` (a local path or a public URL) followed by the secret's segment."""
    return f"{base.rstrip('/')}/{secret_segment(secret)}"


def web_app(client_max_size: int = DEFAULT_MAX_BODY_BYTES) -> web.Application:
    """An empty application whose webhook tasks are awaited when it is cleaned up.

    ``client_max_size`` caps what ``request.read()``/``post()`` take (webhooks cap their own
    body while reading it).
    """
    app = web.Application(client_max_size=client_max_size)
    app[_TASKS] = set()
    app.on_cleanup.append(_drain)
    return app


def add_webhook(app: web.Application, webhook: Webhook[U]) -> None:
    """Serve ``webhook`` on ``app`` (made by :func:`web_app`)."""
    app.router.add_route("*", webhook.path, _Route(webhook, app[_TASKS]).handle)


class _Route(Generic[U]):
    """Authenticate, read capped, parse, schedule the update, answer at once."""

    def __init__(self, webhook: Webhook[U], tasks: set[asyncio.Task[None]]) -> None:
        self._webhook = webhook
        self._expected = webhook.secret.encode()
        self._tasks = tasks

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one webhook call; the update is handled in the background."""
        hook = self._webhook
        if request.method != "POST":
            raise web.HTTPNotFound
        given = request.headers.get(hook.header, "").encode()
        if not hmac.compare_digest(given, self._expected):
            logger.warning("%s webhook call with a missing or wrong secret", hook.name)
            raise web.HTTPForbidden
        body = await read_capped(request, hook.max_body_bytes)
        if body is None:
            logger.warning("%s webhook body over %d bytes refused", hook.name, hook.max_body_bytes)
            raise web.HTTPRequestEntityTooLarge(
                max_size=hook.max_body_bytes, actual_size=request.content_length or 0
            )
        try:
            update = hook.parse(parse_json(body))
        except BadUpdate as problem:
            logger.info("%s webhook body refused: %s", hook.name, problem)
            raise web.HTTPBadRequest from None
        if update is not None:
            task = asyncio.create_task(self._process(update))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return web.json_response({"ok": True})

    async def _process(self, update: U) -> None:
        try:
            await self._webhook.on_update(update)
        except Exception:
            logger.exception("Handling a %s webhook update failed", self._webhook.name)


def parse_json(body: bytes) -> dict[str, Any]:
    """Parse a webhook body that must be a JSON object of reasonable depth.

    Raises:
        BadUpdate: Empty, not UTF-8, not JSON, not an object, or nested too deeply.
    """
    try:
        parsed: object = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BadUpdate(f"not JSON ({type(exc).__name__})") from None
    if not isinstance(parsed, dict):
        raise BadUpdate(f"a JSON {type(parsed).__name__}, not an object")
    if _depth(parsed) > MAX_DEPTH:
        raise BadUpdate(f"nested deeper than {MAX_DEPTH} levels")
    return parsed


def _depth(value: object) -> int:
    """How deeply ``value`` nests lists and objects, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if not isinstance(item, dict | list):
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, level + 1) for child in children)
    return deepest


async def read_capped(request: web.Request, limit: int) -> bytes | None:
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


Address = tuple[str, int]


class HttpServers:
    """The bot's HTTP listeners: every server asked for the same ``host``:``port`` is ONE
    application and one listener (the web app, the webhooks and the media links can share a
    port behind one reverse proxy).

    Routes are added to :meth:`app` first; :meth:`start` then listens on every address and
    runs what waits for a listener (registering a webhook URL with the platform). An
    application cannot take routes once it listens, so everything is added before.
    """

    def __init__(self, client_max_size: int = DEFAULT_MAX_BODY_BYTES) -> None:
        """No address yet; ``client_max_size`` is every application's largest read body."""
        self._client_max_size = client_max_size
        self._apps: dict[Address, web.Application] = {}
        self._servers: dict[Address, HttpServer] = {}
        self._listening: list[Callable[[], Awaitable[object]]] = []

    def app(self, host: str, port: int) -> web.Application:
        """The application served on ``host``:``port`` (made on first ask)."""
        address = (host, port)
        if address not in self._apps:
            self._apps[address] = web_app(self._client_max_size)
        return self._apps[address]

    def when_listening(self, action: Callable[[], Awaitable[object]]) -> None:
        """Run ``action`` once :meth:`start` listens (e.g. ``setWebhook``)."""
        self._listening.append(action)

    def port(self, host: str, port: int) -> int:
        """The port bound for the address asked as ``host``:``port`` (0 picks one)."""
        server = self._servers.get((host, port))
        return port if server is None else server.port

    async def start(self) -> None:
        """Listen on every address not listened on yet, then run the waiting actions."""
        for address, app in self._apps.items():
            if address not in self._servers:
                server = HttpServer(app, *address)
                await server.start()
                self._servers[address] = server
        actions, self._listening = self._listening, []
        for action in actions:
            await action()

    async def stop(self) -> None:
        """Stop every listener (each waits for its webhook updates still being handled)."""
        servers, self._servers = self._servers, {}
        self._apps = {}
        for server in servers.values():
            await server.stop()
