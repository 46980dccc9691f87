"""The console's read–eval–print loop over the router."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from bot.channels.console.files import keep_document, keep_photo, local_file
from bot.channels.console.screens import Screen, Screens, choices, render
from bot.channels.console.terminal import LineCut, LineReader
from bot.clock import Clock
from bot.formatting import strip_html
from bot.numbered import press
from bot.ports import Channel, FileRef, Incoming, Reply
from bot.routing import Router
from bot.services.common import DialogView
from bot.services.people import MemberService
from bot.texts import Texts


class ConsoleChannel:
    """A read–eval–print loop over the router, acting as one console person at a time."""

    def __init__(
        self,
        router: Router,
        texts: Texts,
        *,
        person: str,
        organisation: str,
        output: TextIO,
        reader: LineReader,
        members: MemberService,
        clock: Clock,
        screens: Screens | None = None,
        bootstrap_admins: frozenset[str] = frozenset(),
        downloads: Path = Path("xuat"),
    ) -> None:
        """Start as console person ``person``.

        ``members`` tells whether a person is in the middle of a dialog; ``screens`` is
        shared with the :class:`~bot.channels.console.ConsoleMessenger`, so buttons the
        outbox prints for a person can be pressed by them. ``bootstrap_admins`` are the
        console ids listed under ``[[admins]]``; the console tells a person so.
        """
        self._router = router
        self._texts = texts
        self._person = person
        self._organisation = organisation
        self._output = output
        self._reader = reader
        self._members = members
        self._clock = clock
        self._screens = Screens() if screens is None else screens
        self._bootstrap_admins = bootstrap_admins
        self._downloads = downloads

    async def run(self) -> None:
        """Talk until ``!thoat`` or end of input."""
        self._say(self._texts.t("console.banner", org=self._organisation, person=self._person))
        self._say_if_bootstrap_admin()
        self._say(self._texts.t("console.banner_hint"))
        await self._show_where(switched=False)
        while True:
            seen = self._screens.of(self._person).serial
            self._output.write("\n")
            try:
                line = await self._reader.read(f"[{self._person}] > ")
            except LineCut as cut:
                self._say_cut(cut)
                continue
            if not line:
                self._say(self._texts.t("console.bye"))
                return
            if not await self.handle(line, seen=seen):
                return

    async def handle(self, line: str, *, seen: int | None = None) -> bool:
        """Handle one typed line; return False to quit.

        ``seen`` is the serial of the person's screen when the prompt was shown: a number
        typed after another list was printed for them is not taken for a choice of it.
        """
        line = line.strip()
        if not line:
            return True
        if line.startswith("!"):
            word, _, rest = line[1:].partition(" ")
            if word.casefold() in ("tep", "tệp") and rest.strip():
                return await self._send_file(rest.strip())
            return await self._console_command(line)
        await self._typed(line, seen)
        return True

    async def _typed(self, line: str, seen: int | None) -> None:
        """Send a typed line: a number or a label presses a button of the current screen."""
        screen = self._screens.of(self._person)
        if not (line.isascii() and line.isdigit()):
            button = press(line, screen.buttons)
            if button is None:
                await self._dispatch(self._incoming(text=line))
            else:
                await self._dispatch(self._incoming(callback=button.data))
            return
        number = int(line)
        if seen is not None and seen != screen.serial:
            self._refuse(screen, self._texts.t("console.choice.changed", typed=line))
        elif 1 <= number <= len(screen.buttons):
            await self._dispatch(self._incoming(callback=screen.buttons[number - 1].data))
        elif screen.buttons:
            self._refuse(screen, self._out_of_range(line, len(screen.buttons)))
        elif await self._dialog() is not None:
            await self._dispatch(self._incoming(text=line))  # the answer to its question
        else:
            self._say(self._texts.t("console.choice.none", typed=line))

    def _out_of_range(self, typed: str, count: int) -> str:
        if count == 1:
            return self._texts.t("console.choice.only_one", typed=typed)
        return self._texts.t("console.choice.out_of_range", typed=typed, count=count)

    def _refuse(self, screen: Screen, problem: str) -> None:
        """Say why a number pressed nothing and show the list it can answer."""
        self._say(problem)
        self._write(choices(screen.buttons, self._texts))

    async def _dialog(self) -> DialogView | None:
        """The dialog the person has open in the console, if any (expired ones too)."""
        state = await self._members.begin_turn(Channel.CONSOLE, self._person, self._person)
        return state.dialog

    async def _show_where(self, *, switched: bool) -> None:
        """Show where the person is: the current step of an open dialog (after a restart
        or a switch), or else, after a switch, the list last printed to them."""
        resumed = await self._router.current_step(self._incoming())
        if resumed is not None:
            reply = resumed.reply
            if not resumed.saved:
                reply = replace(reply, text=f"{self._texts.t('console.resume')}\n\n{reply.text}")
            await self._show(reply)
            return
        screen = self._screens.of(self._person)
        if switched and screen.buttons:
            self._say(self._texts.t("console.choices_waiting", person=self._person))
            self._write(choices(screen.buttons, self._texts))

    async def _send_file(self, path_text: str) -> bool:
        """``!tep PATH``: send a file of this machine to the bot, as a chat app would."""
        file = await asyncio.to_thread(local_file, path_text)
        if file is None:
            self._say(self._texts.t("console.file_missing", path=path_text))
            return True
        await self._dispatch(self._incoming(file=file))
        return True

    async def _dispatch(self, incoming: Incoming) -> None:
        reply = await self._router.dispatch(incoming)
        if reply is not None:
            await self._show(reply)

    async def _show(self, reply: Reply) -> None:
        """Print a reply to the person the console acts as; its buttons become their screen."""
        self._screens.show(self._person, reply.flat_buttons())
        self._write(render(reply, self._texts))
        if reply.document is not None:
            self._say(await keep_document(self._texts, self._downloads, reply.document))
        if reply.photo is not None:
            self._say(await keep_photo(self._texts, self._downloads, reply.photo))

    def _incoming(
        self,
        *,
        text: str | None = None,
        callback: str | None = None,
        file: FileRef | None = None,
        unsupported: str | None = None,
    ) -> Incoming:
        """What the person did, as a chat app would report it, stamped with the bot's time."""
        return Incoming(
            channel=Channel.CONSOLE,
            chat_id=self._person,
            user_id=self._person,
            text=text,
            callback=callback,
            display_name=self._person,
            file=file,
            unsupported=unsupported,
            received_at=self._clock.now(),
        )

    async def _console_command(self, line: str) -> bool:
        word, _, rest = line[1:].partition(" ")
        word = word.casefold()
        if word in ("thoat", "thoát", "quit", "exit"):
            self._say(self._texts.t("console.bye"))
            return False
        if word in ("nguoi", "người") and rest.strip():
            self._person = rest.strip().split()[0][:32]
            self._say(self._texts.t("console.switched", person=self._person))
            self._say_if_bootstrap_admin()
            await self._show_where(switched=True)
        elif word == "ai":
            self._say(self._texts.t("console.person", person=self._person))
        else:
            self._say(self._texts.t("console.help"))
        return True

    def _say_cut(self, cut: LineCut) -> None:
        tail = cut.kept[-40:]
        self._say(
            self._texts.t("console.line_cut", limit=cut.limit, chars=len(cut.kept), tail=tail)
        )

    def _say_if_bootstrap_admin(self) -> None:
        if self._person in self._bootstrap_admins:
            self._say(self._texts.t("console.bootstrap_admin", person=self._person))

    def _say(self, text: str) -> None:
        self._write(strip_html(text))

    def _write(self, plain: str) -> None:
        # Already plain: stripping twice would turn a typed "&lt;b&gt;" into a vanished tag.
        self._output.write(plain + "\n")
        self._output.flush()
