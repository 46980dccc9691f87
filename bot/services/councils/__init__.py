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

__all__ = ["Candidate", "CouncilService", "CouncilView", "Position", "SeatView", "seats_of"]
