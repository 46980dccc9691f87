"""Storing the web app's uploads and reading any attachment's bytes back.

A file sent in chat stays on its platform (the row keeps the platform's file id); the web app
fetches it through that channel's :class:`~bot.ports.FileSource` when someone opens it. A file
uploaded on the web has no platform, so its bytes go into ``stored_files`` and its rows name
the channel ``web``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import errors
from bot.clock import Clock
from bot.ports import Channel, DeliveryError, FileSource, Messenger
from bot.services.common import AttachmentView, FileInfo, MemberView
from models import StoredFile

#: The channel name of files uploaded on the web app.
WEB_CHANNEL = "web"
#: The longest name kept (the column's width).
NAME_MAX = 200
#: The name of an upload whose name has nothing left.
UNNAMED = "tep"


def clean_name(name: str) -> str:
    """An upload's name fit to go back out in a header or to a platform: no control
    characters (a header refuses them) nor path separators, spaces collapsed, 200 at most."""
    kept = "".join(
        "_" if c in "/\\" else " " if unicodedata.category(c) in {"Cc", "Cf"} else c for c in name
    )
    return " ".join(kept.split())[:NAME_MAX].strip() or UNNAMED


@dataclass(frozen=True, slots=True)
class FileContent:
    """A file's bytes (left out of the repr), with the name and type it was attached with."""

    name: str
    mime_type: str
    content: bytes = field(repr=False)


class FileService:
    """Keeps the web app's uploads and hands any attachment's bytes to whoever may see it.

    Whether the asker may see the file is the feature's question (its ``view`` checks the
    role); this service is asked only with an attachment the feature already showed them.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        channels: Mapping[Channel, Messenger],
    ) -> None:
        """``channels`` is the composition root's map of running channels, filled as they
        start: a process serving only the web app still reads its own uploads."""
        self._sessions = sessions
        self._clock = clock
        self._channels = channels

    async def store(
        self, uploader: MemberView, name: str, mime_type: str, content: bytes
    ) -> FileInfo:
        """Keep an upload's bytes; the returned file is attached like one sent in chat."""
        async with self._sessions.begin() as session:
            row = StoredFile(
                name=clean_name(name),
                mime_type=mime_type,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
                uploaded_by=uploader.id,
                created_at=self._clock.now(),
            )
            session.add(row)
            await session.flush()
            return FileInfo(WEB_CHANNEL, str(row.id), row.name, mime_type, row.size)

    async def content(self, file: AttachmentView | FileInfo) -> FileContent:
        """The file's bytes.

        Raises:
            FileUnavailable: Its channel does not run in this process, the platform would
                not hand it over, or the stored upload is gone.
        """
        if file.channel == WEB_CHANNEL:
            return await self._stored(file)
        source = self._source(file.channel)
        if source is None:
            raise errors.FileUnavailable(name=file.name)
        try:
            content = await source.download(file.file_id)
        except (DeliveryError, OSError):  # the console's file is a path that may be gone
            raise errors.FileUnavailable(name=file.name) from None
        return FileContent(file.name, file.mime_type, content)

    def _source(self, channel: str) -> FileSource | None:
        try:
            messenger = self._channels.get(Channel(channel))
        except ValueError:  # a channel this version does not know
            return None
        return messenger if isinstance(messenger, FileSource) else None

    async def _stored(self, file: AttachmentView | FileInfo) -> FileContent:
        # A forged id must not reach the query: "²" is a digit to str.isdigit, and more than
        # nine digits may overflow PostgreSQL's integer.
        if not (file.file_id.isascii() and file.file_id.isdigit() and len(file.file_id) <= 9):
            raise errors.FileUnavailable(name=file.name)
        async with self._sessions() as session:
            content = await session.scalar(
                select(StoredFile.content).where(StoredFile.id == int(file.file_id))
            )
        if content is None:
            raise errors.FileUnavailable(name=file.name)
        return FileContent(file.name, file.mime_type, content)
