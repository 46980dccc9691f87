"""A fake Zalo Bot API HTTP server for tests, bound to 127.0.0.1.

:class:`bot.channels.zalo.client.ZaloClient` is pointed at ``fake.base_url`` and talks real
HTTP to it. The fake answers like Zalo: the ``{"ok": ...}`` envelopes, HTTP 401 for a wrong
token, ``error_code`` 408 for an empty long poll (with HTTP 200 as the live API does, or HTTP
408 as an earlier fixture shows: ``idle_status``), 404 from ``getWebhookInfo`` without a
webhook, 400 for text outside 1-2000 characters. ``sendPhoto`` fetches the photo URL, as Zalo
does. ``setWebhook`` refuses a URL that is not HTTPS (Zalo posts to public HTTPS URLs only).

``sendMessage`` takes ``parse_mode`` "html" or "markdown" (anything else is a 400). Html is
checked against the tags Zalo documents (:mod:`tests.fakes.zalo_html`; anything else is a
400) and rendered: :attr:`Sent.text` is what the person reads (tags gone, entities decoded),
:attr:`Sent.raw` what the bot sent, :attr:`Sent.bold` the runs shown bold; the 2,000-unit
limit is on the rendered text. Markdown is accepted but not rendered (the bot does not send
it).

Tests queue user activity with :meth:`FakeZaloApi.push` (the ``*_update`` builders make the
update dicts), read what the bot sent in ``sent``, and make Zalo misbehave with ``block``,
``quota`` and ``fail_next``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final, Self

import aiohttp
from aiohttp import web

from tests.fakes.zalo_html import render_html

__all__ = ["MAX_TEXT_LENGTH", "TOKEN", "FakeZaloApi", "Sent"]

JsonDict = dict[str, Any]

TOKEN: Final = "1459232241454765289:FAKE-zalo-secret-TOKEN"
MAX_TEXT_LENGTH: Final = 2000
_DESCRIPTIONS: Final = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request timeout",
    429: "Quota exceeded",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


@dataclass(frozen=True, slots=True)
class Sent:
    """A message the bot sent (``sendMessage`` or ``sendPhoto``)."""

    method: str
    chat_id: str
    text: str | None = None
    photo_url: str | None = None
    photo_bytes: bytes | None = None
    caption: str | None = None
    #: Whether ``sendPhoto`` was given a ``caption`` key at all (even an empty one).
    caption_sent: bool = False
    parse_mode: str = ""
    raw: str | None = None
    bold: tuple[str, ...] = ()


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Refused(Exception):
    """Answer the current call with an error envelope."""

    def __init__(self, status: int, description: str = "", *, http_status: int = 0) -> None:
        super().__init__(description)
        self.status = status
        self.description = description or _DESCRIPTIONS.get(status, "Error")
        self.http_status = http_status or status


def _error(status: int, description: str = "", *, http_status: int = 0) -> web.Response:
    text = description or _DESCRIPTIONS.get(status, "Error")
    body = {"ok": False, "error_code": status, "description": text}
    return web.json_response(body, status=http_status or status)


class FakeZaloApi:
    """An in-process Zalo Bot API (see the module docstring)."""

    def __init__(
        self, token: str = TOKEN, *, max_wait: float = 0.5, idle_status: int = 200
    ) -> None:
        """Serve bot ``token``; an empty long poll answers ``error_code`` 408 after at most
        ``max_wait`` s, with HTTP ``idle_status`` (200 like the live API, or 408)."""
        self.token = token
        self.max_wait = max_wait
        self.idle_status = idle_status
        self.bot_id = token.partition(":")[0]
        self.account_name = "bot.ThiDua"
        self.display_name = "Bot Thi đua"
        self.sent: list[Sent] = []
        self.actions: list[tuple[str, str]] = []
        self.calls: list[tuple[str, JsonDict]] = []
        # For each update handed out: how many getUpdates calls had come by then.
        self.handed_at: list[int] = []
        self.quota: int | None = None
        self.webhook_url = ""
        self.webhook_secret = ""
        self.files: dict[str, bytes] = {}
        self._blocked: set[str] = set()
        self._failures: dict[str, deque[int]] = defaultdict(deque)
        self._ids = itertools.count(1)
        self._updates: asyncio.Queue[JsonDict] = asyncio.Queue()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.base_url = ""

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1 and set :attr:`base_url`."""
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._dispatch)
        app.router.add_get("/files/{name}", self._serve_file)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        self._session = aiohttp.ClientSession()

    async def stop(self) -> None:
        """Stop listening and close the photo-fetching session."""
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    # --- test controls -----------------------------------------------------------------

    def push(self, update: JsonDict) -> None:
        """Queue an update for the next ``getUpdates``."""
        self._updates.put_nowait(update)

    def block(self, chat_id: str) -> None:
        """Make every send to ``chat_id`` fail with HTTP 403."""
        self._blocked.add(chat_id)

    def fail_next(self, method: str, status: int, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with HTTP ``status``."""
        self._failures[method].extend([status] * times)

    def host_file(self, content: bytes) -> str:
        """Serve ``content`` (as Zalo's CDN serves a sent image); return its URL."""
        name = f"{self._new_id()}.jpg"
        self.files[name] = content
        return f"{self.base_url}/files/{name}"

    async def _serve_file(self, request: web.Request) -> web.Response:
        content = self.files.get(request.match_info["name"])
        if content is None:
            raise web.HTTPNotFound
        return web.Response(body=content, content_type="image/jpeg")

    def texts_to(self, chat_id: str) -> list[str]:
        """The texts of the ``sendMessage`` calls to ``chat_id``, in order."""
        return [s.text or "" for s in self.sent if s.chat_id == chat_id and s.text is not None]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until ``predicate()`` holds; it is checked whenever the fake records a call."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(predicate)

    async def wait_sent(self, count: int, timeout: float = 5.0) -> list[Sent]:  # noqa: ASYNC109
        """Wait until at least ``count`` messages were sent; return them all."""
        await self.wait_for(lambda: len(self.sent) >= count, timeout)
        return list(self.sent)

    async def post_webhook(
        self, url: str, update: JsonDict, *, secret: str | None, flat: bool = False
    ) -> int:
        """POST ``update`` to a webhook as Zalo does; return the HTTP status it answered."""
        headers = {"User-Agent": "Java/1.8.0_412"}
        if secret is not None:
            headers["X-Bot-Api-Secret-Token"] = secret
        body = update if flat else {"ok": True, "result": update}
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, json=body, headers=headers) as response,
        ):
            return response.status

    # --- update builders ---------------------------------------------------------------

    def _update(self, event: str, user: str, group: str | None, **content: Any) -> JsonDict:
        message: JsonDict = {
            "from": {"id": user, "display_name": f"Người {user}", "is_bot": False},
            "chat": {"id": group or user, "chat_type": "GROUP" if group else "PRIVATE"},
            "message_id": content.pop("message_id", None) or self._new_id(),
            "date": 1750316131602,
            **content,
        }
        return {"event_name": event, "message": message}

    def text_update(
        self, user: str, text: str, message_id: str | None = None, *, group: str | None = None
    ) -> JsonDict:
        """A text message from ``user`` (in group ``group`` if given)."""
        return self._update("message.text.received", user, group, text=text, message_id=message_id)

    def image_update(
        self, user: str, url: str, caption: str = "", *, field: str = "photo_url"
    ) -> JsonDict:
        """An image; ``field`` is ``photo_url`` (live captures) or ``photo`` (reference)."""
        content: JsonDict = {field: url, "caption": caption, "message_type": "CHAT_PHOTO"}
        return self._update("message.image.received", user, None, **content)

    def sticker_update(self, user: str) -> JsonDict:
        """A sticker."""
        sticker = {"sticker": "0e078a2fb66a5f34067b", "url": "https://example.com/s.webp"}
        return self._update("message.sticker.received", user, None, **sticker)

    def voice_update(self, user: str) -> JsonDict:
        """A voice message."""
        return self._update(
            "message.voice.received", user, None, voice_url="https://example.com/a.aac"
        )

    def unsupported_update(self, user: str | None = None) -> JsonDict:
        """Content Zalo does not hand over (without ``message`` when ``user`` is None)."""
        if user is None:
            return {"event_name": "message.unsupported.received"}
        return self._update("message.unsupported.received", user, None)

    def _new_id(self) -> str:
        return f"{next(self._ids):020x}"

    # --- the API -------------------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401)
        method = request.match_info["method"]
        params = await self._params(request)
        async with self._changed:
            self.calls.append((method, params))
            self._changed.notify_all()
        failures = self._failures.get(method)
        if failures:
            return _error(failures.popleft())
        handler = self._handlers().get(method)
        if handler is None:
            return _error(400, f"Unknown method {method}")
        try:
            result = await handler(params)
        except _Refused as refused:
            return _error(refused.status, refused.description, http_status=refused.http_status)
        return web.json_response(
            {"ok": True, "result": result} if result is not None else {"ok": True}
        )

    def _handlers(self) -> dict[str, Callable[[JsonDict], Any]]:
        return {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendChatAction": self._send_chat_action,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
        }

    @staticmethod
    async def _params(request: web.Request) -> JsonDict:
        params: JsonDict = dict(request.query)
        if request.content_type == "application/json":
            body = await request.json(loads=json.loads)
            params.update(body if isinstance(body, dict) else {})
        elif request.can_read_body:
            params.update(await request.post())
        return params

    async def _get_me(self, params: JsonDict) -> JsonDict:
        return {
            "id": self.bot_id,
            "account_name": self.account_name,
            "account_type": "BASIC",
            "can_join_groups": False,
            "display_name": self.display_name,
        }

    async def _get_updates(self, params: JsonDict) -> JsonDict:
        wait = min(float(params.get("timeout", 30)), self.max_wait)
        try:
            update = await asyncio.wait_for(self._updates.get(), wait)
        except TimeoutError:
            raise _Refused(408, http_status=self.idle_status) from None
        self.handed_at.append(sum(method == "getUpdates" for method, _ in self.calls))
        return update

    def _check_recipient(self, params: JsonDict) -> str:
        chat_id = str(params.get("chat_id") or "")
        if not chat_id:
            raise _Refused(400, "chat_id is required")
        if chat_id in self._blocked:
            raise _Refused(403)
        if self.quota is not None:
            if self.quota <= 0:
                raise _Refused(429)
            self.quota -= 1
        return chat_id

    async def _record(self, sent: Sent) -> JsonDict:
        async with self._changed:
            self.sent.append(sent)
            self._changed.notify_all()
        return {"message_id": self._new_id(), "date": 1750316131602}

    async def _send_message(self, params: JsonDict) -> JsonDict:
        raw, mode = params.get("text"), params.get("parse_mode", "")
        if mode not in ("", "html", "markdown") or not isinstance(raw, str):
            raise _Refused(400, "Bad Request: parse_mode must be markdown or html")
        try:
            text, bold = render_html(raw) if mode == "html" else (raw, ())
        except ValueError as exc:
            raise _Refused(400, f"Bad Request: {exc}") from None
        if not 1 <= _units(text) <= MAX_TEXT_LENGTH:
            raise _Refused(400, "text must be 1-2000 characters")
        chat_id = self._check_recipient(params)
        sent = Sent("sendMessage", chat_id, text=text, parse_mode=mode, raw=raw, bold=bold)
        return await self._record(sent)

    async def _send_photo(self, params: JsonDict) -> JsonDict:
        url, caption = str(params.get("photo") or ""), str(params.get("caption") or "")
        if not url or _units(caption) > MAX_TEXT_LENGTH:
            raise _Refused(400, "photo URL required, caption at most 2000 characters")
        content = await self._fetch(url)
        chat_id = self._check_recipient(params)
        sent = Sent(
            "sendPhoto",
            chat_id,
            photo_url=url,
            photo_bytes=content,
            caption=caption,
            caption_sent="caption" in params,
        )
        return await self._record(sent)

    async def _fetch(self, url: str) -> bytes:
        assert self._session is not None
        try:
            async with self._session.get(url) as response:
                if response.status != 200:
                    raise _Refused(400, f"could not fetch the photo: HTTP {response.status}")
                return await response.read()
        except (aiohttp.ClientError, ValueError) as exc:
            raise _Refused(400, f"could not fetch the photo: {exc}") from None

    async def _send_chat_action(self, params: JsonDict) -> None:
        chat_id = str(params.get("chat_id") or "")
        if not chat_id:
            raise _Refused(400, "chat_id is required")
        self.actions.append((chat_id, str(params.get("action") or "")))

    async def _set_webhook(self, params: JsonDict) -> JsonDict:
        url, secret = str(params.get("url") or ""), str(params.get("secret_token") or "")
        if not url.startswith("https://"):
            raise _Refused(400, "Bad Request: url must be a public HTTPS URL")
        if not 8 <= len(secret) <= 256:
            raise _Refused(400, "Bad Request: secret_token must be 8-256 characters")
        self.webhook_url, self.webhook_secret = url, secret
        check = {"ok": True, "url": url, "outcome": "webhook.ok", "hint": "ok"}
        return {"url": url, "updated_at": 1749538250568, "verification": check}

    async def _delete_webhook(self, params: JsonDict) -> JsonDict:
        self.webhook_url, self.webhook_secret = "", ""
        return {"url": "", "updated_at": 1749538250568}

    async def _get_webhook_info(self, params: JsonDict) -> JsonDict:
        if not self.webhook_url:
            raise _Refused(404)
        return {"url": self.webhook_url, "updated_at": 1749633372026}
