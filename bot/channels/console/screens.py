"""What each console person sees: the numbered choices last printed to them.

The console acts as one person at a time while the outbox prints messages for anyone, so the
choices are kept per person: a number typed answers the list last printed to the person the
console acts as now, whoever was shown a list in between.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.formatting import strip_html
from bot.ports import Button, Reply
from bot.texts import Texts


@dataclass(frozen=True, slots=True)
class Screen:
    """The numbered choices last printed to one person.

    Attributes:
        buttons: The choices, numbered from 1 in this order; empty when the last message
            had none (a question to answer in words).
        serial: Which showing this is; it grows with every screen the console prints, so a
            number typed while an earlier screen was current is told apart.
    """

    buttons: tuple[Button, ...] = ()
    serial: int = 0


class Screens:
    """The current screen of every person the console has printed something to."""

    def __init__(self) -> None:
        self._screens: dict[str, Screen] = {}
        self._shown = 0

    def show(self, person: str, buttons: Sequence[Button]) -> None:
        """Record that ``buttons`` (maybe none) were just printed to ``person``."""
        self._shown += 1
        self._screens[person] = Screen(tuple(buttons), self._shown)

    def of(self, person: str) -> Screen:
        """Return the screen last printed to ``person`` (an empty one before any)."""
        return self._screens.get(person, Screen())


def choices(buttons: Sequence[Button], texts: Texts) -> str:
    """Render buttons as the numbered choices the person answers by typing a number."""
    lines = [texts.t("console.buttons")]
    lines += [f"  {i}. {strip_html(b.label)}" for i, b in enumerate(buttons, start=1)]
    return "\n".join(lines)


def render(reply: Reply, texts: Texts) -> str:
    """Render a reply as plain text with numbered choices."""
    buttons = reply.flat_buttons()
    text = strip_html(reply.text)
    return f"{text}\n{choices(buttons, texts)}" if buttons else text
