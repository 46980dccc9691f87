"""What every service shares: SQL helpers, read views, the audit log, access checks, the
doorbell and the turn cache.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.common import audit
from bot.services.common.access import require_role
from bot.services.common.audit import CLI, SYSTEM
from bot.services.common.doorbell import Doorbell
from bot.services.common.organisation import (
    NameHistory,
    OrganisationThen,
    UnitThen,
    name_history,
    name_on,
    open_on,
    organisation_on,
    present_on,
    unit_on,
)
from bot.services.common.signed import NUMBER_MAX, SIGNER_MAX, Signed
from bot.services.common.sql import insert_ignoring_duplicates, is_postgres, next_number
from bot.services.common.state_counts import StateCounts, count_states, counted_unit
from bot.services.common.turn_cache import TurnCache
from bot.services.common.views import (
    AttachmentView,
    ChangeView,
    Departure,
    DialogView,
    FileInfo,
    MemberView,
    TurnState,
    UnitView,
)

__all__ = [
    "CLI",
    "NUMBER_MAX",
    "SIGNER_MAX",
    "SYSTEM",
    "AttachmentView",
    "ChangeView",
    "Departure",
    "DialogView",
    "Doorbell",
    "FileInfo",
    "MemberView",
    "NameHistory",
    "OrganisationThen",
    "Signed",
    "StateCounts",
    "TurnCache",
    "TurnState",
    "UnitThen",
    "UnitView",
    "audit",
    "count_states",
    "counted_unit",
    "insert_ignoring_duplicates",
    "is_postgres",
    "name_history",
    "name_on",
    "next_number",
    "open_on",
    "organisation_on",
    "present_on",
    "require_role",
    "unit_on",
]
