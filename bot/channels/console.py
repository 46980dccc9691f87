"""The console channel: the same core in a terminal, for trying the bot without a token.

Buttons show as numbered choices; typing the number presses the button. Lines starting with
``!`` are console commands (switch person, who am I, quit), so one person can act as the
Office, create an invite, then become someone else and join with it.
"""

from __future__ import annotations

import asyncio
import hashlib
import mimetypes
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bot.formatting import strip_html
from bot.ports import Button, Capabilities, Channel, Document, FileRef, Incoming, Photo, Reply
from bot.routing import Router
from bot.texts import Texts

ReadLine = Callable[[], Awaitable[str]]


async def read_stdin() -> str:
    """Read one line from standard input without blocking the event loop."""
    return await asyncio.to_thread(sys.stdin.readline)


class ConsoleMessenger:
    """Prints messages addressed to other people of the console (the outbox's view)."""

    capabilities = Capabilities(buttons=False, edit=False, html=False, max_text=100_000)

    def __init__(self, texts: Texts, output: TextIO) -> None:
        self._texts = texts
        self._output = output

    async def download(self, file_id: str) -> bytes:
        """Read a file sent with ``!tep``: its id is the path on this machine."""
        return await asyncio.to_thread(Path(file_id).read_bytes)

    async def send(self, chat_id: str, reply: Reply) -> str:
        """Print ``reply`` as delivered to person ``chat_id``."""
        self._output.write(f"\n{strip_html(self._texts.t('console.outbox', person=chat_id))}\n")
        self._output.write(render(reply, self._texts) + "\n")
        self._output.flush()
        return "0"

    async def edit(self, chat_id: str, message_id: str, reply: Reply) -> None:
        """The console cannot change printed lines: print the new version."""
        await self.send(chat_id, reply)


def _local_file(path_text: str) -> FileRef | None:
    """Describe a file of this machine as a chat app would, or ``None`` if there is none."""
    path = Path(path_text).expanduser()
    if not path.is_file():
        return None
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileRef(str(path.resolve()), path.name, mime, path.stat().st_size)


def _save(folder: Path, document: Document) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(document.name).name  # never outside the folder
    path.write_bytes(document.content)
    return path


def render(reply: Reply, texts: Texts) -> str:
    """Render a reply as plain text with numbered choices."""
    lines = [strip_html(reply.text)]
    buttons = reply.flat_buttons()
    if buttons:
        lines.append(texts.t("console.buttons"))
        lines += [f"  {i}. {strip_html(b.label)}" for i, b in enumerate(buttons, start=1)]
    return "\n".join(lines)


class ConsoleChannel:
    """A read–eval–print loop over the router."""

    def __init__(
        self,
        router: Router,
        texts: Texts,
        *,
        person: str,
        organisation: str,
        output: TextIO,
        bootstrap_admins: frozenset[str] = frozenset(),
        read_line: ReadLine = read_stdin,
        downloads: Path = Path("xuat"),
    ) -> None:
        """Start as console person ``person``.

        ``bootstrap_admins`` are the console ids listed under ``[[admins]]``; the console
        tells a person so when they are one of them.
        """
        self._router = router
        self._texts = texts
        self._person = person
        self._organisation = organisation
        self._output = output
        self._bootstrap_admins = bootstrap_admins
        self._read_line = read_line
        self._downloads = downloads
        self._buttons: list[Button] = []

    async def run(self) -> None:
        """Talk until ``!thoat`` or end of input."""
        self._say(self._texts.t("console.banner", org=self._organisation, person=self._person))
        self._say_if_bootstrap_admin()
        self._say(self._texts.t("console.banner_hint"))
        while True:
            self._output.write(f"\n[{self._person}] > ")
            self._output.flush()
            line = await self._read_line()
            if not line:
                self._say(self._texts.t("console.bye"))
                return
            if not await self.handle(line.strip()):
                return

    async def handle(self, line: str) -> bool:
        """Handle one typed line; return False to quit."""
        if not line:
            return True
        if line.startswith("!"):
            word, _, rest = line[1:].partition(" ")
            if word.casefold() in ("tep", "tệp") and rest.strip():
                return await self._send_file(rest.strip())
            return self._console_command(line)
        await self._dispatch(self._incoming(line))
        return True

    async def _send_file(self, path_text: str) -> bool:
        """``!tep PATH``: send a file of this machine to the bot, as a chat app would."""
        file = await asyncio.to_thread(_local_file, path_text)
        if file is None:
            self._say(self._texts.t("console.file_missing", path=path_text))
            return True
        common = {"channel": Channel.CONSOLE, "chat_id": self._person, "user_id": self._person}
        await self._dispatch(Incoming(file=file, display_name=self._person, **common))  # type: ignore[arg-type]
        return True

    async def _dispatch(self, incoming: Incoming) -> None:
        reply = await self._router.dispatch(incoming)
        if reply is not None:
            self._buttons = reply.flat_buttons()
            self._write(render(reply, self._texts))
            if reply.document is not None:
                self._say(await self._keep(reply.document))
            if reply.photo is not None:
                self._say(await self._keep_photo(reply.photo))

    async def _keep_photo(self, photo: Photo) -> str:
        """Save an image the bot sent (a chart) beside the downloads and say where."""
        if photo.file_id and not photo.content:
            return self._texts.t("console.photo.at", path=photo.file_id)
        name = f"anh-{hashlib.sha256(photo.content).hexdigest()[:12]}.png"
        path = await asyncio.to_thread(_save, self._downloads, Document(name, photo.content))
        return self._texts.t("console.photo.saved", caption=strip_html(photo.caption), path=path)

    async def _keep(self, document: Document) -> str:
        """Show where a file the bot sent can be opened (new files are saved to disk)."""
        if document.file_id:
            return self._texts.t("console.file_at", path=document.file_id)
        folder = self._downloads
        path = await asyncio.to_thread(_save, folder, document)
        return self._texts.t("console.file_saved", path=path)

    def _incoming(self, line: str) -> Incoming:
        common = {"channel": Channel.CONSOLE, "chat_id": self._person, "user_id": self._person}
        if line.isdigit() and 1 <= int(line) <= len(self._buttons):
            return Incoming(callback=self._buttons[int(line) - 1].data, **common)  # type: ignore[arg-type]
        return Incoming(text=line, display_name=self._person, **common)  # type: ignore[arg-type]

    def _console_command(self, line: str) -> bool:
        word, _, rest = line[1:].partition(" ")
        word = word.casefold()
        if word in ("thoat", "thoát", "quit", "exit"):
            self._say(self._texts.t("console.bye"))
            return False
        if word in ("nguoi", "người") and rest.strip():
            self._person = rest.strip().split()[0][:32]
            self._buttons = []
            self._say(self._texts.t("console.switched", person=self._person))
            self._say_if_bootstrap_admin()
        elif word == "ai":
            self._say(self._texts.t("console.person", person=self._person))
        else:
            self._say(self._texts.t("console.help"))
        return True

    def _say_if_bootstrap_admin(self) -> None:
        if self._person in self._bootstrap_admins:
            self._say(self._texts.t("console.bootstrap_admin", person=self._person))

    def _say(self, text: str) -> None:
        self._write(strip_html(text))

    def _write(self, plain: str) -> None:
        # Already plain: stripping twice would turn a typed "&lt;b&gt;" into a vanished tag.
        self._output.write(plain + "\n")
        self._output.flush()
