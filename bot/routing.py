"""The router: from a neutral :class:`~bot.ports.Incoming` to a handler's :class:`Reply`.

It remembers the update (redeliveries do nothing), resolves the member, hands answers to an
open dialog, checks the route's roles, and maps domain errors to their texts in one place.
Updates of one person are handled strictly in order; different people concurrently.
"""

from __future__ import annotations

import asyncio
import logging
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from bot.callbacks import CallbackData, DialogChoice, MenuAction, unpack
from bot.clock import Clock
from bot.config import Settings
from bot.dialogs import DialogEngine
from bot.errors import DomainError
from bot.numbered import plain
from bot.ports import Channel, ChatKind, DeliveryError, FileRef, FileSource, Incoming, Reply
from bot.roles import Role
from bot.services import Services
from bot.services.common import DialogView, MemberView
from bot.texts import Texts

logger = logging.getLogger(__name__)
_UNSUPPORTED_KEYS = {
    "sticker": "errors.unsupported_sticker",
    "voice": "errors.unsupported_voice",
    "image": "errors.unsupported_image",
    "other": "errors.unsupported_other",
}


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

    def t(self, key: str, **params: object) -> str:
        """Shortcut for ``self.texts.t``."""
        return self.texts.t(key, **params)

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


Handler = Callable[[Turn], Awaitable[Reply]]
P = TypeVar("P", bound=CallbackData)


@dataclass(frozen=True, slots=True)
class Route:
    """A command, who may use it, and its handler.

    Attributes:
        command: The command word without ``/`` (unaccented Latin letters).
        handler: The coroutine answering it.
        roles: Roles allowed; empty means strangers may use it too.
        aliases: Other words accepted for it.
        takes_args: Whether a message typed without ``/`` may carry words after it
            (``thamgia ABC``); other commands typed without ``/`` must stand alone.
    """

    command: str
    handler: Handler
    roles: frozenset[Role] = frozenset()
    aliases: tuple[str, ...] = ()
    takes_args: bool = False


@dataclass(frozen=True, slots=True)
class ButtonRoute(Generic[P]):
    """A kind of button, who may press it, and its handler.

    The router decodes the press once and hands the typed payload over, so a handler never
    unpacks again. Buttons are for members; ``roles`` narrows them further (empty: any
    member). The service re-checks what the payload asks for.
    """

    payload: type[P]
    handler: Callable[[Turn, P], Awaitable[Reply]]
    roles: frozenset[Role] = frozenset()

    async def press(self, turn: Turn, payload: CallbackData) -> Reply:
        """Run the handler with ``payload``, which the router found by its type."""
        assert isinstance(payload, self.payload)
        return await self.handler(turn, payload)


@dataclass(frozen=True, slots=True)
class RouteTable:
    """All routes plus the handlers used when nothing else matches."""

    routes: tuple[Route, ...]
    help: Handler
    stranger: Handler
    stale_button: Handler
    group: Handler
    buttons: tuple[ButtonRoute[Any], ...] = ()

    def find(self, command: str) -> Route | None:
        """Return the route of a command word or alias."""
        for route in self.routes:
            if command == route.command or command in route.aliases:
                return route
        return None

    def button(self, payload: CallbackData) -> ButtonRoute[Any] | None:
        """Return the route of a decoded button press."""
        return next((b for b in self.buttons if type(payload) is b.payload), None)


class _KeyedLocks:
    """One lock per person, dropped when nobody waits, so memory stays flat."""

    def __init__(self) -> None:
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}
        self._users: dict[tuple[str, str], int] = {}

    @asynccontextmanager
    async def hold(self, key: tuple[str, str]) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]


def split_command(text: str) -> tuple[str, str] | None:
    """Split ``"/start abc"`` into ``("start", "abc")``; ``None`` if not a command.

    The word is folded (``/Kế_hoạch`` gives ``kehoach``), so accents and case do not matter.
    """
    if not text.startswith("/"):
        return None
    word, _, args = text[1:].partition(" ")
    word = plain(word.split("@", 1)[0])
    return (word, args.strip()) if word else None


def bare_command(text: str, table: RouteTable) -> tuple[str, str] | None:
    """Recognise a command typed without ``/``: ``"kế hoạch"``, ``"kehoach"``, ``"thamgia X"``.

    Up to four leading words (``"việc chờ xử lý"``) are joined and folded, so the Vietnamese
    words with spaces and diacritics name the same command as the unaccented word.
    """
    words = text.split()
    for count in range(min(4, len(words)), 0, -1):
        route = table.find(plain("".join(words[:count])))
        if route is not None:
            rest = " ".join(words[count:])
            return (route.command, rest) if route.takes_args or not rest else None
    return None


class Router:
    """Dispatches incoming updates to handlers."""

    def __init__(
        self,
        table: RouteTable,
        services: Services,
        texts: Texts,
        settings: Settings,
        clock: Clock,
        dialogs: DialogEngine[Turn],
        identity: BotIdentity,
        *,
        files: Mapping[Channel, object],
    ) -> None:
        self._table = table
        self._files = files
        self._services = services
        self._texts = texts
        self._settings = settings
        self._clock = clock
        self._dialogs = dialogs
        self.identity = identity
        self._locks = _KeyedLocks()

    async def dispatch(self, incoming: Incoming) -> Reply | None:
        """Handle one update and return the reply, or ``None`` when nothing is to be said."""
        if incoming.text is not None:
            incoming = replace(incoming, text=unicodedata.normalize("NFC", incoming.text))
        async with self._locks.hold((incoming.channel.value, incoming.user_id)):
            try:
                return await self._dispatch(incoming)
            except DomainError as problem:
                return Reply(self._texts.t(problem.text_key, **problem.params))
            except Exception:
                logger.exception("handler failed for a %s update", incoming.channel.value)
                return Reply(self._texts.t("errors.internal"))

    async def _dispatch(self, incoming: Incoming) -> Reply | None:
        state = await self._services.members.begin_turn(
            incoming.channel, incoming.chat_id, incoming.user_id, incoming.update_key
        )
        if state.duplicate:
            return None
        command = self._command_of(incoming, state.dialog)
        args = "" if command is None else command[1]
        turn = self._turn(incoming, state.member, args, state.dialog)
        if incoming.chat_kind is ChatKind.GROUP:
            return await self._table.group(turn) if command else None
        return await self._private(turn, command, state.dialog)

    def _command_of(self, incoming: Incoming, dialog: DialogView | None) -> tuple[str, str] | None:
        text = incoming.text or ""
        command = split_command(text)
        # Without "/", a word is a command only outside dialogs, where it cannot be an answer.
        if command is None and dialog is None and incoming.chat_kind is ChatKind.PRIVATE:
            command = bare_command(text, self._table)
        return command

    async def _private(
        self, turn: Turn, command: tuple[str, str] | None, dialog: DialogView | None
    ) -> Reply:
        if dialog is not None and dialog.outcome is not None:
            # A draft saved just before a crash: whatever comes first is told what was saved.
            return await self._dialogs.resume(turn, turn.incoming, dialog)
        if turn.incoming.unsupported is not None:
            return await self._unsupported(turn, dialog)
        if turn.incoming.callback is not None:
            return await self._callback(turn, dialog)
        if dialog is not None and (command is None or self._is_dialog_word(command[0])):
            return await self._dialogs.resume(turn, turn.incoming, dialog)
        if command is None:
            return await self._fallback(turn)
        return await self._command(turn, command[0])

    @staticmethod
    def _is_dialog_word(word: str) -> bool:
        return word in ("huy", "quaylai", "cancel", "back")

    async def _unsupported(self, turn: Turn, dialog: DialogView | None) -> Reply:
        """Say what the channel could not hand over; an open dialog asks its step again."""
        kind = turn.incoming.unsupported or "other"
        notice = self._texts.t(_UNSUPPORTED_KEYS.get(kind, _UNSUPPORTED_KEYS["other"]))
        if dialog is None:
            return Reply(notice)
        again = await self._dialogs.reask(turn, turn.incoming, dialog)
        return replace(again, text=f"{notice}\n\n{again.text}")

    async def _callback(self, turn: Turn, dialog: DialogView | None) -> Reply:
        payload = unpack(turn.incoming.callback or "")
        if dialog is not None and (payload is None or isinstance(payload, DialogChoice)):
            # The engine re-asks the current step, calling the button stale if it is.
            return await self._dialogs.resume(turn, turn.incoming, dialog)
        if isinstance(payload, MenuAction):
            return await self._command(turn, payload.command)
        route = None if payload is None else self._table.button(payload)
        if payload is None or route is None:
            return await self._table.stale_button(turn)
        if turn.member is None:
            return await self._table.stranger(turn)
        if route.roles and turn.member.role not in route.roles:
            return self._refuse(turn.member, payload.prefix)
        return await route.press(turn, payload)

    async def _command(self, turn: Turn, word: str) -> Reply:
        route = self._table.find(word)
        if route is None:
            return await self._fallback(turn)
        if route.roles:
            if turn.member is None:
                return await self._table.stranger(turn)
            if turn.member.role not in route.roles:
                return self._refuse(turn.member, f"/{word}")
        return await route.handler(turn)

    def _refuse(self, member: MemberView, what: str) -> Reply:
        logger.info("refused %s to member %s (%s)", what, member.id, member.role.value)
        return Reply(self._texts.t("errors.not_allowed"))

    async def _fallback(self, turn: Turn) -> Reply:
        if turn.member is None:
            return await self._table.stranger(turn)
        return await self._table.help(turn)

    def _turn(
        self,
        incoming: Incoming,
        member: MemberView | None,
        args: str,
        dialog: DialogView | None = None,
    ) -> Turn:
        return Turn(
            incoming=incoming,
            member=member,
            args=args,
            services=self._services,
            texts=self._texts,
            settings=self._settings,
            clock=self._clock,
            dialogs=self._dialogs,
            identity=self.identity,
            files=self._files,
            dialog=dialog,
        )
