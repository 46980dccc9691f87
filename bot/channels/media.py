"""Short-lived public links to images and files, served by the bot's own HTTP server.

Zalo fetches the pictures the Bot Platform sends by URL, and neither Zalo door can carry an
Excel export as a file; so :class:`MediaStore` keeps the bytes in memory for a few minutes under
unguessable tokens (``secrets.token_urlsafe(24)``: 192 bits) and the person gets a link. The
store is bounded by count and by size; the oldest go first. Nothing is written to disk.
"""

from __future__ import annotations

import mimetypes
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from aiohttp import web

from bot.collation import without_accents
from bot.ports import Document
from bot.texts import Texts

#: What a file served as a download may be called in its URL: letters, digits, ``.-_``.
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")


@dataclass(frozen=True, slots=True)
class Stored:
    """One image or file held for a while."""

    expires_at: float
    content: bytes
    content_type: str
    name: str  # empty for an image shown inline


def url_name(name: str) -> str:
    """``name`` without accents and with anything but letters, digits and ``.-_`` as ``-``
    (the link stays readable in any chat; the download keeps the real name)."""
    kept = "".join(c if c in _SAFE else "-" for c in without_accents(name))
    return kept.strip("-.") or "tep"


class MediaStore:
    """Images and files kept in memory and served at unguessable URLs until they expire."""

    def __init__(
        self,
        *,
        public_base_url: str,
        ttl_seconds: float,
        monotonic: Callable[[], float] = time.monotonic,
        max_items: int = 500,
        max_bytes: int = 64 * 1024 * 1024,
    ) -> None:
        """Serve under ``public_base_url`` for ``ttl_seconds``; hold at most ``max_items``
        items and ``max_bytes`` bytes."""
        if max_items < 1:
            msg = "max_items must be at least 1"
            raise ValueError(msg)
        self._base_url = public_base_url.rstrip("/")
        self._ttl = ttl_seconds
        self._monotonic = monotonic
        self._max_items = max_items
        self._max_bytes = max_bytes
        self._bytes = 0
        # Insertion order is expiry order: the TTL is fixed and the clock monotonic.
        self._items: OrderedDict[str, Stored] = OrderedDict()

    def __len__(self) -> int:
        """Return how many items are held (expired ones may linger until pruned)."""
        return len(self._items)

    @property
    def ttl_minutes(self) -> int:
        """How long a link works, in whole minutes (at least 1), for the person's notice."""
        return max(1, int(self._ttl // 60))

    async def publish(self, content: bytes) -> str:
        """Store a PNG image and return the public URL it is served at until it expires."""
        token = self._put(content, "image/png", "")
        return f"{self._base_url}/media/{token}.png"

    async def publish_file(self, content: bytes, name: str) -> str:
        """Store a file and return the public URL it is downloaded from until it expires."""
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        token = self._put(content, kind, name)
        return f"{self._base_url}/files/{token}/{quote(url_name(name))}"

    def get(self, token: str) -> bytes | None:
        """Return the bytes stored under ``token``, or ``None`` if unknown or expired."""
        item = self.item(token)
        return None if item is None else item.content

    def item(self, token: str) -> Stored | None:
        """Return what is stored under ``token``, or ``None`` if unknown or expired."""
        item = self._items.get(token)
        if item is None:
            return None
        if self._monotonic() >= item.expires_at:
            self._drop(token)
            return None
        return item

    def add_routes(self, app: web.Application) -> None:
        """Serve the images (``/media/<token>.png``) and files (``/files/<token>/<name>``)."""
        app.router.add_route("*", "/media/{token:[A-Za-z0-9_-]+}.png", self._image)
        app.router.add_route("*", "/files/{token:[A-Za-z0-9_-]+}/{name}", self._file)

    def _put(self, content: bytes, content_type: str, name: str) -> str:
        now = self._monotonic()
        self._prune(now)
        token = secrets.token_urlsafe(24)
        self._items[token] = Stored(now + self._ttl, bytes(content), content_type, name)
        self._bytes += len(content)
        while len(self._items) > self._max_items or (
            self._bytes > self._max_bytes and len(self._items) > 1
        ):
            self._drop(next(iter(self._items)))
        return token

    def _drop(self, token: str) -> None:
        item = self._items.pop(token, None)
        if item is not None:
            self._bytes -= len(item.content)

    def _prune(self, now: float) -> None:
        while self._items:
            token, item = next(iter(self._items.items()))
            if item.expires_at > now:
                return
            self._drop(token)

    async def _image(self, request: web.Request) -> web.StreamResponse:
        item = self._found(request)
        if item.name:
            raise web.HTTPNotFound
        return web.Response(body=item.content, content_type=item.content_type, headers=_NO_STORE)

    async def _file(self, request: web.Request) -> web.StreamResponse:
        item = self._found(request)
        if not item.name:
            raise web.HTTPNotFound
        disposition = f"attachment; filename*=UTF-8''{quote(item.name)}"
        return web.Response(
            body=item.content,
            content_type=item.content_type,
            headers={**_NO_STORE, "Content-Disposition": disposition},
        )

    def _found(self, request: web.Request) -> Stored:
        if request.method not in {"GET", "HEAD"}:
            raise web.HTTPNotFound
        item = self.item(request.match_info["token"])
        if item is None:
            raise web.HTTPNotFound
        return item


_NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


async def file_notice(
    texts: Texts, files: MediaStore | None, document: Document, unavailable_key: str
) -> str:
    """What a chat that cannot carry ``document`` says instead: a short-lived link to it when
    the bot has a public address and the file's bytes, else ``unavailable_key``'s text."""
    if files is not None and document.content:
        url = await files.publish_file(document.content, document.name)
        return texts.t("media.file_link", name=document.name, url=url, minutes=files.ttl_minutes)
    return texts.t(unavailable_key, name=document.name)
