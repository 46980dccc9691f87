"""Decisions in chat (/quyetdinh): the Office records the competent authority's decision on
what the council recommended, the Tờ trình sending a dossier up, and the higher level's result.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import DecisionMenu
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.common import button_roles
from handlers.decisions.dialogs import RECORD, open_menu
from handlers.decisions.screens import show_pending

COMMANDS: dict[str, Handler] = {"quyetdinh": show_pending}
BUTTONS: tuple[ButtonRoute[Any], ...] = (
    ButtonRoute(DecisionMenu, open_menu, button_roles("quyetdinh")),
)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (RECORD,)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
