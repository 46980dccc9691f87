"""A unit's vote list the Office has returned, to edit as a table over the web: the CNTT head
and three staff (all in service since 2020), the Office, and a head of another unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.app import App
from bot.roles import Role
from bot.services.common import FileInfo, MemberView
from bot.services.vote_lists import Meeting, Row
from tests.conftest import make_settings
from tests.factories import make_member
from tests.services.cycle_seed import CYCLE_AWARDS, started

YEAR = 2025  # the fake clock's 2 March 2026 proposes last year's achievements first
MEETING = Meeting(date(2026, 2, 20), 12)
MINUTES = [FileInfo("console", "f-1", "bien-ban.pdf", "application/pdf", 1000)]


def vote_list_settings(database_url: str) -> Any:
    """The test organisation with the annual titles of a unit's list."""
    return make_settings(database_url, awards=CYCLE_AWARDS)


@dataclass
class Unit:
    """Who is who around one returned list."""

    head: MemberView
    staff: list[MemberView]
    office: MemberView
    other: MemberView
    list_id: int

    @property
    def people(self) -> list[MemberView]:
        """The unit's members, as the table lists them (by name)."""
        return sorted([self.head, *self.staff], key=lambda m: m.full_name)


async def fresh_unit(app: App) -> Unit:
    """The people around a unit with no list for the year yet (``list_id`` 0)."""
    head = await make_member(app, "truong", Role.UNIT_HEAD, name="Phạm Văn Trưởng")
    staff = [
        await make_member(app, "an", name="Nguyễn <i>Văn</i> An"),
        await make_member(app, "binh", name="Trần Thị Bình"),
        await make_member(app, "chi", name="Lê Thị Chi"),
    ]
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    other = await make_member(app, "khac", Role.UNIT_HEAD, "VHTT-VY", name="Vũ Thị Khác")
    for person in (head, *staff):
        await started(app, person.id, date(2020, 1, 1))
    return Unit(head, staff, office, other, 0)


async def returned_list(app: App) -> Unit:
    """Every member LĐTT at 100 %, An also CSTĐCS on excellent work, the unit TTLĐTT; sent,
    then returned by the Office."""
    unit = await fresh_unit(app)
    head, staff, office = unit.head, unit.staff, unit.office
    rows = [
        Row(None, "TTLDTT", 1.0),
        *(Row(p.id, "LDTT", 1.0) for p in (head, *staff)),
        Row(staff[0].id, "CSTDCS", 1.0, "excellent"),
    ]
    service = app.services.vote_lists
    sent = await service.submit(head, YEAR, rows, MEETING, MINUTES)
    back = await service.return_list(office, sent.id, "Thiếu tỉ lệ phiếu chính xác", sent.version)
    unit.list_id = back.id
    return unit


def table(unit: Unit, **changes: str) -> dict[str, str]:
    """The table as the page posts it, everyone LĐTT at 90 %, An CSTĐCS; ``changes`` by field
    name (``""`` leaves a field out)."""
    an = unit.staff[0]
    posted = {
        "meeting_on": "20/02/2026",
        "attendees": "12",
        "c-award": "TTLDTT",
        "c-share": "90",
        f"t-{an.id}-CSTDCS": "1",
        f"s-{an.id}-CSTDCS": "90",
        f"b-{an.id}-CSTDCS": "excellent",
    }
    for person in unit.people:
        posted[f"t-{person.id}-LDTT"] = "1"
        posted[f"s-{person.id}-LDTT"] = "90"
    posted.update(changes)
    return {name: value for name, value in posted.items() if value != ""}
