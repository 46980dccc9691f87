"""Reports in chat (/baocao): periods (opened, edited, closed, deleted), sending a unit's
report, and the Office's review.

This module is the feature's public API: the commands, buttons and dialogs it adds to the
route table (:mod:`handlers`).
"""

from __future__ import annotations

from typing import Any

from bot.callbacks import ReportAct, ReportFile, ReportMenu
from bot.dialog_spec import Dialog
from bot.route_table import ButtonRoute, Handler
from bot.turn import Turn
from handlers.common import button_roles
from handlers.reports.dialogs import PERIOD, SUBMIT
from handlers.reports.manage import EDIT
from handlers.reports.periods import act_on_period
from handlers.reports.review import RETURN, act_on_report, send_file
from handlers.reports.screens import show_reports

COMMANDS: dict[str, Handler] = {"baocao": show_reports}
BUTTONS: tuple[ButtonRoute[Any], ...] = (
    ButtonRoute(ReportMenu, act_on_period, button_roles("baocao")),
    ButtonRoute(ReportAct, act_on_report, button_roles("baocao")),
    ButtonRoute(ReportFile, send_file, button_roles("baocao")),
)
DIALOGS: tuple[Dialog[Turn, Any], ...] = (SUBMIT, PERIOD, EDIT, RETURN)

__all__ = ["BUTTONS", "COMMANDS", "DIALOGS"]
