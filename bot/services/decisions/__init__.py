"""Decisions (quyết định khen thưởng): recording the competent authority's decision on the
items the council recommended, sending a dossier up and recording the higher level's result,
and cancelling an award.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.decisions.notices import DecisionNotices
from bot.services.decisions.records import (
    NUMBER_MAX,
    SIGNER_MAX,
    DecidedItem,
    DecisionView,
    Grantor,
    Kind,
    Outcome,
    Pending,
    PendingItem,
    Signed,
)
from bot.services.decisions.service import DecisionService

__all__ = [
    "NUMBER_MAX",
    "SIGNER_MAX",
    "DecidedItem",
    "DecisionNotices",
    "DecisionService",
    "DecisionView",
    "Grantor",
    "Kind",
    "Outcome",
    "Pending",
    "PendingItem",
    "Signed",
]
