"""Members move, change role and leave (DESIGN §3.11): a member who left keeps their history
but is in no broadcast, no coverage and no individual board from that day, and the messages
still waiting for them are recorded as skipped, not sent.

The clock reads Monday 2 March 2026, 09:00 in Hà Nội.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot import errors
from bot.app import App
from bot.config import Settings
from bot.domain import LeaveReason
from bot.roles import Role
from bot.services.leaderboards import PeriodKind
from models import DeliveryStatus, Member, MemberChange, ScoreEvent
from tests.conftest import make_settings
from tests.services.broadcasts_seed import STATUS_CHAT, add_member, deliveries, draft, org
from tests.services.leaderboards_seed import event, local

LEFT = date(2026, 3, 1)


async def test_a_member_who_left_gets_no_broadcast_and_leaves_the_coverage(app: App) -> None:
    people = await org(app)
    service = app.services.broadcasts
    first = await service.create(people.office, draft(urgent=True), STATUS_CHAT)
    await service.start_due()
    waiting = [d for d in await deliveries(app) if d.member_id == people.staff.id]
    assert [d.status for d in waiting] == [DeliveryStatus.PENDING]
    coverage = {c.code: c.members for c in await app.services.plan_coverage.coverage_all()}

    left = await app.services.member_changes.leave(
        people.office, people.staff.id, LeaveReason.RETIRED, LEFT
    )

    assert left.skipped == 1
    skipped = [d for d in await deliveries(app) if d.member_id == people.staff.id]
    assert [(d.status, d.last_error) for d in skipped] == [
        (DeliveryStatus.SKIPPED, "member left: retired")
    ]
    # The broadcast's report counts it as settled, so the broadcast can finish.
    assert (await service.counts(people.office, first.id)).skipped == 1
    preview = await service.preview(people.office, draft())
    assert preview.recipients == 5
    await service.create(people.office, draft(urgent=True), STATUS_CHAT)
    await service.start_due()
    assert [d.status for d in await deliveries(app) if d.member_id == people.staff.id] == [
        DeliveryStatus.SKIPPED
    ]
    after = {c.code: c.members for c in await app.services.plan_coverage.coverage_all()}
    assert after["CNTT"] == coverage["CNTT"] - 1
    async with app.sessions() as session:
        row = await session.get_one(Member, people.staff.id)
    # History stays: the member is still there, with the day and the reason.
    assert (row.full_name, row.left_on, row.left_reason) == ("An", LEFT, "retired")


async def test_a_member_who_left_stays_on_boards_of_periods_before_they_left(app: App) -> None:
    an = await add_member(app, "CNTT", "An")
    await event(app, an.unit.id, member_id=an.id, at=local("2026-02-10 10:00"))
    await app.services.member_changes.leave(None, an.id, LeaveReason.TRANSFERRED, LEFT)
    boards = app.services.leaderboards
    february = boards.period(PeriodKind.CUSTOM, start=date(2026, 2, 1), end=date(2026, 2, 28))
    march = boards.period(PeriodKind.CUSTOM, start=date(2026, 2, 1), end=date(2026, 3, 31))
    assert [r.full_name for r in (await boards.members(february)).rows] == ["An"]
    assert (await boards.members(march)).rows == ()
    units = {r.code: r.members for r in (await boards.units(february)).rows}
    assert units["CNTT"] == 1
    assert {r.code: r.members for r in (await boards.units(march)).rows}["CNTT"] == 0


async def test_a_moved_members_items_stay_with_the_old_unit_by_default(app: App) -> None:
    an = await add_member(app, "CNTT", "An")
    await event(app, an.unit.id, member_id=an.id, at=local("2026-01-10 10:00"))
    moved = await app.services.member_changes.move(None, an.id, "VHTT-VY", date(2026, 2, 1))
    assert moved.carried == 0
    year = app.services.leaderboards.period(PeriodKind.YEAR)
    totals = {r.code: r.points for r in (await app.services.leaderboards.units(year)).rows}
    assert (totals["CNTT"], totals["VHTT-VY"]) == (20.0, 0.0)
    async with app.sessions() as session:
        history = (await session.scalars(select(MemberChange))).one()
    assert (history.kind, history.effective_on) == ("move", date(2026, 2, 1))
    # The individual board of January shows An in the unit An was in then.
    boards = app.services.leaderboards
    january = boards.period(PeriodKind.CUSTOM, start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert [(r.full_name, r.unit_name) for r in (await boards.members(january)).rows] == [
        ("An", "Phòng Công nghệ thông tin")
    ]
    assert [r.unit_name for r in (await boards.members(year)).rows] == [
        "Phòng Văn hóa và Thông tin thành phố Vĩnh Yên"
    ]


class TestFollow:
    """``[people] moved_items = "follow"``."""

    @pytest.fixture
    def settings(self, database_url: str) -> Settings:
        return make_settings(database_url, people={"moved_items": "follow"})

    async def test_a_moved_members_points_of_the_year_follow_them(self, app: App) -> None:
        an = await add_member(app, "CNTT", "An")
        await event(app, an.unit.id, member_id=an.id, at=local("2026-01-10 10:00"))
        await event(app, an.unit.id, member_id=an.id, at=local("2025-12-10 10:00"))
        moved = await app.services.member_changes.move(None, an.id, "VHTT-VY", date(2026, 2, 1))
        assert moved.carried == 1
        year = app.services.leaderboards.period(PeriodKind.YEAR)
        totals = {r.code: r.points for r in (await app.services.leaderboards.units(year)).rows}
        assert (totals["CNTT"], totals["VHTT-VY"]) == (0.0, 20.0)
        async with app.sessions() as session:
            shares = sorted(await session.scalars(select(ScoreEvent.share)))
        # The ledger is only added to: a compensating event and a copy, last year's untouched.
        assert shares == [-100, 100, 100, 100]


async def test_a_unit_head_acts_only_for_the_staff_of_their_own_unit(app: App) -> None:
    head = await add_member(app, "CNTT", "Trưởng CNTT", Role.UNIT_HEAD)
    other_head = await add_member(app, "CNTT", "Phó CNTT", Role.UNIT_HEAD)
    staff = await add_member(app, "CNTT", "An")
    elsewhere = await add_member(app, "VHTT-VY", "Chi")
    changes = app.services.member_changes
    for refused in (
        changes.move(head, elsewhere.id, "CNTT", LEFT),
        changes.leave(head, other_head.id, LeaveReason.RETIRED, LEFT),
        changes.set_role(head, staff.id, Role.COUNCIL, LEFT),
        changes.leave(staff, head.id, LeaveReason.RETIRED, LEFT),
    ):
        with pytest.raises(errors.NotAllowed):
            await refused
    with pytest.raises(errors.EffectiveInFuture):
        await changes.move(head, staff.id, "VHTT-VY", date(2026, 3, 3))
    moved = await changes.move(head, staff.id, "VHTT-VY", LEFT)
    assert moved.unit == "VHTT-VY"
    with pytest.raises(errors.NotAllowed):  # no longer in the head's unit
        await changes.leave(head, staff.id, LeaveReason.RETIRED, LEFT)
    with pytest.raises(errors.MemberChangeInvalid):
        await changes.move(None, staff.id, "CNTT", date(2026, 2, 1))
    role = await changes.set_role(None, staff.id, Role.UNIT_HEAD, LEFT)
    assert role.kind == "role"
    await changes.leave(None, staff.id, LeaveReason.OTHER, LEFT)
    with pytest.raises(errors.MemberGone):
        await changes.move(None, staff.id, "CNTT", LEFT)
