"""Registration of the year's targets in chat (/dangkythidua): everyone reads what was
registered for them and their unit; unit heads register their unit; the Office opens the
year, follows the units and reminds those that have not registered.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import RegistrationMenu
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.common import button_roles
from handlers.registrations.menu import open_menu
from handlers.registrations.opening import OPEN
from handlers.registrations.register import REGISTER
from handlers.registrations.screens import show_home

COMMANDS: dict[str, Handler] = {"dangkythidua": show_home}
BUTTONS: tuple[ButtonRoute[Any], ...] = (
    ButtonRoute(RegistrationMenu, open_menu, button_roles("dangkythidua")),
)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (OPEN, REGISTER)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
