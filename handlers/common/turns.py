"""What every handler asks of a turn: its member, and buttons labelled from text keys."""

from __future__ import annotations

from bot.ports import Button
from bot.services.common import MemberView
from bot.turn import Turn

#: Rows of buttons, built up before they become a reply's keyboard.
Rows = list[tuple[Button, ...]]


def member_of(turn: Turn) -> MemberView:
    """The member of a turn (the route table and ``members_only`` let members only)."""
    assert turn.member is not None, "this handler is for members"
    return turn.member


def button(turn: Turn, key: str, data: str) -> Button:
    """A button labelled with the text ``key``."""
    return Button(turn.t(key), data)
