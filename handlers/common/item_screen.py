"""The screen of one workflow item (an initiative, a nomination): shown with its buttons, a
note on top, and shown again as it is now after someone else changed it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot import errors
from bot.ports import Button, Reply
from bot.turn import Turn

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class ItemScreen(Generic[V]):
    """How one feature shows its items.

    Attributes:
        load: The item as the person may see it (raises ``missing`` otherwise).
        render: The item as text (markup).
        buttons: The buttons the person may press on it.
        missing: What ``load`` raises for an item the person may no longer see.
    """

    load: Callable[[Turn, int], Awaitable[V]]
    render: Callable[[Turn, V], str]
    buttons: Callable[[Turn, V], tuple[tuple[Button, ...], ...]]
    missing: type[errors.DomainError]

    def detail(self, turn: Turn, view: V, *, intro: str = "", edit: bool = True) -> Reply:
        """The item with its buttons; ``intro`` (already markup) goes on top."""
        text = self.render(turn, view)
        body = f"{intro}\n\n{text}" if intro else text
        return Reply(body, buttons=self.buttons(turn, view), edit=edit)

    async def fresh(self, turn: Turn, item_id: int, intro: str, *, edit: bool = True) -> Reply:
        """``intro`` and the item as it is now (just ``intro`` if the person may no longer
        see it)."""
        try:
            view = await self.load(turn, item_id)
        except self.missing:
            return Reply(intro)
        return self.detail(turn, view, intro=intro, edit=edit)

    async def open(self, turn: Turn, item_id: int) -> Reply:
        """The item, if the person may see it."""
        return self.detail(turn, await self.load(turn, item_id))
