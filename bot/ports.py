"""Channel-neutral values exchanged between channel adapters and the core.

Adapters decode native updates into :class:`Incoming`, the router answers with
:class:`Reply` values, and adapters encode those back into native calls. Nothing here
knows which network it is on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable


class Channel(StrEnum):
    """A chat network the bot talks on."""

    TELEGRAM = "telegram"
    ZALO = "zalo"  # the Zalo Bot Platform
    ZALO_OA = "zalo_oa"  # a Zalo Official Account
    CONSOLE = "console"


class ChatKind(StrEnum):
    """Whether a chat is one person's private chat or a group."""

    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file a person sent; ``file_id`` is opaque to the core."""

    file_id: str
    name: str
    mime_type: str
    size: int


@dataclass(frozen=True, slots=True)
class Incoming:
    """One thing a person did: a message, a command or a button press.

    Attributes:
        channel: The network it came from.
        chat_id: The chat to answer in (text; Telegram ids are integers on the wire).
        user_id: The person's account id on that network.
        text: The message text, NFC-normalised; ``None`` for button presses and files.
        callback: The packed callback payload of a pressed button.
        update_key: A key unique per update on the channel, used to ignore redeliveries.
        display_name: The name the network shows for the person.
        chat_kind: Private chat or group.
        message_id: The message a pressed button belongs to (lets the reply edit it).
        file: A document or photo sent with the message.
        unsupported: What the person sent when the channel cannot hand it over as text or a
            file (``"sticker"``, ``"voice"``, ``"document"``, ``"other"``).
        received_at: When the bot received it (its own clock), for channels that answer
            numbered choices: a number that arrived before the current choices were shown
            was typed for an earlier screen.
    """

    channel: Channel
    chat_id: str
    user_id: str
    text: str | None = None
    callback: str | None = None
    update_key: str | None = None
    display_name: str = ""
    chat_kind: ChatKind = ChatKind.PRIVATE
    message_id: str | None = None
    file: FileRef | None = None
    unsupported: str | None = None
    received_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Button:
    """A button: a label shown to the person and the packed payload sent back."""

    label: str
    data: str


@dataclass(frozen=True, slots=True)
class Command:
    """A command of the role's menu (Telegram ``setMyCommands``)."""

    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Document:
    """A file the bot sends: new bytes, or (``file_id``) a file already on the channel."""

    name: str
    content: bytes = b""
    caption: str = ""
    file_id: str = ""


@dataclass(frozen=True, slots=True)
class Photo:
    """An image the bot sends (a PNG chart): new bytes, or (``file_id``) one already sent."""

    content: bytes = b""
    caption: str = ""
    file_id: str = ""


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot answers.

    ``text`` uses the small HTML subset Telegram accepts (``<b>``, ``<i>``, ``<code>``);
    every user value in it is already escaped by :mod:`bot.texts`. Adapters that cannot show
    HTML strip the tags.

    Attributes:
        text: The message.
        buttons: Rows of buttons; channels without buttons show them as numbered choices.
        edit: Replace the message whose button was pressed instead of sending a new one.
        commands: When set, the person's command menu becomes this list.
        document: A file to send after the text.
        photo: An image to send after the text, with its caption.
    """

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    edit: bool = False
    commands: tuple[Command, ...] | None = None
    document: Document | None = None
    photo: Photo | None = None

    def flat_buttons(self) -> list[Button]:
        """Return the buttons in reading order (rows left to right, top to bottom)."""
        return [button for row in self.buttons for button in row]


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message to someone other than the person being answered (sent by the outbox)."""

    channel: Channel
    chat_id: str
    reply: Reply
    is_group: bool = False


class DeliveryError(Exception):
    """Base of the errors a :class:`Messenger` raises when a message cannot be delivered.

    Attributes:
        outcome: What the platform's answer means for the delivery report, when the channel
            can tell (a :class:`models.DeliveryOutcome` value, e.g. ``"not_following"``);
            empty when the error says no more than its class.
    """

    outcome: str = ""


class RecipientBlocked(DeliveryError):
    """The person blocked the bot or never started it; retrying will not help.

    Attributes:
        never_started: True when the person never opened a chat with the bot.
    """

    def __init__(self, reason: str, *, never_started: bool = False) -> None:
        super().__init__(reason)
        self.never_started = never_started


class RetryLater(DeliveryError):
    """The platform asked us to slow down (HTTP 429).

    Attributes:
        seconds: How long the platform asked us to wait.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds}s")
        self.seconds = seconds


class TransientFailure(DeliveryError):
    """A network error, time-out or 5xx answer: worth retrying with backoff."""


class PermanentFailure(DeliveryError):
    """The platform refused the message itself (HTTP 400); retrying would fail again."""


class OutsideWindow(DeliveryError):
    """The channel may not send to this person now: a Zalo OA replies freely only within a
    window after the person's last message; the message can go when they write again, or by
    another channel (``outcome`` says which rule refused it)."""

    def __init__(self, reason: str, *, outcome: str) -> None:
        super().__init__(reason)
        self.outcome = outcome


class QuotaExhausted(DeliveryError):
    """The platform refused for its message quota (Zalo HTTP 429, after retries): the outbox
    waits for next month when its own count says the quota is spent, else backs off."""


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a channel can show."""

    buttons: bool
    edit: bool
    html: bool
    max_text: int = field(default=4096)


#: The longest message each channel shows in one piece (Telegram counts UTF-16 units).
TEXT_LIMITS: dict[Channel, int] = {
    Channel.TELEGRAM: 4096,
    Channel.ZALO: 2000,
    Channel.ZALO_OA: 2000,
    Channel.CONSOLE: 4096,
}


@runtime_checkable
class FileSource(Protocol):
    """Downloads a file a person sent on one channel."""

    async def download(self, file_id: str) -> bytes:
        """Return the file's bytes.

        Raises:
            DeliveryError: The platform could not hand the file over.
        """
        ...


class Messenger(Protocol):
    """Sends messages on one channel; implemented by each channel adapter."""

    capabilities: Capabilities

    async def send(self, chat_id: str, reply: Reply) -> str:
        """Send ``reply`` to a chat and return the id of the (last) message sent.

        Raises:
            DeliveryError: A subclass saying whether and when to retry.
        """
        ...

    async def edit(self, chat_id: str, message_id: str, reply: Reply) -> None:
        """Replace a message the bot sent (channels that cannot edit send a new one).

        Raises:
            DeliveryError: A subclass saying whether and when to retry.
        """
        ...


@dataclass(frozen=True, slots=True)
class ShownChoices:
    """The numbered choices a chat was last shown, and when they were stored."""

    buttons: tuple[Button, ...] = ()
    shown_at: datetime | None = None


class ChoiceMemory(Protocol):
    """Remembers the numbered choices last shown in a chat of a channel without buttons."""

    async def remember(self, channel: Channel, chat_id: str, buttons: Sequence[Button]) -> None:
        """Store ``buttons`` as the chat's current choices (empty: forget them)."""
        ...

    async def recall(self, channel: Channel, chat_id: str) -> ShownChoices:
        """Return the chat's current choices, in the order they were numbered."""
        ...


class PhotoHost(Protocol):
    """Publishes an image at a short-lived public URL (channels that fetch images by URL)."""

    async def publish(self, content: bytes) -> str:
        """Return the URL the image can be fetched from for a few minutes."""
        ...


class SendCounter(Protocol):
    """Counts messages sent on a channel against its monthly quota."""

    async def count_sent(self, channel: Channel, messages: int) -> None:
        """Record ``messages`` more messages sent on ``channel`` this month."""
        ...


class Interactions(Protocol):
    """What a channel with a reply window (the Zalo OA) tells the core about its chats."""

    async def inbound(self, channel: Channel, chat_id: str, at: datetime) -> None:
        """The person wrote (or followed) at ``at``: their reply window opens again, and the
        deliveries waiting for it are released."""
        ...

    async def left(self, channel: Channel, chat_id: str, at: datetime) -> None:
        """The person stopped following (unfollowed the OA): nothing is sent to the account
        until they follow or write again."""
        ...

    async def sent(self, channel: Channel, chat_id: str, messages: int) -> None:
        """``messages`` more messages went to the chat in its current window."""
        ...

    async def receipts(
        self,
        channel: Channel,
        chat_id: str,
        message_ids: Sequence[str],
        *,
        seen: bool,
        at: datetime,
    ) -> int:
        """The platform reports messages received (``seen``: read) by the person at ``at``;
        return how many of them were found (a receipt may come before the message's id is
        stored: the channel tries again later)."""
        ...


@dataclass(frozen=True, slots=True)
class ChatMembership:
    """The platform reports the bot's place in a chat changed: in a private chat the person
    blocked the bot (``present`` False) or unblocked or started it again; in a group the bot
    was added (``present``) or removed.

    Attributes:
        channel: The network it came from.
        chat_id: The chat.
        chat_kind: Private chat or group.
        present: Whether the bot can send to the chat now.
        at: The platform's time of the change (reports are applied in this order).
        sequence: The platform's update number, orders reports of the same second (0: none).
        title: The group's title (empty for private chats).
    """

    channel: Channel
    chat_id: str
    chat_kind: ChatKind
    present: bool
    at: datetime
    sequence: int = 0
    title: str = ""


class ChatStates(Protocol):
    """Records what the platforms report about the bot's place in chats."""

    async def changed(self, change: ChatMembership) -> bool:
        """Record ``change`` unless a newer report was recorded; return whether it was."""
        ...
