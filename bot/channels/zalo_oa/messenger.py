"""Sending as the Zalo Official Account: consultation messages within the person's window.

Text goes in 2,000-unit pieces (the Bot Platform's splitter), buttons as numbered choices with
the last piece; a chart is uploaded as an image; an image a person sent is sent again by its
Zalo URL; a document goes as an uploaded file when the OA takes its type (pdf, doc, docx as
documented; unverified) and size, else as a short-lived link when the bot has a public
address (``public_base_url``), else the text says where to get it. Pictures and files go
first, so the numbered choices end the conversation. A picture or file Zalo refuses does not
cost the reply: its text goes with a notice.

Every message that went out is reported to :class:`bot.ports.Interactions` (the reply window
counts them). Zalo's error codes become the port's errors with the delivery outcome set.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Final, TypeVar

from bot.channels.media import MediaStore, file_notice
from bot.channels.numbered_chats import menu as numbered_menu
from bot.channels.zalo.messenger import split_plain
from bot.channels.zalo_oa.client import INVALID_ACCESS_TOKEN, OaClient, OaRefused, OaUnreachable
from bot.channels.zalo_oa.tokens import OaDisconnected, OaTokenUnavailable, TokenKeeper
from bot.formatting import strip_html
from bot.ports import (
    TEXT_LIMITS,
    Button,
    Capabilities,
    Channel,
    ChoiceMemory,
    DeliveryError,
    Document,
    Interactions,
    OutsideWindow,
    PermanentFailure,
    QuotaExhausted,
    RecipientBlocked,
    Reply,
    RetryLater,
    TransientFailure,
)
from bot.texts import Texts
from models import DeliveryOutcome

logger = logging.getLogger(__name__)

T = TypeVar("T")
TEXT_LIMIT: Final = TEXT_LIMITS[Channel.ZALO_OA]
#: Files the OA can send, as documented (``/v2.0/oa/upload/file``; unverified).
FILE_TYPES: Final = frozenset({"pdf", "doc", "docx"})
MAX_FILE_BYTES: Final = 5 * 1024 * 1024
IMAGE_TYPES: Final = (".jpg", ".jpeg", ".png")
#: How long to wait after Zalo's -32 "rate limited" (it does not say; our choice).
RATE_LIMIT_SECONDS: Final = 30.0
_WINDOW: Final = {
    -230: DeliveryOutcome.INACTIVE,
    -305: DeliveryOutcome.OUT_OF_WINDOW,
    -311: DeliveryOutcome.OUT_OF_QUOTA,
}


def delivery_error(exc: OaRefused) -> DeliveryError:
    """The port's error for a code Zalo refused a send with."""
    code, reason = exc.code, exc.description
    error: DeliveryError
    if code == -213:
        error = RecipientBlocked(reason, never_started=True)
        error.outcome = DeliveryOutcome.NOT_FOLLOWING.value
    elif code in _WINDOW:
        error = OutsideWindow(reason, outcome=_WINDOW[code].value)
    elif code == -211:
        error = QuotaExhausted(reason)
        error.outcome = DeliveryOutcome.OUT_OF_QUOTA.value
    elif code == -32:
        error = RetryLater(RATE_LIMIT_SECONDS)
        error.outcome = DeliveryOutcome.RATE_LIMITED.value
    elif code == INVALID_ACCESS_TOKEN:
        error = TransientFailure(reason)
    else:
        error = PermanentFailure(f"Zalo OA error {code}: {reason}")
    return error


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


class OaMessenger:
    """Implements :class:`bot.ports.Messenger` and :class:`bot.ports.FileSource`."""

    capabilities = Capabilities(buttons=False, edit=False, html=False, max_text=TEXT_LIMIT)

    def __init__(
        self,
        client: OaClient,
        tokens: TokenKeeper,
        texts: Texts,
        *,
        choices: ChoiceMemory,
        interactions: Interactions | None = None,
        files: MediaStore | None = None,
    ) -> None:
        """``files`` links to the files the OA cannot send (when the bot has a public
        address); ``interactions`` counts each message in the person's window."""
        self._files = files
        self._client = client
        self._tokens = tokens
        self._texts = texts
        self._choices = choices
        self._interactions = interactions

    async def send(self, chat_id: str, reply: Reply) -> str:
        """Send a reply: its picture or file, then its text with the numbered choices."""
        buttons = reply.flat_buttons()
        notices: list[str] = []
        message_id = ""
        if reply.photo is not None and reply.photo.content:
            sent = await self._attempt(chat_id, self._chart(chat_id, reply.photo.content))
            message_id = sent or message_id
            if not sent:
                notices.append(self._texts.t("zalo.delivery.photo_unavailable"))
        if reply.document is not None:
            sent = await self._attempt(chat_id, self._document(chat_id, reply.document))
            message_id = sent or message_id
            if not sent:
                notices.append(
                    await file_notice(
                        self._texts, self._files, reply.document, "zalo_oa.document_unavailable"
                    )
                )
        chunks = self._chunks(reply, buttons, notices)
        for index, chunk in enumerate(chunks, start=1):
            if buttons and index == len(chunks):
                # Remembered before the list is shown: an answer typed the moment it arrives
                # must not be matched against the previous list.
                await self._choices.remember(Channel.ZALO_OA, chat_id, buttons)
            message_id = await self._text(chat_id, chunk)
            await self._sent(chat_id)
        return message_id

    async def edit(self, chat_id: str, message_id: str, reply: Reply) -> None:
        """The OA cannot change a sent message: send the new version."""
        await self.send(chat_id, reply)

    async def download(self, file_id: str) -> bytes:
        """Fetch a file a person sent; its id is the URL Zalo hosts it at."""
        try:
            return await self._client.download(file_id)
        except OaUnreachable as exc:
            raise TransientFailure(exc.description) from exc
        except OaRefused as exc:
            raise PermanentFailure(exc.description) from exc

    async def _text(self, chat_id: str, text: str) -> str:
        return await self._call(lambda token: self._client.send_text(token, chat_id, text))

    async def _attempt(self, chat_id: str, sending: Awaitable[str | None]) -> str | None:
        """Send a picture or file; ``None`` when Zalo refuses it or it cannot go (the text
        says so), while a refusal of the person fails the whole reply."""
        try:
            message_id = await sending
        except PermanentFailure as exc:
            logger.warning("Zalo OA refused a picture or file, sending the text alone: %s", exc)
            return None
        if message_id is not None:
            await self._sent(chat_id)
        return message_id

    async def _chart(self, chat_id: str, content: bytes) -> str:
        attachment = await self._call(
            lambda token: self._client.upload_image(token, content, "bieudo.png")
        )
        return await self._call(
            lambda token: self._client.send_image(token, chat_id, attachment_id=attachment)
        )

    async def _document(self, chat_id: str, document: Document) -> str | None:
        """Send a document, or ``None`` when the OA cannot send it."""
        from_zalo = document.file_id.startswith(("https://", "http://"))
        if from_zalo and document.name.lower().endswith(IMAGE_TYPES):
            url = document.file_id
            return await self._call(lambda token: self._client.send_image(token, chat_id, url=url))
        if _extension(document.name) not in FILE_TYPES:
            return None
        content = document.content
        if not content and from_zalo:
            content = await self.download(document.file_id)
        if not content or len(content) > MAX_FILE_BYTES:
            return None
        file_token = await self._call(
            lambda token: self._client.upload_file(token, content, document.name)
        )
        return await self._call(lambda token: self._client.send_file(token, chat_id, file_token))

    async def _call(self, attempt: Callable[[str], Awaitable[T]]) -> T:
        """Run one API call with a valid token; on -216 refresh once and try again."""
        try:
            token = await self._tokens.token()
            try:
                return await attempt(token)
            except OaRefused as exc:
                if exc.code != INVALID_ACCESS_TOKEN:
                    raise
                token = await self._tokens.rejected(token)
                return await attempt(token)
        except OaRefused as exc:
            raise delivery_error(exc) from exc
        except OaUnreachable as exc:
            raise TransientFailure(exc.description) from exc
        except (OaDisconnected, OaTokenUnavailable) as exc:
            raise TransientFailure(f"Zalo OA cannot send now: {exc}") from exc

    async def _sent(self, chat_id: str) -> None:
        if self._interactions is None:
            return
        try:
            await self._interactions.sent(Channel.ZALO_OA, chat_id, 1)
        except Exception:
            # The message is out: failing here would make the outbox send it again.
            logger.exception("could not count a Zalo OA message in its window")

    def _chunks(self, reply: Reply, buttons: Sequence[Button], notices: list[str]) -> list[str]:
        """The text messages of a reply, numbered choices kept with the last one if they fit."""
        parts = [strip_html(reply.text).strip()]
        if reply.photo is not None:  # the OA's image message has no caption of its own
            parts.append(strip_html(reply.photo.caption).strip())
        parts += [strip_html(notice) for notice in notices]
        chunks = split_plain("\n\n".join(part for part in parts if part), TEXT_LIMIT)
        if not buttons:
            return chunks
        menu = numbered_menu(self._texts, buttons)
        joined = f"{chunks[-1]}\n\n{menu}" if chunks else menu
        if chunks and len(split_plain(joined, TEXT_LIMIT)) == 1:
            return [*chunks[:-1], joined]
        return chunks + split_plain(menu, TEXT_LIMIT)
