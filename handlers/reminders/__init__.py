"""Reminders in chat (/nhacviec): the list, creating, pausing, resuming and deleting.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import ReminderAct
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.common import button_roles
from handlers.reminders.dialog import CREATE
from handlers.reminders.listing import act, show_reminders

COMMANDS: dict[str, Handler] = {"nhacviec": show_reminders}
BUTTONS: tuple[ButtonRoute[Any], ...] = (ButtonRoute(ReminderAct, act, button_roles("nhacviec")),)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (CREATE,)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
