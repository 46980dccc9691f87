"""Seeding the score ledger straight into the database for the leaderboard tests.

Units are added with kind "center" (not in the configuration) so a board filtered by that kind
shows only what a test seeded.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.app import App
from bot.services.common.views import MemberView, UnitView
from models import ScoreEvent
from tests.services.broadcasts_seed import add_member, add_unit

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
CENTER = "center"


def local(text: str) -> datetime:
    """A wall-clock time in Vĩnh Phúc: "2026-03-31 23:30"."""
    return datetime.fromisoformat(text).replace(tzinfo=ZONE)


async def unit_with(app: App, code: str, members: int) -> tuple[UnitView, list[MemberView]]:
    """A new unit of kind "center" and ``members`` staff named "<code> 1", "<code> 2" …"""
    unit = await add_unit(app, code, f"Trung tâm {code}")
    people = [await add_member(app, code, f"{code} {n}") for n in range(1, members + 1)]
    return unit, people


async def event(
    app: App,
    unit_id: int,
    kind: str = "nomination_awarded",
    *,
    member_id: int | None = None,
    share: int = 100,
    at: datetime | None = None,
) -> None:
    """Append one scored event (at the clock's time unless given)."""
    async with app.sessions.begin() as session:
        session.add(
            ScoreEvent(
                kind=kind,
                member_id=member_id,
                unit_id=unit_id,
                share=share,
                entity="test",
                entity_id=1,
                at=at or app.clock.now(),
            )
        )
