"""Councils (hội đồng): the rolls of the councils of ``[[councils]]``, kept by the Office.

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
from bot.services.councils.sessions import (
    AgendaItem,
    ItemResult,
    SessionService,
    SessionView,
    has_stake,
)

__all__ = [
    "AgendaItem",
    "Candidate",
    "CouncilService",
    "CouncilView",
    "ItemResult",
    "Position",
    "SeatView",
    "SessionService",
    "SessionView",
    "has_stake",
    "seats_of",
]
