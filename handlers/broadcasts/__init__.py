"""Broadcasts in chat (/thongbao): composing, previewing, sending and the delivery report.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import BroadcastAct
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.broadcasts.menu import act, show_menu
from handlers.broadcasts.steps import BROADCAST
from handlers.common import button_roles

COMMANDS: dict[str, Handler] = {"thongbao": show_menu}
BUTTONS: tuple[ButtonRoute[Any], ...] = (ButtonRoute(BroadcastAct, act, button_roles("thongbao")),)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (BROADCAST,)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
