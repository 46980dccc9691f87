"""The console channel: the same core in a terminal, for trying the bot without a token.

Buttons show as numbered choices; typing the number (or the label) presses the button of the
list last printed to the person the console acts as, including a message the outbox printed
for them. Lines starting with ``!`` are console commands (switch person, who am I, send a
file, quit), so one person can act as the Office, create an invite, then become someone else
and join with it. Long lines and pastes are read whole (see :mod:`.terminal`).
"""

from __future__ import annotations

from bot.channels.console.channel import ConsoleChannel
from bot.channels.console.messenger import ConsoleMessenger
from bot.channels.console.screens import Screen, Screens, render
from bot.channels.console.terminal import (
    CANONICAL_LIMIT,
    LineCut,
    LineReader,
    ReadlineReader,
    StreamReader,
    terminal_input,
)

__all__ = [
    "CANONICAL_LIMIT",
    "ConsoleChannel",
    "ConsoleMessenger",
    "LineCut",
    "LineReader",
    "ReadlineReader",
    "Screen",
    "Screens",
    "StreamReader",
    "render",
    "terminal_input",
]
