"""The to-do inbox in chat (/viecchoxuly): everything waiting for the person's action.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.inbox.listing import show_inbox

COMMANDS: dict[str, Handler] = {"viecchoxuly": show_inbox}
BUTTONS: tuple[ButtonRoute[Any], ...] = ()
DIALOGS: tuple[Dialog[Turn, Any], ...] = ()

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
