"""Exports in chat (/xuat): choosing what to export, and the workbook.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.exports.dialog import EXPORT, start_export

COMMANDS: dict[str, Handler] = {"xuat": start_export}
BUTTONS: tuple[ButtonRoute[Any], ...] = ()
DIALOGS: tuple[Dialog[Turn, Any], ...] = (EXPORT,)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
