"""The year's figures for the statutory statistics tables (TT 02/2023/TT-BNV).

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.statistics.records import (
    CATEGORY_LABELS,
    UNKNOWN_CATEGORY,
    AwardedItem,
    Check,
    FigureRow,
    Subject,
    Table,
    Unclassified,
    UnknownPerson,
    YearStatistics,
)
from bot.services.statistics.service import StatisticsService
from bot.services.statistics.tables import (
    MOVEMENT_COLUMNS,
    PROVINCE_COLUMNS,
    STATE_COLUMNS,
    Column,
)

__all__ = [
    "CATEGORY_LABELS",
    "MOVEMENT_COLUMNS",
    "PROVINCE_COLUMNS",
    "STATE_COLUMNS",
    "UNKNOWN_CATEGORY",
    "AwardedItem",
    "Check",
    "Column",
    "FigureRow",
    "StatisticsService",
    "Subject",
    "Table",
    "Unclassified",
    "UnknownPerson",
    "YearStatistics",
]
