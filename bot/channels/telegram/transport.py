"""An aiohttp transport for python-telegram-bot.

PTB's default transport (httpx over httpcore and anyio) spends more CPU per request than the
bot spends answering it; aiohttp does the same work in a fraction of that. PTB documents
:class:`telegram.request.BaseRequest` as the place to plug in another HTTP library.
"""

from __future__ import annotations

from typing import Final

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

DEFAULT_TIMEOUT: Final = 5.0
MEDIA_WRITE_TIMEOUT: Final = 20.0


class AiohttpRequest(BaseRequest):
    """Sends Bot API requests over one pooled :class:`aiohttp.ClientSession`.

    Args:
        connection_pool_size: Most connections open at once; further requests wait for one.
        read_timeout: Seconds to wait for an answer, unless a call says otherwise.
        pool_timeout: Seconds a request may wait for a free connection.
    """

    def __init__(
        self,
        connection_pool_size: int = 16,
        read_timeout: float | None = DEFAULT_TIMEOUT,
        pool_timeout: float | None = 30.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout in seconds."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (its connector must be made inside the running loop)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        """Close the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; see :meth:`telegram.request.BaseRequest.do_request`."""
        if self._session is None or self._session.closed:
            msg = "This AiohttpRequest is not initialized!"
            raise RuntimeError(msg)
        has_files = request_data is not None and request_data.contains_files
        timeout = aiohttp.ClientTimeout(
            total=None,
            connect=_pick(pool_timeout, self._pool_timeout),
            sock_connect=_pick(connect_timeout, DEFAULT_TIMEOUT),
            sock_read=_longest(
                _pick(read_timeout, self._read_timeout),
                _pick(write_timeout, MEDIA_WRITE_TIMEOUT if has_files else DEFAULT_TIMEOUT),
            ),
        )
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            # The URL holds the bot token: keep it out of messages that reach the logs.
            reason = str(exc).replace(url, "<Bot API URL>")
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {reason}") from exc


def _pick(value: object, default: float | None) -> float | None:
    """The call's own timeout, or the default when the call left it unset.

    PTB marks "unset" with a default-value object of its own; its type is private, so
    anything that is not a number or ``None`` counts as unset.
    """
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return default


def _longest(*values: float | None) -> float | None:
    """aiohttp has no separate write timeout: wait for the longer of the two."""
    if any(value is None for value in values):
        return None
    return max(value for value in values if value is not None)


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """Form fields (url-encoded), or a multipart form when files are uploaded."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not request_data.contains_files:
        return fields
    # Names as UTF-8, as the Bot API reads them: aiohttp would percent-encode a Vietnamese
    # name, which Telegram then shows as "Quy%E1%BA%BFt…".
    form = aiohttp.FormData(fields, quote_fields=False)
    for name, (filename, content, mime) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime)
    return form
