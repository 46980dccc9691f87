"""Sending an item's attachment back in chat: a file of this chat's channel by its platform
id, one uploaded on the web app with its bytes (kept by the bot), and none of another chat
channel (its platform id means nothing here)."""

from __future__ import annotations

from bot.ports import Document
from bot.services.common import AttachmentView
from bot.services.files import WEB_CHANNEL
from bot.turn import Turn


async def attached_document(turn: Turn, file: AttachmentView) -> Document | None:
    """The document that sends ``file`` on this turn's channel, or ``None`` when it was sent
    on another chat channel.

    Raises:
        FileUnavailable: The web upload's bytes are gone.
    """
    if file.channel == turn.incoming.channel.value:
        return Document(name=file.name, file_id=file.file_id)
    if file.channel == WEB_CHANNEL:
        got = await turn.services.files.content(file)
        return Document(name=got.name, content=got.content)
    return None
