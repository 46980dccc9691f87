"""Councils in chat: the councils' rolls (/hoidong), kept by the Office; their sessions
(/phienhop), opened and closed by the Office; and the members' ballots (/bophieu).

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import BallotAct, CouncilMenu, SessionMenu
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.common import button_roles
from handlers.councils.ballot import open_ballot, show_ballots
from handlers.councils.roll import SEAT, open_menu, show_councils
from handlers.councils.session_open import OPEN_SESSION
from handlers.councils.session_open import open_menu as open_session_menu
from handlers.councils.sessions import show_sessions

COMMANDS: dict[str, Handler] = {
    "hoidong": show_councils,
    "phienhop": show_sessions,
    "bophieu": show_ballots,
}
BUTTONS: tuple[ButtonRoute[Any], ...] = (
    ButtonRoute(CouncilMenu, open_menu, button_roles("hoidong")),
    ButtonRoute(SessionMenu, open_session_menu, button_roles("phienhop")),
    ButtonRoute(BallotAct, open_ballot, button_roles("bophieu")),
)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (SEAT, OPEN_SESSION)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
