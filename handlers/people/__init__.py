"""People in chat: joining with an invite (/start, thamgia), invites (/moi) and linking a
second app (/lienket).

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import LinkAct
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.people.invites import INVITE, create_invite
from handlers.people.linking import link, prefer
from handlers.people.registration import REGISTRATION, start

COMMANDS: dict[str, Handler] = {"moi": create_invite, "lienket": link}
BUTTONS: tuple[ButtonRoute[Any], ...] = (ButtonRoute(LinkAct, prefer),)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (REGISTRATION, INVITE)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS", "start"]
