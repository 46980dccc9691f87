"""A fake Zalo Official Account platform for tests: OAuth, the OA API and the webhook pusher.

One aiohttp server on 127.0.0.1 plays both hosts (``oauth.zaloapp.com`` and
``openapi.zalo.me``): point both base URLs at :attr:`FakeZaloOa.base_url`.

What it does, after Zalo's documentation (platforms.md §D):

* ``POST /v4/oa/access_token`` (header ``secret_key``, form ``app_id``, ``grant_type``,
  ``refresh_token``) answers ``{"access_token", "refresh_token", "expires_in": "90000"}`` —
  ``expires_in`` is a string, as Zalo sends it. Every refresh token is single use: once used it
  is refused with ``{"error": -14014, "error_name": ..., "error_reason": ...,
  "error_description": "Invalid refresh token"}`` (HTTP 200). Access tokens issued earlier stay
  valid until they expire. :meth:`expire_access_tokens` makes them expire now.
* ``POST /v3.0/oa/message/cs`` (header ``access_token``) answers ``{"error": 0, "message":
  "Success", "data": {"message_id", "user_id"}}`` or ``{"error": <code>, "message": ...}`` with
  HTTP 200. Rules, in this order: unknown or expired token -216; text over 2,000 characters
  -201; not a follower -213; no interaction for 7 days -230; then the reply window: free within
  48 hours of the person's last message (or follow) for up to 8 messages; outside that (after
  48 h, or the 9th message), a verified OA (``proactive_quota`` set) spends one proactive
  message of its month and -211 once none is left; an OA without that quota gets -305 after
  48 h and -311 for the 9th message. :meth:`rate_limit` makes the next calls answer -32.
* ``POST /v2.0/oa/upload/image`` and ``/v2.0/oa/upload/file`` (multipart ``file``): an image
  (jpg/png, at most 1 MB) gives ``data.attachment_id``; a file (pdf/doc/docx only, at most
  5 MB) gives ``data.token``.
* A media template element by ``attachment_id`` or by ``url`` (fetched, as Zalo does), and a
  ``file`` attachment by token.

Unverified (from third-party integrations or assumed, no official text at hand): the OAuth
error codes other than -14014 (a wrong ``secret_key`` answers -14002 here); that a follow
opens the reply window; the 1 MB image and 5 MB file limits and the accepted file types; that
a proactive message skips the 8-message count; -201 for an over-long text; the receipt
events' shape (see :mod:`tests.fakes.zalo_oa_events`).

Tests push signed events to the bot with :meth:`push` (a user's message or follow opens the
fake's window for that person, an unfollow ends following) and read :attr:`sent`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Final, Self

import aiohttp
from aiohttp import web

from tests.fakes.zalo_oa_events import (
    APP_ID,
    OA_SECRET_KEY,
    SIGNATURE_HEADER,
    EventBuilder,
    JsonDict,
    encode,
    signature,
)
from tests.fakes.zalo_oa_window import MESSAGES, Refused, WindowRules, oauth_error, success

APP_SECRET: Final = "FAKE-app-secret-Q9w8"
FIRST_REFRESH_TOKEN: Final = "refresh-0001-FAKE"
MAX_TEXT: Final = 2000
MAX_IMAGE_BYTES: Final = 1024 * 1024
MAX_FILE_BYTES: Final = 5 * 1024 * 1024
FILE_TYPES: Final = frozenset({"pdf", "doc", "docx"})


@dataclass(frozen=True, slots=True)
class OaSent:
    """A message the OA sent: ``kind`` is ``"text"``, ``"image"`` or ``"file"``."""

    user_id: str
    kind: str
    message_id: str
    text: str = ""
    image: bytes = b""
    file_name: str = ""
    file: bytes = b""
    proactive: bool = False


class FakeZaloOa(WindowRules):
    """The fake platform (see the module docstring)."""

    def __init__(
        self,
        *,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        proactive_quota: int | None = None,
        expires_in: int = 90000,
    ) -> None:
        """``now`` is the platform's clock (share the bot's fake clock); ``proactive_quota``
        makes the OA verified with that many proactive messages this month."""
        self.now = now
        self.app_id, self.app_secret, self.oa_secret_key = APP_ID, APP_SECRET, OA_SECRET_KEY
        self.init_rules(proactive_quota)
        self.expires_in = expires_in
        self.events = EventBuilder()
        self.sent: list[OaSent] = []
        self.refreshes = 0
        self.oauth_calls = 0
        self.webhook_url = ""
        self._refresh_tokens = {FIRST_REFRESH_TOKEN}
        self._used_refresh: set[str] = set()
        self._access: dict[str, datetime] = {}
        self._images: dict[str, bytes] = {}
        self._files: dict[str, tuple[str, bytes]] = {}
        self._hosted: dict[str, bytes] = {}
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.base_url = ""

    async def start(self) -> None:
        """Listen on a free port of 127.0.0.1 and set :attr:`base_url`."""
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_post("/v4/oa/access_token", self._access_token)
        app.router.add_post("/v3.0/oa/message/cs", self._send_cs)
        app.router.add_post("/v2.0/oa/upload/{kind:image|file}", self._upload)
        app.router.add_get("/cdn/{name}", self._serve)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.base_url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        self._session = aiohttp.ClientSession()

    async def stop(self) -> None:
        """Stop listening."""
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

    def issue_refresh_token(self, token: str) -> None:
        """Accept ``token`` as a fresh refresh token (an operator logged in again)."""
        self._refresh_tokens.add(token)

    def expire_access_tokens(self) -> None:
        """Make every access token issued so far expire now."""
        self._access = dict.fromkeys(self._access, self.now())

    def host_file(self, content: bytes, name: str = "anh.jpg") -> str:
        """Serve ``content`` as Zalo's CDN serves what a person sent; return its URL."""
        key = f"{self._new_id()}-{name}"
        self._hosted[key] = content
        return f"{self.base_url}/cdn/{key}"

    def texts_to(self, user_id: str) -> list[str]:
        """The texts sent to ``user_id``, in order."""
        return [s.text for s in self.sent if s.user_id == user_id and s.kind == "text"]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until ``predicate()`` holds; it is checked whenever a message is sent."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(predicate)

    def stamp(self) -> int:
        """The platform's clock in milliseconds, as event timestamps carry it."""
        return int(self.now().timestamp() * 1000)

    async def push(self, event: JsonDict, *, signed: bool = True, mac: str | None = None) -> int:
        """POST ``event`` to :attr:`webhook_url`, signed as Zalo signs (or with ``mac``, or
        unsigned); a person's message or follow opens their window. Return the HTTP status."""
        body = encode(event)
        self._observe(event)
        headers = {"Content-Type": "application/json"}
        if signed or mac is not None:
            timestamp = str(event.get("timestamp", ""))
            sig = signature(self.app_id, body, timestamp, self.oa_secret_key)
            headers[SIGNATURE_HEADER] = mac if mac is not None else sig
        return await self.post_raw(body, headers)

    async def post_raw(self, body: bytes, headers: dict[str, str]) -> int:
        """POST a prepared body to the webhook (replays, forgeries); return the status."""
        assert self._session is not None and self.webhook_url
        async with self._session.post(self.webhook_url, data=body, headers=headers) as response:
            return response.status

    def _new_id(self) -> str:
        return f"{next(self._ids):032x}"

    # --- OAuth ---------------------------------------------------------------------------

    async def _access_token(self, request: web.Request) -> web.Response:
        self.oauth_calls += 1
        form = await request.post()
        if request.headers.get("secret_key") != self.app_secret or form.get("app_id") != (
            self.app_id
        ):
            return oauth_error(-14002, "Invalid app id or secret key")
        token = str(form.get("refresh_token", ""))
        grant = form.get("grant_type")
        if grant != "refresh_token" or token not in self._refresh_tokens:
            return oauth_error(-14014, "Invalid refresh token")
        self._refresh_tokens.discard(token)
        self._used_refresh.add(token)
        self.refreshes += 1
        access, refresh = f"access-{self._new_id()}", f"refresh-{self._new_id()}"
        self._access[access] = self.now() + timedelta(seconds=self.expires_in)
        self._refresh_tokens.add(refresh)
        return web.json_response(
            {"access_token": access, "refresh_token": refresh, "expires_in": str(self.expires_in)}
        )

    def _check_token(self, request: web.Request) -> None:
        expires = self._access.get(request.headers.get("access_token", ""))
        if expires is None or self.now() >= expires:
            raise Refused(-216)

    # --- sending ---------------------------------------------------------------------------

    async def _send_cs(self, request: web.Request) -> web.Response:
        try:
            self._check_token(request)
            body = json.loads(await request.read())
            user = str(body["recipient"]["user_id"])
            content = await self._content(user, body["message"])
            proactive = self._admit(user)
        except Refused as refused:
            return web.json_response({"error": refused.code, "message": str(refused)})
        except (KeyError, TypeError, ValueError):
            return web.json_response({"error": -201, "message": MESSAGES[-201]})
        sent = OaSent(**content, proactive=proactive)
        async with self._changed:
            self.sent.append(sent)
            self._changed.notify_all()
        data = {"message_id": sent.message_id, "user_id": user}
        return web.json_response({"error": 0, "message": "Success", "data": data})

    async def _content(self, user: str, message: JsonDict) -> dict[str, Any]:
        """What the message carries; raises :class:`Refused` for what Zalo refuses."""
        base: dict[str, Any] = {"user_id": user, "message_id": self._new_id()}
        if "text" in message and "attachment" not in message:
            text = str(message["text"])
            if not 1 <= len(text) <= MAX_TEXT:
                raise Refused(-201)
            return {**base, "kind": "text", "text": text}
        attachment = message["attachment"]
        if attachment["type"] == "file":
            name, content = self._files.get(str(attachment["payload"]["token"]), ("", b""))
            if not name:
                raise Refused(-201)
            return {**base, "kind": "file", "file_name": name, "file": content}
        element = attachment["payload"]["elements"][0]
        if element.get("media_type") != "image":
            raise Refused(-201)
        image = self._images.get(str(element.get("attachment_id", "")))
        if image is None:
            image = await self._fetch(str(element.get("url", "")))
        return {**base, "kind": "image", "image": image, "text": str(message.get("text", ""))}

    async def _fetch(self, url: str) -> bytes:
        assert self._session is not None
        try:
            async with self._session.get(url) as response:
                if response.status != 200:
                    raise Refused(-201)
                return await response.read()
        except (aiohttp.ClientError, ValueError):
            raise Refused(-201) from None

    # --- uploads and the CDN ------------------------------------------------------------

    async def _upload(self, request: web.Request) -> web.Response:
        try:
            self._check_token(request)
        except Refused as refused:
            return web.json_response({"error": refused.code, "message": str(refused)})
        form = await request.post()
        field = form.get("file")
        if not isinstance(field, web.FileField):
            return web.json_response({"error": -201, "message": MESSAGES[-201]})
        content, name = field.file.read(), field.filename or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        key = self._new_id()
        if request.match_info["kind"] == "image":
            if extension not in {"jpg", "jpeg", "png"} or len(content) > MAX_IMAGE_BYTES:
                return web.json_response({"error": -201, "message": "Image is invalid"})
            self._images[key] = content
            return success({"attachment_id": key})
        if extension not in FILE_TYPES or len(content) > MAX_FILE_BYTES:
            return web.json_response({"error": -201, "message": "File type is not supported"})
        self._files[key] = (name, content)
        return success({"token": key})

    async def _serve(self, request: web.Request) -> web.Response:
        content = self._hosted.get(request.match_info["name"])
        if content is None:
            raise web.HTTPNotFound
        return web.Response(body=content, content_type="application/octet-stream")
