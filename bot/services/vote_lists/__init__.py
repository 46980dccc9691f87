"""Units' year-end vote lists (danh sách bình xét) and their eligibility checks.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.vote_lists.eligibility import Problem, Row, check_rows, months_in_service
from bot.services.vote_lists.queries import UnitListStatus
from bot.services.vote_lists.records import (
    FormMember,
    ListForm,
    ListState,
    Meeting,
    RowView,
    VoteListView,
)
from bot.services.vote_lists.service import MAX_ROWS, VoteListService

__all__ = [
    "MAX_ROWS",
    "FormMember",
    "ListForm",
    "ListState",
    "Meeting",
    "Problem",
    "Row",
    "RowView",
    "UnitListStatus",
    "VoteListService",
    "VoteListView",
    "check_rows",
    "months_in_service",
]
