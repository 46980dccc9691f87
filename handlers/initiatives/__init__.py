"""Initiatives in chat: proposing (/sangkien), one's own (/cuatoi), the review queue (/duyet),
an item's screen, the reviewers' actions, the council's evaluation and the head's decision.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import (
    InitiativeAct,
    InitiativeFile,
    InitiativeList,
    InitiativeOpen,
    ProposalDraft,
)
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.common import button_roles
from handlers.initiatives.actions import REASON
from handlers.initiatives.actions import act as act_on_item
from handlers.initiatives.detail import open_item, send_file
from handlers.initiatives.evaluate import DECISION, EVALUATION
from handlers.initiatives.mine import show_mine
from handlers.initiatives.propose import PROPOSAL, answer_draft, propose
from handlers.initiatives.review import open_list, show_queue

COMMANDS: dict[str, Handler] = {"sangkien": propose, "cuatoi": show_mine, "duyet": show_queue}
BUTTONS: tuple[ButtonRoute[Any], ...] = (
    ButtonRoute(ProposalDraft, answer_draft, button_roles("sangkien")),
    ButtonRoute(InitiativeOpen, open_item),
    ButtonRoute(InitiativeAct, act_on_item),
    ButtonRoute(InitiativeList, open_list),
    ButtonRoute(InitiativeFile, send_file),
)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (PROPOSAL, REASON, EVALUATION, DECISION)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
