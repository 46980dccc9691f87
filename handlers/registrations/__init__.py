"""Placeholder: this feature's commands, buttons and dialogs are being built."""

from __future__ import annotations

from typing import Any

from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn

COMMANDS: dict[str, Handler] = {}
BUTTONS: tuple[ButtonRoute[Any], ...] = ()
DIALOGS: tuple[Dialog[Turn, Any], ...] = ()

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
