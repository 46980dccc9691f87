"""A year of awards for the statistics tests: a catalogue whose awards are classified for
TT 02/2023/TT-BNV (one left unclassified), members of known and unknown category, and
decisions recorded through the decisions service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from bot.app import App, open_app
from bot.domain import NomineeKind, StaffCategory, Track
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.nominations.records import Nominee
from tests.conftest import make_settings
from tests.fakes.clock import FakeClock
from tests.services.nominations_seed import GROUP, award, draft_for, member

BOTH = ["annual", "thematic", "adhoc"]
AWARDS: list[dict[str, Any]] = [
    {"code": "BK-UBND", "name": "Bằng khen của Chủ tịch UBND tỉnh", "applies_to": "both",
     "tracks": BOTH, "statistics_form": "bang_khen"},
    {"code": "CSTD-TINH", "name": "Chiến sĩ thi đua cấp tỉnh", "applies_to": "individual",
     "tracks": ["annual"], "statistics_form": "chien_si_thi_dua"},
    {"code": "BK-TTG", "name": "Bằng khen của Thủ tướng Chính phủ", "applies_to": "both",
     "tracks": BOTH, "statistics_form": "bang_khen_thu_tuong"},
    {"code": "LDTT", "name": "Lao động tiên tiến", "applies_to": "individual",
     "tracks": ["annual"], "statistics_form": "outside"},
    {"code": "GK-GD", "name": "Giấy khen của Giám đốc Sở", "applies_to": "both",
     "tracks": BOTH},
]  # fmt: skip


@pytest.fixture(name="app")
async def statistics_app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The core with the classified catalogue."""
    settings = make_settings(database_url, awards=AWARDS, announcements=GROUP)
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


@dataclass(frozen=True, slots=True)
class Year:
    """Who the seeded year involves."""

    office: MemberView
    an: MemberView
    binh: MemberView
    lanh: MemberView
    khac: MemberView
    #: The nominations awarded, in the order of :func:`seed_year`'s list.
    items: tuple[int, ...]


async def _awarded(
    app: App, head: MemberView, office: MemberView, number: int, **changes: Any
) -> int:
    item = await app.services.nominations.submit(head, draft_for(head, **changes))
    await award(app, office, item.id, f"{number}/QĐ-SKHCN")
    return item.id


def _person(who: MemberView) -> Nominee:
    return Nominee(NomineeKind.MEMBER, who.unit.id, member_id=who.id)


async def seed_year(app: App) -> Year:
    """Awards of the year (all decided on the clock's day):

    - An (frontline): Bằng khen UBND, annual; Bình (other leader): CSTĐ tỉnh, annual;
    - Lãnh (category unknown): Bằng khen UBND, thematic;
    - the unit CNTT: Bằng khen UBND, ad hoc; Khác (province leader): Bằng khen TTg, annual;
    - Hội: Giấy khen (unclassified) and An: Lao động tiên tiến (outside every table).
    """
    head = await member(app, "truong", Role.UNIT_HEAD)
    office = await member(app, "vp", Role.OFFICE, "VP")
    an, binh = await member(app, "an", Role.STAFF), await member(app, "binh", Role.STAFF)
    lanh, khac = await member(app, "lanh", Role.STAFF), await member(app, "khac", Role.STAFF)
    hoi = await member(app, "hoi", Role.STAFF)
    changes = app.services.member_changes
    for person, category in (
        (an, StaffCategory.FRONTLINE),
        (binh, StaffCategory.OTHER_LEADER),
        (khac, StaffCategory.PROVINCE_LEADER),
        (head, StaffCategory.OTHER_LEADER),
        (office, StaffCategory.FRONTLINE),
        (hoi, StaffCategory.FRONTLINE),
    ):
        await changes.set_category(office, person.id, category)
    collective = Nominee(NomineeKind.COLLECTIVE, head.unit.id)
    items: list[int] = []
    for number, (who, code, track) in enumerate(
        (
            (_person(an), "BK-UBND", Track.ANNUAL),
            (_person(binh), "CSTD-TINH", Track.ANNUAL),
            (_person(lanh), "BK-UBND", Track.THEMATIC),
            (collective, "BK-UBND", Track.ADHOC),
            (_person(khac), "BK-TTG", Track.ANNUAL),
            (_person(hoi), "GK-GD", Track.ANNUAL),
            (_person(an), "LDTT", Track.ANNUAL),
        ),
        start=1,
    ):
        movement = "chuyen-doi-so" if track is Track.THEMATIC else ""
        items.append(
            await _awarded(
                app,
                head,
                office,
                number,
                nominee=who,
                award_code=code,
                track=track,
                movement=movement,
            )
        )
    return Year(office, an, binh, lanh, khac, tuple(items))
