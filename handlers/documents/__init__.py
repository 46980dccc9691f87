"""Documents of the dossier in chat: what an item or a list has, sent as files.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import DocumentMenu
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.documents.screens import press, start

COMMANDS: dict[str, Handler] = {"vanban": start}
BUTTONS: tuple[ButtonRoute[Any], ...] = (ButtonRoute(DocumentMenu, press),)
DIALOGS: tuple[Dialog[Turn, Any], ...] = ()

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
