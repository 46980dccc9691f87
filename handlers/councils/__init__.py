"""Councils in chat (/hoidong): the councils' rolls, kept by the Office.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import CouncilMenu
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.common import button_roles
from handlers.councils.roll import SEAT, open_menu, show_councils

COMMANDS: dict[str, Handler] = {"hoidong": show_councils}
BUTTONS: tuple[ButtonRoute[Any], ...] = (
    ButtonRoute(CouncilMenu, open_menu, button_roles("hoidong")),
)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (SEAT,)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
