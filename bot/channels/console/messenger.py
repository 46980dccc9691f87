"""The console's messenger: how the outbox delivers to people of the console."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TextIO

from bot.channels.console.screens import Screens, render
from bot.formatting import strip_html
from bot.ports import Capabilities, Reply
from bot.texts import Texts


class ConsoleMessenger:
    """Prints messages the outbox delivers to console people, to whoever they are addressed.

    A message with buttons becomes its addressee's current screen, so the person can press
    them by number once the console acts as them (``!nguoi``); one without buttons leaves the
    list they were answering in place.
    """

    capabilities = Capabilities(buttons=False, edit=False, html=False, max_text=100_000)

    def __init__(self, texts: Texts, output: TextIO, screens: Screens | None = None) -> None:
        """``screens`` is shared with the :class:`~bot.channels.console.ConsoleChannel`."""
        self._texts = texts
        self._output = output
        self.screens = Screens() if screens is None else screens

    async def download(self, file_id: str) -> bytes:
        """Read a file sent with ``!tep``: its id is the path on this machine."""
        return await asyncio.to_thread(Path(file_id).read_bytes)

    async def send(self, chat_id: str, reply: Reply) -> str:
        """Print ``reply`` as delivered to person ``chat_id``."""
        self._output.write(f"\n{strip_html(self._texts.t('console.outbox', person=chat_id))}\n")
        self._output.write(render(reply, self._texts) + "\n")
        self._output.flush()
        if reply.buttons:
            self.screens.show(chat_id, reply.flat_buttons())
        return "0"

    async def edit(self, chat_id: str, message_id: str, reply: Reply) -> None:
        """The console cannot change printed lines: print the new version."""
        await self.send(chat_id, reply)
