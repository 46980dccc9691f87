"""Councils (hội đồng): the rolls of the councils of ``[[councils]]``, kept by the Office, and
their sessions, where the seated members vote on the items under review.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.councils.service import (
    Candidate,
    CouncilService,
    CouncilView,
    Position,
    SeatView,
    seats_of,
)
from bot.services.councils.session_notices import RESULT_NAMES, percent
from bot.services.councils.session_queries import SessionProgress
from bot.services.councils.session_views import (
    CLOSED,
    OPEN,
    TITLE_MAX,
    TITLE_MIN,
    AgendaItem,
    BallotSession,
    ItemProgress,
    ItemResult,
    ReviewGroup,
    SessionResults,
    SessionView,
    has_stake,
)
from bot.services.councils.sessions import SessionService
from bot.services.councils.tally import Result, Tally

__all__ = [
    "CLOSED",
    "OPEN",
    "RESULT_NAMES",
    "TITLE_MAX",
    "TITLE_MIN",
    "AgendaItem",
    "BallotSession",
    "Candidate",
    "CouncilService",
    "CouncilView",
    "ItemProgress",
    "ItemResult",
    "Position",
    "Result",
    "ReviewGroup",
    "SeatView",
    "SessionProgress",
    "SessionResults",
    "SessionService",
    "SessionView",
    "Tally",
    "has_stake",
    "percent",
    "seats_of",
]
