"""Nominations in chat: nominating (/decu), the review lists, an item's screen and its actions.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import NominationAct, NominationFile, NominationList, NominationOpen
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.nominations.actions import REASON, RESUBMIT, act
from handlers.nominations.detail import open_item, send_file
from handlers.nominations.nominate import NOMINATION, start_nomination
from handlers.nominations.review import open_list

COMMANDS: dict[str, Handler] = {"decu": start_nomination}
BUTTONS: tuple[ButtonRoute[Any], ...] = (
    ButtonRoute(NominationList, open_list),
    ButtonRoute(NominationOpen, open_item),
    ButtonRoute(NominationFile, send_file),
    ButtonRoute(NominationAct, act),
)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (NOMINATION, REASON, RESUBMIT)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
