"""Public listings in chat (/congkhai): everyone reads the listings open for objections and
objects to a row; the Office publishes listings, answers objections and may let a listing's
rows go to the council early.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import ListingMenu, ListingOffice
from bot.dialog_spec import Dialog
from bot.roles import OFFICE
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.common import button_roles
from handlers.listings.dialogs import ANSWER, OVERRIDE, PUBLISH, office_menu
from handlers.listings.screens import OBJECT, open_menu, show_listings

COMMANDS: dict[str, Handler] = {"congkhai": show_listings}
BUTTONS: tuple[ButtonRoute[Any], ...] = (
    ButtonRoute(ListingMenu, open_menu, button_roles("congkhai")),
    ButtonRoute(ListingOffice, office_menu, OFFICE),
)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (OBJECT, PUBLISH, ANSWER, OVERRIDE)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
