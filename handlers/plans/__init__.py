"""The plan in chat: reading it (/kehoach), confirming it, its coverage, publishing a new one, and
the emulation periods (past periods' plans, the Office opening a new period).

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import PlanAction, PlanPage, PlanUnit
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.plans.admin import PUBLISH, preview
from handlers.plans.periods import OPEN
from handlers.plans.reading import act, open_page, open_unit, show_contents

COMMANDS: dict[str, Handler] = {"kehoach": show_contents}
BUTTONS: tuple[ButtonRoute[Any], ...] = (
    ButtonRoute(PlanPage, open_page),
    ButtonRoute(PlanAction, act),
    ButtonRoute(PlanUnit, open_unit),
)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (PUBLISH, OPEN)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS", "preview"]
