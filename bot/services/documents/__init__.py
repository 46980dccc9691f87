"""The dossier's official documents (DESIGN §3.12): which documents an item or a list has,
gathered from the database and filled into the Office's templates.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.documents.records import (
    DocumentKind,
    Maker,
    Setting,
    Subject,
    SubjectKind,
)
from bot.services.documents.registry import MAKERS
from bot.services.documents.related import related
from bot.services.documents.rewards import RewardList, RewardRow, reward_rows

__all__ = [
    "MAKERS",
    "DocumentKind",
    "Maker",
    "RewardList",
    "RewardRow",
    "Setting",
    "Subject",
    "SubjectKind",
    "related",
    "reward_rows",
]
