"""Typed, compact callback payloads for buttons (ASCII, at most 64 bytes).

Each payload is a frozen dataclass subclassing :class:`CallbackData` with a short unique
prefix, in the module of its feature; fields are ``int``, short ASCII ``str`` or a
:class:`~enum.StrEnum` of the choices a button can carry. ``pack`` gives
``"prefix:field:field"``; :func:`unpack` returns ``None`` for anything malformed, unknown or
forged, so a stale or tampered button can never reach a handler with wrong types.

This module is the package's public API: importing it registers every payload.
"""

from __future__ import annotations

from bot.callbacks.base import MAX_BYTES, SEPARATOR, CallbackData, unpack
from bot.callbacks.boards import (
    BoardAct,
    BoardWhy,
    BoardWhyList,
    WhyList,
    WhySubject,
)
from bot.callbacks.common import (
    DialogChoice,
    LinkAct,
    MenuAction,
)
from bot.callbacks.councils import (
    BallotAct,
    BallotChoice,
    CouncilChoice,
    CouncilMenu,
    SessionChoice,
    SessionMenu,
)
from bot.callbacks.documents import DocumentChoice, DocumentMenu, DocumentSubject
from bot.callbacks.initiatives import (
    DraftChoice,
    InitiativeAct,
    InitiativeFile,
    InitiativeList,
    InitiativeOpen,
    InitiativeScope,
    ProposalDraft,
)
from bot.callbacks.messages import (
    BroadcastAct,
    BroadcastChoice,
    ReminderAct,
    ReminderChoice,
)
from bot.callbacks.nominations import (
    DecisionChoice,
    DecisionMenu,
    NominationAct,
    NominationFile,
    NominationList,
    NominationOpen,
    NominationScope,
)
from bot.callbacks.plans import (
    PlanAction,
    PlanChoice,
    PlanPage,
    PlanUnit,
)
from bot.callbacks.reports import (
    PeriodChoice,
    ReportAct,
    ReportChoice,
    ReportFile,
    ReportMenu,
)
from bot.callbacks.year import (
    ListingChoice,
    ListingMenu,
    ListingOffice,
    ListingOfficeChoice,
    MilestoneChoice,
    MilestoneMenu,
    RegistrationChoice,
    RegistrationMenu,
    VoteListChoice,
    VoteListMenu,
)

__all__ = [
    "MAX_BYTES",
    "SEPARATOR",
    "BallotAct",
    "BallotChoice",
    "BoardAct",
    "BoardWhy",
    "BoardWhyList",
    "BroadcastAct",
    "BroadcastChoice",
    "CallbackData",
    "CouncilChoice",
    "CouncilMenu",
    "DecisionChoice",
    "DecisionMenu",
    "DialogChoice",
    "DocumentChoice",
    "DocumentMenu",
    "DocumentSubject",
    "DraftChoice",
    "InitiativeAct",
    "InitiativeFile",
    "InitiativeList",
    "InitiativeOpen",
    "InitiativeScope",
    "LinkAct",
    "ListingChoice",
    "ListingMenu",
    "ListingOffice",
    "ListingOfficeChoice",
    "MenuAction",
    "MilestoneChoice",
    "MilestoneMenu",
    "NominationAct",
    "NominationFile",
    "NominationList",
    "NominationOpen",
    "NominationScope",
    "PeriodChoice",
    "PlanAction",
    "PlanChoice",
    "PlanPage",
    "PlanUnit",
    "ProposalDraft",
    "RegistrationChoice",
    "RegistrationMenu",
    "ReminderAct",
    "ReminderChoice",
    "ReportAct",
    "ReportChoice",
    "ReportFile",
    "ReportMenu",
    "SessionChoice",
    "SessionMenu",
    "VoteListChoice",
    "VoteListMenu",
    "WhyList",
    "WhySubject",
    "unpack",
]
