"""Units' vote lists in chat (/binhxet): a head sends the unit's year-end list in one dialog,
the Office receives it or returns it.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import VoteListMenu
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.common import button_roles
from handlers.vote_lists.build import BUILD
from handlers.vote_lists.screens import RETURN, open_menu, show_home

COMMANDS: dict[str, Handler] = {"binhxet": show_home}
BUTTONS: tuple[ButtonRoute[Any], ...] = (
    ButtonRoute(VoteListMenu, open_menu, button_roles("binhxet")),
)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (BUILD, RETURN)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
