"""Plans: publishing the plan document, reading it and tracking who confirmed it.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.plans.coverage import PlanCoverageService, UnitCoverage
from bot.services.plans.service import PlanService, PlanView, latest

__all__ = [
    "PlanCoverageService",
    "PlanService",
    "PlanView",
    "UnitCoverage",
    "latest",
]
