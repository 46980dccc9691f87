"""A turn of a conversation: what came in, who sent it, and what a handler may use."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.dates import EXAMPLES, examples
from bot.dialogs import DialogEngine
from bot.ports import Channel, DeliveryError, FileRef, FileSource, Incoming
from bot.services import Services
from bot.services.common import Departure, DialogView, MemberView
from bot.texts import Texts, placeholders

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class BotIdentity:
    """How people reach the running bot, as its channel adapter tells (known after start-up).

    Attributes:
        username: The bot's public name.
        start_link: A link with a ``{token}`` placeholder that opens the bot and sends it
            ``/start <token>``; empty where the channel has no such link.
    """

    username: str = ""
    start_link: str = ""

    def invite_link(self, token: str) -> str | None:
        """The link that opens the bot with ``token``, or ``None`` without one."""
        return self.start_link.format(token=token) if self.start_link else None


@dataclass(frozen=True, slots=True)
class Turn:
    """One conversational turn: what came in, who sent it, and what handlers may use.

    Attributes:
        incoming: The update, decoded and normalised.
        member: The member behind the account, or ``None`` for strangers.
        args: The text after the command word.
        services: The use cases.
        texts: The text catalogue.
        settings: The configuration.
        clock: The clock.
        dialogs: The dialog engine.
        identity: The bot's public identity, for invite links.
        files: Per channel, what downloads the files people send (its messenger).
        dialog: The person's open dialog in this chat, when a command interrupts it.
        departed: The member who left, when the account is theirs: they are answered that
            and nothing else happens.
    """

    incoming: Incoming
    member: MemberView | None
    args: str
    services: Services
    texts: Texts
    settings: Settings
    clock: Clock
    dialogs: DialogEngine[Turn]
    identity: BotIdentity
    files: Mapping[Channel, object]
    dialog: DialogView | None = None
    departed: Departure | None = None

    def t(self, key: str, **params: object) -> str:
        """Shortcut for ``self.texts.t``; the example dates a text shows (``{example_day}``…)
        are computed from today."""
        wanted = placeholders(self.texts.raw(key)) - params.keys()
        if wanted.isdisjoint(EXAMPLES):
            return self.texts.t(key, **params)
        today = self.clock.now().astimezone(self.settings.organisation.zone).date()
        return self.texts.t(key, **examples(today, wanted), **params)

    async def download(self, file: FileRef) -> bytes | None:
        """Fetch a file the person sent, or ``None`` when their channel cannot hand it over."""
        source = self.files.get(self.incoming.channel)
        if not isinstance(source, FileSource):
            return None
        try:
            return await source.download(file.file_id)
        except DeliveryError:
            logger.warning("could not download a file on %s", self.incoming.channel.value)
            return None
