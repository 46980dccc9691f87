"""A person talking to the router directly (handler-level journeys, no network)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

from bot.formatting import strip_html
from bot.ports import Channel, ChatKind, FileRef, Incoming, Reply
from bot.routing import Router


@dataclass
class Person:
    """Sends messages and presses buttons like a person in a private chat."""

    router: Router
    user_id: str
    channel: Channel = Channel.CONSOLE
    chat_kind: ChatKind = ChatKind.PRIVATE
    replies: list[Reply] = field(default_factory=list)
    _update: int = 0

    async def send(self, text: str) -> Reply | None:
        """Send a text message; return the bot's reply."""
        return await self._dispatch(text, None)

    async def send_file(self, path: Path, mime_type: str = "text/markdown") -> Reply | None:
        """Send a file of this machine (the console channel downloads it by path)."""
        size = (await asyncio.to_thread(path.stat)).st_size
        file = FileRef(str(path), path.name, mime_type, size)
        return await self._dispatch(None, None, file)

    async def press(self, data: str) -> Reply | None:
        """Press a button carrying ``data`` (which may be forged)."""
        return await self._dispatch(None, data)

    async def tap(self, label: str) -> Reply | None:
        """Press the button of the last reply whose label contains ``label``."""
        buttons = [b for b in self.last.flat_buttons() if label.casefold() in b.label.casefold()]
        assert len(buttons) == 1, f"no single button {label!r} in {self.last.flat_buttons()}"
        return await self.press(buttons[0].data)

    @property
    def last(self) -> Reply:
        """The last reply received."""
        assert self.replies, "no reply yet"
        return self.replies[-1]

    @property
    def text(self) -> str:
        """The last reply as plain text."""
        return strip_html(self.last.text)

    async def _dispatch(
        self, text: str | None, callback: str | None, file: FileRef | None = None
    ) -> Reply | None:
        self._update += 1
        incoming = Incoming(
            channel=self.channel,
            chat_id=self.user_id,
            user_id=self.user_id,
            update_key=f"{self.user_id}-{self._update}"
            if self.channel is Channel.TELEGRAM
            else None,
            display_name=self.user_id,
            chat_kind=self.chat_kind,
            text=text,
            callback=callback,
            file=file,
        )
        reply = await self.router.dispatch(incoming)
        if reply is not None:
            self.replies.append(reply)
        return reply
