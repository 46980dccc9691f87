"""The dossier's official documents (DESIGN §3.12): which documents an item or a list has,
gathered from the database and filled into the Office's templates.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.documents.labels import KIND_NAMES, SUBJECT_NAMES
from bot.services.documents.records import (
    DocumentKind,
    Maker,
    Setting,
    Subject,
    SubjectKind,
)
from bot.services.documents.registry import MAKERS
from bot.services.documents.related import related
from bot.services.documents.results import (
    Blanks,
    DocumentFiles,
    Dossier,
    DossierPlan,
    Offer,
    Ref,
    SubjectRef,
)
from bot.services.documents.rewards import RewardList, RewardRow, reward_rows
from bot.services.documents.service import (
    Catalogue,
    DocumentService,
    Makers,
    RewardSheet,
)

__all__ = [
    "KIND_NAMES",
    "MAKERS",
    "SUBJECT_NAMES",
    "Blanks",
    "Catalogue",
    "DocumentFiles",
    "DocumentKind",
    "DocumentService",
    "Dossier",
    "DossierPlan",
    "Maker",
    "Makers",
    "Offer",
    "Ref",
    "RewardList",
    "RewardRow",
    "RewardSheet",
    "Setting",
    "Subject",
    "SubjectKind",
    "SubjectRef",
    "related",
    "reward_rows",
]
