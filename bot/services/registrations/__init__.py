"""Registration of the year's targets (đăng ký thi đua, issue 16 point 2).

This module is the package's public API: other packages import only from here. The vote lists
check their rows with :func:`registered` (one query for a whole list) and read the policy for
titles not registered from ``Settings.registration.unregistered``.
"""

from __future__ import annotations

from bot.services.registrations.notices import TargetNotices
from bot.services.registrations.queries import Target, registered
from bot.services.registrations.records import (
    FormMember,
    MemberTargets,
    Opened,
    Registered,
    RegistrationForm,
    RegistrationStatus,
    RoundView,
    Title,
    Titles,
    UnitStatus,
)
from bot.services.registrations.service import TargetRegistrationService

__all__ = [
    "FormMember",
    "MemberTargets",
    "Opened",
    "Registered",
    "RegistrationForm",
    "RegistrationStatus",
    "RoundView",
    "Target",
    "TargetNotices",
    "TargetRegistrationService",
    "Title",
    "Titles",
    "UnitStatus",
    "registered",
]
