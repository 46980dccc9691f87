"""Nominations (đề cử): nominating people and units, reviewing, announcing and exporting.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.nominations.browse import SEARCH_MAX, Choice, NominationQuery
from bot.services.nominations.checks import LiveNomination, may_act
from bot.services.nominations.export import (
    NominationExportRow,
    NominationExportService,
    NominationFilter,
)
from bot.services.nominations.labels import (
    ACTION_LABELS,
    DECIDED,
    KINDS,
    REASON_MIN,
    RECOVERED,
    STATE_NAMES,
    SUMMARY_MIN,
    SURE,
    TRACK_NAMES,
    TRACKS,
    WAITING_FOR_DECISION,
)
from bot.services.nominations.public_window import Held, held_back, refuse_held
from bot.services.nominations.queries import NominationPage, NominationSummary
from bot.services.nominations.records import (
    SUMMARY_MAX,
    DecisionRef,
    NominationDraft,
    NominationView,
    Nominee,
    load_view,
    write_ledger,
)
from bot.services.nominations.service import NominationService
from bot.services.nominations.workflow import (
    BY_DECISION,
    BY_SESSION,
    CLOSED,
    FLOW,
    TRANSITIONS,
    Action,
    actions_for,
    nomination_stake,
    stake_in,
)

__all__ = [
    "ACTION_LABELS",
    "BY_DECISION",
    "BY_SESSION",
    "CLOSED",
    "DECIDED",
    "FLOW",
    "KINDS",
    "REASON_MIN",
    "RECOVERED",
    "SEARCH_MAX",
    "STATE_NAMES",
    "SUMMARY_MAX",
    "SUMMARY_MIN",
    "SURE",
    "TRACKS",
    "TRACK_NAMES",
    "TRANSITIONS",
    "WAITING_FOR_DECISION",
    "Action",
    "Choice",
    "DecisionRef",
    "Held",
    "LiveNomination",
    "NominationDraft",
    "NominationExportRow",
    "NominationExportService",
    "NominationFilter",
    "NominationPage",
    "NominationQuery",
    "NominationService",
    "NominationSummary",
    "NominationView",
    "Nominee",
    "actions_for",
    "held_back",
    "load_view",
    "may_act",
    "nomination_stake",
    "refuse_held",
    "stake_in",
    "write_ledger",
]
