"""Initiatives (sáng kiến): proposing, reviewing, the council's evaluation, the head's
decision that recognises them, and exporting.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.initiatives.desk import DeskFilter, DeskPage, DeskRow, fold
from bot.services.initiatives.evaluation import (
    ConditionSummary,
    EvaluationService,
    Mark,
    Scores,
    summarise,
)
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
from bot.services.initiatives.labels import ACTION_LABELS
from bot.services.initiatives.records import (
    KINDS,
    CoAuthor,
    InitiativeView,
    MarkView,
    Proposal,
    ScoreView,
)
from bot.services.initiatives.review import ReviewService, decision_line
from bot.services.initiatives.service import InitiativeService
from bot.services.initiatives.summaries import QueueFilter, Summary, SummaryPage
from bot.services.initiatives.workflow import (
    DECISION_ACTIONS,
    EVALUATE_STEP,
    TRANSITIONS,
    Action,
    actions_for,
    initiative_stake,
    stake_in,
)

__all__ = [
    "ACTION_LABELS",
    "APPLIERS_MAX",
    "DECISION_ACTIONS",
    "EVALUATE_STEP",
    "EXPORTABLE_STATES",
    "KINDS",
    "TRANSITIONS",
    "WORKPLACE_MAX",
    "Action",
    "Applier",
    "AuthorDetails",
    "CoAuthor",
    "ConditionSummary",
    "DeskFilter",
    "DeskPage",
    "DeskRow",
    "EvaluationService",
    "ExportFilter",
    "ExportRow",
    "Filer",
    "InitiativeExportService",
    "InitiativeService",
    "InitiativeView",
    "Mark",
    "MarkView",
    "Proposal",
    "QueueFilter",
    "ReviewService",
    "ScoreView",
    "Scores",
    "Summary",
    "SummaryPage",
    "actions_for",
    "birth_range",
    "decision_line",
    "fold",
    "initiative_stake",
    "stake_in",
    "summarise",
]
