"""Initiatives (sáng kiến): proposing, reviewing, scoring, recognising and exporting.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.initiatives.export import (
    EXPORTABLE_STATES,
    ExportFilter,
    ExportRow,
    InitiativeExportService,
)
from bot.services.initiatives.form import (
    APPLIERS_MAX,
    WORKPLACE_MAX,
    Applier,
    AuthorDetails,
    Filer,
    birth_range,
)
from bot.services.initiatives.records import KINDS, CoAuthor, InitiativeView, Proposal, ScoreView
from bot.services.initiatives.review import ReviewService
from bot.services.initiatives.service import (
    InitiativeService,
    QueueFilter,
    Summary,
    SummaryPage,
    fold,
)
from bot.services.initiatives.workflow import (
    SCORE_STEP,
    SCORERS,
    TRANSITIONS,
    Action,
    actions_for,
    initiative_stake,
)

__all__ = [
    "APPLIERS_MAX",
    "EXPORTABLE_STATES",
    "KINDS",
    "SCORERS",
    "SCORE_STEP",
    "TRANSITIONS",
    "WORKPLACE_MAX",
    "Action",
    "Applier",
    "AuthorDetails",
    "CoAuthor",
    "ExportFilter",
    "ExportRow",
    "Filer",
    "InitiativeExportService",
    "InitiativeService",
    "InitiativeView",
    "Proposal",
    "QueueFilter",
    "ReviewService",
    "ScoreView",
    "Summary",
    "SummaryPage",
    "actions_for",
    "birth_range",
    "fold",
    "initiative_stake",
]
