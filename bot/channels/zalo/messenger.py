"""Sending on Zalo: text in 2,000-character pieces, numbered choices, photos by URL.

Text goes with ``parse_mode: "html"`` (bold titles show bold; see
:mod:`bot.channels.zalo.markup`), or as plain text when the operator turns formatting off
(``zalo.parse_mode = "plain"``). A piece Zalo refuses in html mode is sent again as plain
text: Zalo's documentation does not say everything its html mode accepts.

A picture Zalo refuses (it could not fetch the URL, or does not take the image) does not
cost the reply: its text and numbered choices are sent anyway, with a short notice.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Sequence
from contextlib import asynccontextmanager
from typing import Final

from bot.channels.media import MediaStore, file_notice
from bot.channels.numbered_chats import menu as numbered_menu
from bot.channels.zalo.client import (
    ZaloBadRequest,
    ZaloClient,
    ZaloError,
    ZaloForbidden,
    ZaloQuotaExceeded,
)
from bot.channels.zalo.markup import split_markup, to_zalo_html
from bot.formatting import strip_html, visible_length
from bot.ports import (
    TEXT_LIMITS,
    Button,
    Capabilities,
    Channel,
    ChoiceMemory,
    PermanentFailure,
    Photo,
    PhotoHost,
    QuotaExhausted,
    RecipientBlocked,
    Reply,
    SendCounter,
    TransientFailure,
)
from bot.texts import Texts

logger = logging.getLogger(__name__)

__all__ = ["ZaloMessenger", "delivery_errors", "split_plain"]

TEXT_LIMIT: Final = TEXT_LIMITS[Channel.ZALO]
# Where a long text may be cut, best first: between paragraphs, lines, then words.
_SEPARATORS: Final = ("\n\n", "\n", " ")


@asynccontextmanager
async def delivery_errors() -> AsyncIterator[None]:
    """Translate :class:`ZaloError` values into :class:`bot.ports.DeliveryError` values."""
    try:
        yield
    except ZaloForbidden as exc:
        raise RecipientBlocked(exc.description, never_started=False) from exc
    except ZaloQuotaExceeded as exc:  # the outbox tells a spent quota from a burst
        raise QuotaExhausted(exc.description) from exc
    except ZaloBadRequest as exc:
        raise PermanentFailure(exc.description) from exc
    except ZaloError as exc:  # 401, 5xx, network: the token may be fixed, the server recover
        raise TransientFailure(str(exc)) from exc


def _units(text: str) -> int:
    # Zalo's servers run on Java, whose strings count UTF-16 units: an emoji counts 2.
    return len(text.encode("utf-16-le")) // 2


def _fitting_prefix(text: str, limit: int) -> int:
    """Return the length of the longest prefix of ``text`` within ``limit`` units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)


def _cut(text: str, limit: int) -> tuple[str, str]:
    """Split off the first chunk of ``text`` at the best boundary within ``limit``."""
    fit = _fitting_prefix(text, limit)
    window = text[:fit]
    for separator in _SEPARATORS:
        at = window.rfind(separator)
        if at > 0 and window[:at].strip():
            return window[:at], text[at + len(separator) :]
    # No boundary at all: a hard cut, never in front of a combining mark.
    while fit > 1 and unicodedata.combining(text[fit]):
        fit -= 1
    return text[:fit], text[fit:]


def split_plain(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split plain text into chunks of at most ``limit`` units, at paragraph boundaries.

    Blank lines are preferred, then line breaks, then spaces; only a single word longer
    than ``limit`` is cut hard. Chunks that would be only whitespace are dropped.
    """
    chunks: list[str] = []
    rest = text
    while _units(rest) > limit:
        chunk, rest = _cut(rest, limit)
        if chunk.strip():
            chunks.append(chunk.rstrip().lstrip("\n"))
    if rest.strip():
        chunks.append(rest.rstrip().lstrip("\n"))
    return chunks


def _zalo_image(reply: Reply) -> bool:
    """Whether the reply's file is an image that came from Zalo (kept as its URL)."""
    document = reply.document
    return document is not None and document.file_id.startswith(("https://", "http://"))


class ZaloMessenger:
    """Implements :class:`bot.ports.Messenger` and :class:`bot.ports.FileSource` for Zalo."""

    capabilities = Capabilities(buttons=False, edit=False, html=False, max_text=TEXT_LIMIT)

    def __init__(
        self,
        client: ZaloClient,
        texts: Texts,
        *,
        choices: ChoiceMemory,
        photos: PhotoHost | None = None,
        files: MediaStore | None = None,
        counter: SendCounter | None = None,
        html: bool = True,
    ) -> None:
        """Send through ``client``; ``photos`` publishes charts and ``files`` links to the
        files Zalo cannot carry, ``counter`` counts quota; ``html`` sends text with
        ``parse_mode: "html"`` (plain text otherwise)."""
        self._client = client
        self._html = html
        self.capabilities = Capabilities(buttons=False, edit=False, html=html, max_text=TEXT_LIMIT)
        self._texts = texts
        self._choices = choices
        self._photos = photos
        self._files = files
        self._counter = counter

    async def send(self, chat_id: str, reply: Reply) -> str:
        """Send a reply: its picture, then its text (choices with the last piece)."""
        buttons = reply.flat_buttons()
        message_id = ""
        photo_sent = image_sent = False
        async with delivery_errors():
            # The picture first, so the numbered choices end the conversation.
            if self._can_upload(reply.photo):
                photo_id = await self._refusable(self._send_photo(chat_id, reply.photo))
                message_id, photo_sent = photo_id or message_id, photo_id is not None
            if _zalo_image(reply):
                image_id = await self._refusable(self._resend_image(chat_id, reply))
                message_id, image_sent = image_id or message_id, image_id is not None
            notice = ""
            if reply.document is not None and not image_sent:
                notice = await file_notice(
                    self._texts, self._files, reply.document, "zalo.document_unavailable"
                )
            chunks = self._chunks(reply, buttons, photo_sent=photo_sent, notice=notice)
            for index, chunk in enumerate(chunks, start=1):
                if buttons and index == len(chunks):
                    # Remembered before the list is shown: an answer typed the moment it
                    # arrives must not be matched against the previous list.
                    await self._choices.remember(Channel.ZALO, chat_id, buttons)
                message_id = await self._send_text(chat_id, chunk)
        return message_id

    async def edit(self, chat_id: str, message_id: str, reply: Reply) -> None:
        """Zalo cannot change a sent message: send the new version."""
        await self.send(chat_id, reply)

    async def download(self, file_id: str) -> bytes:
        """Fetch an image a person sent; its id is the image URL."""
        async with delivery_errors():
            return await self._client.download(file_id)

    async def _send_text(self, chat_id: str, piece: str) -> str:
        """Send one piece; an html piece Zalo refuses goes again as plain text."""
        if not self._html:
            message_id = await self._client.send_message(chat_id, piece)
            await self._count()
            return message_id
        try:
            message_id = await self._client.send_message(chat_id, piece, parse_mode="html")
        except ZaloBadRequest as exc:
            logger.warning("Zalo refused a formatted message, sending it plain: %s", exc)
            message_id = ""
            for plain in split_plain(strip_html(piece)):
                message_id = await self._client.send_message(chat_id, plain)
                await self._count()
            return message_id
        await self._count()
        return message_id

    @staticmethod
    async def _refusable(sending: Awaitable[str]) -> str | None:
        """Send a picture; ``None`` when Zalo refuses it (the text goes without it)."""
        try:
            return await sending
        except ZaloBadRequest as exc:
            logger.warning("Zalo refused a picture, sending the text alone: %s", exc.description)
            return None

    def _can_upload(self, photo: Photo | None) -> bool:
        return photo is not None and bool(photo.content) and self._photos is not None

    async def _send_photo(self, chat_id: str, photo: Photo | None) -> str:
        if photo is None or self._photos is None:
            return ""
        url = await self._photos.publish(photo.content)
        caption = strip_html(photo.caption).strip()
        caption = caption[: _fitting_prefix(caption, TEXT_LIMIT)]
        message_id = await self._client.send_photo(chat_id, url, caption)
        await self._count()
        return message_id

    async def _resend_image(self, chat_id: str, reply: Reply) -> str:
        """Send again an image a person sent on Zalo: its file id is the image's URL."""
        assert reply.document is not None
        caption = strip_html(reply.document.caption or reply.document.name).strip()
        caption = caption[: _fitting_prefix(caption, TEXT_LIMIT)]
        message_id = await self._client.send_photo(chat_id, reply.document.file_id, caption)
        await self._count()
        return message_id

    async def _count(self) -> None:
        if self._counter is None:
            return
        try:
            await self._counter.count_sent(Channel.ZALO, 1)
        except Exception:
            # The message is out: failing here would make the outbox send it again.
            logger.exception("could not count a Zalo message against the quota")

    def _chunks(
        self, reply: Reply, buttons: Sequence[Button], *, photo_sent: bool, notice: str
    ) -> list[str]:
        """The text messages of a reply, numbered choices kept with the last one if they fit;
        what a picture that was not sent would have shown is said in words, and ``notice``
        says where its file is."""
        parts = [self._render(reply.text).strip()]
        if reply.photo is not None and not photo_sent:
            parts.append(self._render(reply.photo.caption).strip())
            if self._can_upload(reply.photo):  # Zalo refused it
                parts.append(self._render(self._texts.t("zalo.delivery.photo_unavailable")))
        if notice:
            parts.append(self._render(notice))
        chunks = self._split("\n\n".join(part for part in parts if part))
        if not buttons:
            return chunks
        menu = numbered_menu(self._texts, buttons, self._render)
        if chunks and self._length(f"{chunks[-1]}\n\n{menu}") <= TEXT_LIMIT:
            return [*chunks[:-1], f"{chunks[-1]}\n\n{menu}"]
        return chunks + self._split(menu)

    def _render(self, text: str) -> str:
        """The core's markup as this messenger sends it: Zalo html, or plain text."""
        return to_zalo_html(text) if self._html else strip_html(text)

    def _split(self, text: str) -> list[str]:
        return split_markup(text, TEXT_LIMIT) if self._html else split_plain(text)

    def _length(self, text: str) -> int:
        """The length Zalo counts: the rendered text, in UTF-16 units."""
        return visible_length(text) if self._html else _units(text)
