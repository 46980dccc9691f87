"""What unit reports are called on screen, shared by the chat handlers and the web pages (literal
keys, so the catalogue test sees them used)."""

from __future__ import annotations

from bot.services.reports.records import UnitStatus

#: The shortest reason for returning a report.
REASON_MIN = 5
#: Where a unit's report stands, as the Office's table says it.
STATE_KEYS: dict[UnitStatus, str] = {
    UnitStatus.RETURNED: "report.state.returned",
    UnitStatus.LATE: "report.state.late",
    UnitStatus.SUBMITTED: "report.state.submitted",
    UnitStatus.ACCEPTED: "report.state.accepted",
}
