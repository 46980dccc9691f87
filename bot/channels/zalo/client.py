"""A small typed client of the Zalo Bot API (``https://bot-api.zaloplatforms.com``).

The bot token is part of every API URL. To keep it out of logs, exception messages and
reprs, requests are built with a redacted URL (httpx logs that one) and a private transport
puts the token into the path just before the request goes on the wire.

Besides 5xx and network errors, 403 and 429 are retried a few times with capped exponential
backoff: Zalo's error table lists 403 as an internal server error, and 429 ("quota
exceeded") also answers short bursts, so neither is final on its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Final, TypeVar

import httpx

__all__ = [
    "ZaloBadRequest",
    "ZaloBotInfo",
    "ZaloClient",
    "ZaloError",
    "ZaloForbidden",
    "ZaloQuotaExceeded",
    "ZaloServerError",
    "ZaloUnauthorized",
]

Sleep = Callable[[float], Awaitable[None]]
T = TypeVar("T")

MAX_DOWNLOAD_BYTES: Final = 20 * 1024 * 1024
_METHOD_KEY: Final = "zalo_method"
_REDACTED: Final = "***"
_POLL_MARGIN: Final = 10.0
_BACKOFF_START: Final = 0.5
_BACKOFF_CAP: Final = 8.0


class ZaloError(Exception):
    """The Zalo Bot API refused a call or could not be reached.

    Attributes:
        status: The HTTP status (0 for network errors and time-outs).
        description: What went wrong, without the bot token.
    """

    def __init__(self, status: int, description: str) -> None:
        super().__init__(f"Zalo Bot API error {status}: {description}")
        self.status = status
        self.description = description


class ZaloUnauthorized(ZaloError):
    """HTTP 401: the bot token is wrong or expired (fatal)."""

    def __init__(self, status: int = 401, description: str = "Unauthorized") -> None:
        super().__init__(
            status,
            f"{description}: the bot token is wrong or expired; check ZALO_BOT_TOKEN",
        )


class ZaloForbidden(ZaloError):
    """HTTP 403 (listed by Zalo as a server error): after the retries, the chat is
    taken as unreachable."""


class ZaloBadRequest(ZaloError):
    """HTTP 400 or 404 (or another 4xx): the call itself is wrong; retrying will not help."""


class ZaloQuotaExceeded(ZaloError):
    """HTTP 429 "quota exceeded", still answered after the retries: the monthly quota may be
    used up, or Zalo wants us to slow down (the outbox decides by its own count)."""


class ZaloServerError(ZaloError):
    """A 5xx answer, a network error or a time-out: worth retrying later."""


@dataclass(frozen=True, slots=True)
class ZaloBotInfo:
    """The bot's own account, from ``getMe``."""

    id: str
    account_name: str
    display_name: str


def _error_for(status: int, description: str) -> ZaloError:
    """Return the exception class matching an HTTP status / Zalo ``error_code``."""
    if status == 401:
        return ZaloUnauthorized(status, description)
    if status == 403:
        return ZaloForbidden(status, description)
    if status == 429:
        return ZaloQuotaExceeded(status, description)
    if status >= 500 or status in (0, 408):
        return ZaloServerError(status, description)
    return ZaloBadRequest(status, description)


# Answers retried with backoff inside one call (see the module docstring).
_RETRIED: Final = (ZaloServerError, ZaloForbidden, ZaloQuotaExceeded)


def _backoff(attempt: int) -> float:
    return float(min(_BACKOFF_CAP, _BACKOFF_START * 2**attempt))


class _TokenTransport(httpx.AsyncBaseTransport):
    """Puts the token into the path of API requests; everything else passes unchanged."""

    def __init__(self, inner: httpx.AsyncBaseTransport, base_url: str, token: str) -> None:
        self._inner = inner
        self._base_url = base_url
        self._token = token

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._base_url}>"

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        method = request.extensions.get(_METHOD_KEY)
        if isinstance(method, str):
            request = httpx.Request(
                request.method,
                f"{self._base_url}/bot{self._token}/{method}",
                headers=request.headers,
                stream=request.stream,
                extensions={k: v for k, v in request.extensions.items() if k != _METHOD_KEY},
            )
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


class ZaloClient:
    """Calls the Zalo Bot API (POST, JSON bodies) and maps its errors to :class:`ZaloError`."""

    def __init__(
        self,
        token: str,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 40.0,
        sleep: Sleep = asyncio.sleep,
        retries: int = 3,
    ) -> None:
        """Create a client; ``transport`` replaces the network (tests), ``sleep`` the waits."""
        self._token = token
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout
        self._sleep = sleep
        self._retries = retries
        inner = transport if transport is not None else httpx.AsyncHTTPTransport()
        self._http = httpx.AsyncClient(
            transport=_TokenTransport(inner, self._base_url, token), timeout=timeout
        )

    def __repr__(self) -> str:
        return f"ZaloClient(base_url={self._base_url!r})"

    async def aclose(self) -> None:
        """Close the connections."""
        await self._http.aclose()

    async def get_me(self) -> ZaloBotInfo:
        """Return the bot's account (also proves the token works)."""
        result = await self._call("getMe")
        return ZaloBotInfo(
            id=str(result.get("id", "")),
            account_name=str(result.get("account_name", "")),
            display_name=str(result.get("display_name") or result.get("account_name", "")),
        )

    async def get_update(self, timeout: int) -> dict[str, Any] | None:  # noqa: ASYNC109
        """Long-poll for one update; ``None`` when nothing arrived within ``timeout`` s."""
        result = await self._call(
            "getUpdates",
            {"timeout": timeout},
            http_timeout=max(self._timeout, timeout + _POLL_MARGIN),
            empty_on=408,
        )
        return result or None

    async def set_webhook(self, url: str, secret_token: str) -> None:
        """Make Zalo POST updates to ``url`` with header ``X-Bot-Api-Secret-Token``.

        Raises:
            ZaloBadRequest: ``url`` is not HTTPS (Zalo posts to public HTTPS URLs only; the
                call is not made).
        """
        if httpx.URL(url).scheme != "https":
            raise ZaloBadRequest(400, "the webhook URL must start with https://")
        await self._call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> None:
        """Stop webhook delivery (needed before polling)."""
        await self._call("deleteWebhook")

    async def get_webhook_info(self) -> str:
        """Return the webhook URL, or ``""`` when none is set."""
        result = await self._call("getWebhookInfo", empty_on=404)
        return str(result.get("url") or "") if result else ""

    async def send_message(self, chat_id: str, text: str, *, parse_mode: str = "") -> str:
        """Send text (1-2000 characters), formatted by ``parse_mode`` ("html", "markdown")
        when given; return the message id."""
        payload = {"chat_id": chat_id, "text": text}
        if parse_mode:
            payload["parse_mode"] = parse_mode
        result = await self._call("sendMessage", payload)
        return str(result.get("message_id", ""))

    async def send_photo(self, chat_id: str, photo_url: str, caption: str = "") -> str:
        """Send the image Zalo fetches from ``photo_url``, with ``caption`` when there is
        one (an empty caption is left out, not sent as ``""``); return the message id."""
        payload = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            payload["caption"] = caption
        result = await self._call("sendPhoto", payload)
        return str(result.get("message_id", ""))

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        """Show an activity such as "typing" in a chat."""
        await self._call("sendChatAction", {"chat_id": chat_id, "action": action})

    async def download(self, url: str, max_bytes: int = MAX_DOWNLOAD_BYTES) -> bytes:
        """Fetch a file a person sent (an image URL); refuse other schemes and big files."""
        if httpx.URL(url).scheme not in ("http", "https"):
            raise ZaloBadRequest(400, "only http and https URLs can be downloaded")
        return await self._retrying(lambda: self._download_once(url, max_bytes))

    async def _download_once(self, url: str, max_bytes: int) -> bytes:
        try:
            async with self._http.stream("GET", url, follow_redirects=True) as response:
                if response.status_code != 200:
                    raise _error_for(response.status_code, "the file could not be downloaded")
                if int(response.headers.get("content-length") or 0) > max_bytes:
                    raise ZaloBadRequest(413, f"the file is larger than {max_bytes} bytes")
                body = bytearray()
                async for piece in response.aiter_bytes():
                    body += piece
                    if len(body) > max_bytes:
                        raise ZaloBadRequest(413, f"the file is larger than {max_bytes} bytes")
                return bytes(body)
        except httpx.HTTPError as exc:
            raise ZaloServerError(0, self._redact(f"download failed: {exc!r}")) from None

    async def _call(
        self,
        method: str,
        payload: dict[str, Any] | None = None,
        *,
        http_timeout: float | None = None,
        empty_on: int | None = None,
    ) -> dict[str, Any]:
        """Call ``method``; return its ``result`` object ({} when the status is ``empty_on``)."""
        return await self._retrying(
            lambda: self._call_once(method, payload, http_timeout, empty_on)
        )

    async def _retrying(self, attempt: Callable[[], Awaitable[T]]) -> T:
        tries = 0
        while True:
            try:
                return await attempt()
            except _RETRIED:
                if tries >= self._retries:
                    raise
                await self._sleep(_backoff(tries))
                tries += 1

    async def _call_once(
        self,
        method: str,
        payload: dict[str, Any] | None,
        http_timeout: float | None,
        empty_on: int | None,
    ) -> dict[str, Any]:
        try:
            response = await self._http.post(
                f"{self._base_url}/bot{_REDACTED}/{method}",
                json=payload or {},
                timeout=http_timeout if http_timeout is not None else self._timeout,
                extensions={_METHOD_KEY: method},
            )
        except httpx.HTTPError as exc:
            raise ZaloServerError(0, self._redact(f"{method} failed: {exc!r}")) from None
        return self._result(response, empty_on)

    def _result(self, response: httpx.Response, empty_on: int | None) -> dict[str, Any]:
        """The call's ``result``; ``{}`` when Zalo answers ``empty_on``, by HTTP status or
        by the body's ``error_code`` (an idle long poll comes both ways)."""
        try:
            body: Any = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            body = {}
        status = response.status_code
        if status == 200 and body.get("ok") is True:
            result = body.get("result")
            return result if isinstance(result, dict) else {}
        if status == 200:
            status = int(body.get("error_code") or 500)
        if status == empty_on:
            return {}
        description = self._redact(str(body.get("description") or response.reason_phrase))
        raise _error_for(status, description)

    def _redact(self, text: str) -> str:
        return text.replace(self._token, _REDACTED) if self._token else text
