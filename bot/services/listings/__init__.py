"""Public listing of proposed rewards before the decision, with objections.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.listings.notices import ROWS_IN_TEXT, ListingNotices
from bot.services.listings.records import (
    REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
    ListedRow,
    ListingDetail,
    ListingGroup,
    ListingView,
    ObjectionView,
    Published,
)
from bot.services.listings.service import ListingService

__all__ = [
    "REASON_MAX",
    "ROWS_IN_TEXT",
    "TEXT_MAX",
    "TITLE_MAX",
    "ListedRow",
    "ListingDetail",
    "ListingGroup",
    "ListingNotices",
    "ListingService",
    "ListingView",
    "ObjectionView",
    "Published",
]
