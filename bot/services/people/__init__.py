"""People: members, units, invites, registration and linking accounts across channels.

This module is the package's public API: other packages import only from here.
"""

from __future__ import annotations

from bot.services.delivery import channel_name
from bot.services.people.carry import Carried
from bot.services.people.directory import (
    DirectoryService,
    MemberPage,
    MemberQuery,
    MemberRow,
    UnitRow,
)
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
from bot.services.people.staff_import import (
    PersonalInvite,
    StaffImportResult,
    StaffImportService,
    StaffPreview,
)
from bot.services.people.staff_xlsx import NotAWorkbook, StaffRow, is_xlsx, read_staff, template
from bot.services.people.unit_changes import UnitChangeService
from bot.services.people.unit_records import NewUnit, UnitChangeResult
from bot.services.people.units import UnitImportError, UnitService, parse_units_csv

__all__ = [
    "Applicant",
    "Carried",
    "DirectoryService",
    "Guesser",
    "InviteService",
    "LinkState",
    "LinkingService",
    "MemberChangeResult",
    "MemberChangeService",
    "MemberPage",
    "MemberQuery",
    "MemberRow",
    "MemberService",
    "NewUnit",
    "NotAWorkbook",
    "PersonalInvite",
    "PersonnelImportError",
    "PersonnelResult",
    "PersonnelRow",
    "PersonnelService",
    "RegistrationService",
    "RosterEntry",
    "RosterService",
    "SkippedRow",
    "StaffImportResult",
    "StaffImportService",
    "StaffPreview",
    "StaffRow",
    "UnitChangeResult",
    "UnitChangeService",
    "UnitImportError",
    "UnitRow",
    "UnitService",
    "channel_name",
    "is_xlsx",
    "member_view",
    "parse_personnel_csv",
    "parse_units_csv",
    "read_staff",
    "staff_category",
    "template",
]
