"""Leaderboards in chat (/bangxephang): boards, charts, 'Vì sao?', periods, and answers in groups.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import BoardAct, BoardWhy, BoardWhyList
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.leaderboards.board import answer_group, show_board
from handlers.leaderboards.buttons import act
from handlers.leaderboards.extras import PERIOD
from handlers.leaderboards.why import explain, pick

COMMANDS: dict[str, Handler] = {"bangxephang": show_board}
BUTTONS: tuple[ButtonRoute[Any], ...] = (
    ButtonRoute(BoardAct, act),
    ButtonRoute(BoardWhyList, pick),
    ButtonRoute(BoardWhy, explain),
)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (PERIOD,)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS", "answer_group"]
