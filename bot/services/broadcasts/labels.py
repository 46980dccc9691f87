"""What broadcast audiences are called on screen, shared by the chat dialog and the web form
(literal keys, so the catalogue test sees them used)."""

from __future__ import annotations

from bot.services.broadcasts.audiences import AudienceKind

#: What the Office may send to.
OFFICE_AUDIENCES: dict[AudienceKind, str] = {
    AudienceKind.EVERYONE: "broadcast.audience.everyone",
    AudienceKind.UNITS: "broadcast.audience.units",
    AudienceKind.ROLES: "broadcast.audience.roles",
    AudienceKind.NOT_CONFIRMED: "broadcast.audience.not_confirmed",
    AudienceKind.NO_INITIATIVE: "broadcast.audience.no_initiative",
    AudienceKind.REPORT_MISSING: "broadcast.audience.report_missing",
    AudienceKind.REVIEWS_PENDING: "broadcast.audience.reviews_pending",
    AudienceKind.TARGETS_MISSING: "targets.audience",
}
#: What a unit head may send to: always within their own unit.
UNIT_AUDIENCES: dict[AudienceKind, str] = {
    AudienceKind.EVERYONE: "broadcast.audience.unit_everyone",
    AudienceKind.NOT_CONFIRMED: "broadcast.audience.unit_not_confirmed",
    AudienceKind.NO_INITIATIVE: "broadcast.audience.unit_no_initiative",
}
