"""Reports: reporting periods, unit reports, their review and export.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.reports.browse import ReportPage, ReportQuery, ReportSummary
from bot.services.reports.export import ReportExport, ReportExportService, ReportStatusRow
from bot.services.reports.labels import REASON_MIN, STATE_KEYS
from bot.services.reports.periods import DeadlinePassed, PeriodHasReports
from bot.services.reports.records import PeriodChange, UnitStatus
from bot.services.reports.review import ReportReviewService
from bot.services.reports.service import TEXT_MAX, TEXT_MIN, PeriodView, ReportService, ReportView
from bot.services.reports.workflow import TRANSITIONS, Action

__all__ = [
    "REASON_MIN",
    "STATE_KEYS",
    "TEXT_MAX",
    "TEXT_MIN",
    "TRANSITIONS",
    "Action",
    "DeadlinePassed",
    "PeriodChange",
    "PeriodHasReports",
    "PeriodView",
    "ReportExport",
    "ReportExportService",
    "ReportPage",
    "ReportQuery",
    "ReportReviewService",
    "ReportService",
    "ReportStatusRow",
    "ReportSummary",
    "ReportView",
    "UnitStatus",
]
