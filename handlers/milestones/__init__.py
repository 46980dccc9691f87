"""The year's milestones in chat (/lichthidua): every role reads the calendar; the Office sees
who has not acted and exports the year.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import MilestoneMenu
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.common import button_roles
from handlers.milestones.screens import open_menu, show_calendar

COMMANDS: dict[str, Handler] = {"lichthidua": show_calendar}
BUTTONS: tuple[ButtonRoute[Any], ...] = (
    ButtonRoute(MilestoneMenu, open_menu, button_roles("lichthidua")),
)
DIALOGS: tuple[Dialog[Turn, Any], ...] = ()

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
