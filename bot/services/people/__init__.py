"""People: members, units, invites, registration and linking accounts across channels.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.delivery import channel_name
from bot.services.people.carry import Carried
from bot.services.people.invites import InviteService
from bot.services.people.linking import Guesser, LinkingService, LinkState
from bot.services.people.member_changes import MemberChangeService
from bot.services.people.member_records import MemberChangeResult
from bot.services.people.members import MemberService, member_view
from bot.services.people.personnel import (
    PersonnelImportError,
    PersonnelResult,
    PersonnelRow,
    PersonnelService,
    SkippedRow,
    parse_personnel_csv,
    staff_category,
)
from bot.services.people.registration import Applicant, RegistrationService
from bot.services.people.roster import RosterEntry, RosterService
from bot.services.people.unit_changes import UnitChangeService
from bot.services.people.unit_records import NewUnit, UnitChangeResult
from bot.services.people.units import UnitImportError, UnitService, parse_units_csv

__all__ = [
    "Applicant",
    "Carried",
    "Guesser",
    "InviteService",
    "LinkState",
    "LinkingService",
    "MemberChangeResult",
    "MemberChangeService",
    "MemberService",
    "NewUnit",
    "PersonnelImportError",
    "PersonnelResult",
    "PersonnelRow",
    "PersonnelService",
    "RegistrationService",
    "RosterEntry",
    "RosterService",
    "SkippedRow",
    "UnitChangeResult",
    "UnitChangeService",
    "UnitImportError",
    "UnitService",
    "channel_name",
    "member_view",
    "parse_personnel_csv",
    "parse_units_csv",
    "staff_category",
]
