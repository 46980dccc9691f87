"""Plans and periods: publishing the plan document of the open period, reading it (and past
periods' plans) and tracking who confirmed it.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.plans.coverage import PlanCoverageService, UnitCoverage
from bot.services.plans.periods import (
    MAX_YEARS,
    PeriodService,
    PeriodView,
    code_of,
    parse_years,
    title_years,
)
from bot.services.plans.rows import latest
from bot.services.plans.service import PlanService, PlanView

__all__ = [
    "MAX_YEARS",
    "PeriodService",
    "PeriodView",
    "PlanCoverageService",
    "PlanService",
    "PlanView",
    "UnitCoverage",
    "code_of",
    "latest",
    "parse_years",
    "title_years",
]
