"""The Office's web app from chat: ``/web`` sends a one-time sign-in link.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.web.sign_in import SIGN_IN_PATH, send_link

COMMANDS: dict[str, Handler] = {"web": send_link}
BUTTONS: tuple[ButtonRoute[Any], ...] = ()
DIALOGS: tuple[Dialog[Turn, Any], ...] = ()

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS", "SIGN_IN_PATH"]
