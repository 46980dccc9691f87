"""The route table: which handler answers a command or a button, and who may use it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from bot.callbacks import CallbackData
from bot.numbered import plain
from bot.ports import Reply
from bot.roles import Role
from bot.turn import Turn

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
