"""People in chat: joining with an invite (/start, thamgia), invites (/moi), linking a
second app (/lienket), and the organisation's changes: units (/donvi) and members (/canbo).

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
from handlers.people.member_changes import MEMBER_CHANGE, change_member
from handlers.people.registration import REGISTRATION, start
from handlers.people.unit_changes import UNIT_CHANGE, change_unit

COMMANDS: dict[str, Handler] = {
    "moi": create_invite,
    "lienket": link,
    "donvi": change_unit,
    "canbo": change_member,
}
BUTTONS: tuple[ButtonRoute[Any], ...] = (ButtonRoute(LinkAct, prefer),)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (REGISTRATION, INVITE, UNIT_CHANGE, MEMBER_CHANGE)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS", "start"]
