"""Leaderboards: unit and individual boards, periods, "Vì sao?", charts and scheduled posts.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.leaderboards.charts import BoardChartService, points
from bot.services.leaderboards.periods import plan_file_years
from bot.services.leaderboards.posts import BoardPostService
from bot.services.leaderboards.records import (
    ChartImage,
    Explanation,
    MemberBoard,
    MemberRow,
    Period,
    PeriodKind,
    ScoreLine,
    UnitBoard,
    UnitMembers,
    UnitRow,
)
from bot.services.leaderboards.service import LeaderboardService

__all__ = [
    "BoardChartService",
    "BoardPostService",
    "ChartImage",
    "Explanation",
    "LeaderboardService",
    "MemberBoard",
    "MemberRow",
    "Period",
    "PeriodKind",
    "ScoreLine",
    "UnitBoard",
    "UnitMembers",
    "UnitRow",
    "plan_file_years",
    "points",
]
