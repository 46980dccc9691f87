"""The emulation year's milestones (/lichthidua) and reminders to those who have not acted.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.milestones.records import (
    MilestoneState,
    MilestoneView,
    PendingUnit,
    PendingView,
    YearView,
)
from bot.services.milestones.service import YEARS, MilestoneService

__all__ = [
    "YEARS",
    "MilestoneService",
    "MilestoneState",
    "MilestoneView",
    "PendingUnit",
    "PendingView",
    "YearView",
]
