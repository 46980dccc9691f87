"""Numbered choices in chats without buttons (both Zalo doors).

Buttons are shown as a numbered list under the message; a typed answer ("2", the option's
text, "trang 3") becomes the press of that button — of the list shown when the answer
arrived: a number that arrives after a newer list was shown (it waited behind the person's
previous message) was typed for the older screen, and is refused with the current list.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Protocol

from bot.formatting import strip_html
from bot.numbered import press
from bot.ports import (
    Button,
    Channel,
    ChatKind,
    ChoiceMemory,
    DeliveryError,
    FileSource,
    Incoming,
    Messenger,
    Reply,
    ShownChoices,
)
from bot.routing import Router
from bot.texts import Texts

logger = logging.getLogger(__name__)


class ChatMessenger(Messenger, FileSource, Protocol):
    """A messenger that also fetches the files people send."""


class NumberedChat:
    """One turn of a chat without buttons: check the person's file can be fetched, turn a
    typed answer into a press, ask the router, answer (forgetting the list before a
    free-text question)."""

    def __init__(
        self,
        channel: Channel,
        router: Router,
        texts: Texts,
        choices: ChoiceMemory,
        messenger: ChatMessenger,
    ) -> None:
        self._channel = channel
        self._router = router
        self._texts = texts
        self._choices = choices
        self._messenger = messenger

    async def handle(self, incoming: Incoming) -> None:
        """Answer what a person sent (``received_at`` set by the channel)."""
        fetched = await self._fetched(incoming)

        async def pressed(typed: Incoming) -> Incoming | Reply:
            return await typed_press(typed, self._channel, self._choices, self._texts)

        async def answer(reply: Reply) -> None:
            await self.answer(incoming.chat_id, reply)

        # Both within the person's turn: the list a number answers is the one their previous
        # update left, whichever process handled it, and replies go out in update order.
        await self._router.dispatch(fetched, answer, prepare=pressed)

    async def answer(self, chat_id: str, reply: Reply) -> None:
        """Send ``reply``; a reply the platform refuses is logged (the person wrote first, so
        there is nobody else to tell)."""
        try:
            if not reply.buttons:
                # A free-text question follows: a number typed now is an answer, not a choice
                # (forgotten before sending, so an answer typed at once finds no old list).
                await self._choices.remember(self._channel, chat_id, [])
            await self._messenger.send(chat_id, reply)
        except DeliveryError as exc:
            logger.warning("could not answer a %s chat: %s", self._channel, type(exc).__name__)

    async def _fetched(self, incoming: Incoming) -> Incoming:
        """Check a file can be fetched, and learn its size, before it is used."""
        if incoming.file is None:
            return incoming
        try:
            content = await self._messenger.download(incoming.file.file_id)
        except DeliveryError:
            kind = "image" if incoming.file.mime_type.startswith("image/") else "document"
            return replace(incoming, file=None, unsupported=kind)
        return replace(incoming, file=replace(incoming.file, size=len(content)))


def menu(
    texts: Texts, buttons: Sequence[Button], render: Callable[[str], str] = strip_html
) -> str:
    """The numbered list of ``buttons``, each line passed through ``render``."""
    if len(buttons) == 1:
        header = texts.t("zalo.choice_one", number=1)
    else:
        header = texts.t("zalo.choices", first=1, last=len(buttons))
    lines = [render(header)]
    lines += [f"{i}. {render(b.label)}" for i, b in enumerate(buttons, start=1)]
    return "\n".join(lines)


async def typed_press(
    incoming: Incoming, channel: Channel, choices: ChoiceMemory, texts: Texts
) -> Incoming | Reply:
    """Turn a typed answer to the chat's numbered choices into that button's press, or
    refuse (with the current list) a number typed for an earlier list."""
    if incoming.text is None or incoming.chat_kind is not ChatKind.PRIVATE:
        return incoming
    shown = await choices.recall(channel, incoming.chat_id)
    if _for_an_earlier_list(incoming, shown):
        text = texts.t("zalo.outdated_choice", number=incoming.text.strip())
        return Reply(text, buttons=tuple((b,) for b in shown.buttons))
    button = press(incoming.text, shown.buttons)
    if button is None:
        return incoming
    return replace(incoming, text=None, callback=button.data)


def _for_an_earlier_list(incoming: Incoming, shown: ShownChoices) -> bool:
    """A number that arrived before the chat's current list was shown."""
    text = (incoming.text or "").strip()
    return (
        text.isdigit()
        and bool(shown.buttons)
        and incoming.received_at is not None
        and shown.shown_at is not None
        and incoming.received_at < shown.shown_at
    )
