"""Every :class:`BoardAct` button: the boards themselves, their choices, and the extras."""

from __future__ import annotations

from bot.callbacks import BoardAct
from bot.ports import Reply
from bot.turn import Turn
from handlers.common import menu
from handlers.leaderboards import board as boards
from handlers.leaderboards import extras


async def act(turn: Turn, payload: BoardAct) -> Reply:
    """A :class:`BoardAct` button."""
    if (
        payload.kind and payload.kind not in boards.kind_codes(turn)
    ) or payload.back not in boards.BOARDS:
        return await menu.refuse_stale_button(turn)
    if payload.view in boards.BOARDS:
        return await boards.board(turn, payload)
    if payload.view == "p":
        return await boards.choose_period(turn, payload)
    if payload.view == "k":
        return await boards.choose_kind(turn, payload)
    extra = extras.VIEWS.get(payload.view)
    if extra is None or await boards.period_of(turn, payload.period) is None:
        return await menu.refuse_stale_button(turn)
    return await extra(turn, payload)
