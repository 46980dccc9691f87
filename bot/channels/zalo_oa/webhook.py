"""The OA webhook route on the bot's own HTTP server.

Zalo signs each event: ``X-ZEvent-Signature: mac=<hex>`` where ``hex`` is the SHA-256 of the
app id, the raw body, the event's ``timestamp`` and the OA secret key, concatenated (plain
SHA-256, not an HMAC: platforms.md §D). The route trusts nothing before that check:

* no signature header: 403 before the body is read;
* the body is capped while it is read (413 over the cap);
* the body must be a JSON object (only to read its ``timestamp``, which is signed too);
  a wrong signature answers 403, compared in constant time;
* a timestamp further than ``max_age`` from the bot's clock answers 403;
* an event already handled (the same signature) answers 200 and does nothing again; the
  signatures go to the processed-updates log the router uses, so this holds after a restart.

A good event is answered 200 at once and handled in a background task.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, Final, Protocol

from aiohttp import web

from bot.channels.webhook import DEFAULT_MAX_BODY_BYTES, BadUpdate, parse_json, read_capped
from bot.channels.zalo_oa.mapping import event_time
from bot.clock import Clock
from bot.ports import Channel

logger = logging.getLogger(__name__)

SIGNATURE_HEADER: Final = "X-ZEvent-Signature"


class SeenLog(Protocol):
    """Remembers handled keys (``bot.services.conversation.UpdateLog``)."""

    def first_time(self, channel: Channel, key: str) -> bool:
        """Record ``key``; False if it was recorded before."""
        ...


def expected_mac(app_id: str, body: bytes, timestamp: str, secret_key: str) -> str:
    """The hex digest Zalo puts after ``mac=``."""
    return hashlib.sha256(
        app_id.encode() + body + timestamp.encode() + secret_key.encode()
    ).hexdigest()


class OaWebhook:
    """The route: verify, deduplicate, answer, handle in the background."""

    def __init__(
        self,
        *,
        app_id: str,
        secret_key: str,
        max_age: timedelta,
        clock: Clock,
        seen: SeenLog,
        on_event: Callable[[dict[str, Any]], Awaitable[None]],
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        self._app_id = app_id
        self._secret = secret_key
        self._max_age = max_age
        self._clock = clock
        self._seen = seen
        self._on_event = on_event
        self._max_body = max_body_bytes
        self._tasks: set[asyncio.Task[None]] = set()

    def add_to(self, app: web.Application, path: str) -> None:
        """Serve the route at ``path``; its tasks are awaited when ``app`` is cleaned up."""
        app.router.add_route("*", "/" + path.strip("/"), self.handle)
        app.on_cleanup.append(self._drain)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one webhook call (see the module docstring)."""
        if request.method != "POST":
            raise web.HTTPNotFound
        given = request.headers.get(SIGNATURE_HEADER, "").strip().lower()
        if not given:
            logger.warning("Zalo OA webhook call without a signature refused")
            raise web.HTTPForbidden
        body = await read_capped(request, self._max_body)
        if body is None:
            raise web.HTTPRequestEntityTooLarge(
                max_size=self._max_body, actual_size=request.content_length or 0
            )
        event = self._verified(body, given.removeprefix("mac="))
        if not self._seen.first_time(Channel.ZALO_OA, given.removeprefix("mac=")):
            logger.info("Zalo OA webhook event seen before: ignored")
            return web.json_response({"error": 0})
        task = asyncio.create_task(self._process(event))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return web.json_response({"error": 0})

    def _verified(self, body: bytes, mac: str) -> dict[str, Any]:
        """The event, once its signature and age are checked; else 403."""
        try:
            event = parse_json(body)
        except BadUpdate as problem:
            logger.warning("Zalo OA webhook body refused: %s", problem)
            raise web.HTTPForbidden from None
        timestamp = event.get("timestamp")
        stamp = str(timestamp) if isinstance(timestamp, str | int) else ""
        wanted = expected_mac(self._app_id, body, stamp, self._secret)
        if not hmac.compare_digest(mac.encode(), wanted.encode()):
            logger.warning("Zalo OA webhook call with a wrong signature refused")
            raise web.HTTPForbidden
        at = event_time(event)
        if at is None or abs(self._clock.now() - at) > self._max_age:
            logger.warning("Zalo OA webhook event with a stale timestamp refused")
            raise web.HTTPForbidden
        return event

    async def _process(self, event: dict[str, Any]) -> None:
        try:
            await self._on_event(event)
        except Exception:
            logger.exception("Handling a Zalo OA webhook event failed")

    async def idle(self) -> None:
        """Wait until every event received so far is handled."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _drain(self, app: web.Application) -> None:
        await self.idle()
