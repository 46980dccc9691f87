"""Nominations (đề cử): nominating people and units, reviewing, announcing and exporting.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.nominations.checks import LiveNomination
from bot.services.nominations.export import (
    NominationExportRow,
    NominationExportService,
    NominationFilter,
)
from bot.services.nominations.queries import NominationPage, NominationSummary
from bot.services.nominations.records import SUMMARY_MAX, NominationDraft, NominationView, Nominee
from bot.services.nominations.service import NominationService
from bot.services.nominations.workflow import TRANSITIONS, Action, actions_for, nomination_stake

__all__ = [
    "SUMMARY_MAX",
    "TRANSITIONS",
    "Action",
    "LiveNomination",
    "NominationDraft",
    "NominationExportRow",
    "NominationExportService",
    "NominationFilter",
    "NominationPage",
    "NominationService",
    "NominationSummary",
    "NominationView",
    "Nominee",
    "actions_for",
    "nomination_stake",
]
