"""Units renamed, merged, split and closed with a day of effect: members and open items go
with them, and boards of a period show the units as they were then (DESIGN §3.11).

The clock reads Monday 2 March 2026, 09:00 in Hà Nội.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from bot import errors
from bot.app import App
from bot.domain import NominationState
from bot.roles import Role
from bot.services.common import SYSTEM
from bot.services.leaderboards import PeriodKind, UnitBoard
from bot.services.nominations import NominationFilter
from bot.services.people import NewUnit
from models import (
    AuditEntry,
    Member,
    MemberChange,
    Nomination,
    Report,
    ReportingPeriod,
    Unit,
)
from tests.services.broadcasts_seed import add_member, unit_view
from tests.services.leaderboards_seed import event, local

MERGED = NewUnit("CDS", "Phòng Chuyển đổi số", "department")


async def nomination(app: App, unit: str, code: str, state: NominationState) -> None:
    """A collective nomination of ``unit`` in ``state``."""
    view = await unit_view(app, unit)
    now = app.clock.now()
    async with app.sessions.begin() as session:
        session.add(
            Nomination(
                code=code,
                year=2026,
                track="annual",
                unit_id=view.id,
                nominee_kind="collective",
                nominee_name=view.name,
                nominee_key=f"u:{view.id}",
                award_code="TTLDTT",
                award_name="Tập thể lao động tiên tiến",
                summary="Tốt",
                state=state,
                version=1,
                submitted_at=now,
                updated_at=now,
            )
        )


async def unit_of_nomination(app: App, code: str) -> str:
    async with app.sessions() as session:
        found = await session.scalar(
            select(Unit.code)
            .join(Nomination, Nomination.unit_id == Unit.id)
            .where(Nomination.code == code)
        )
    return str(found)


async def board(app: App, start: date, end: date) -> dict[str, tuple[str, int, float]]:
    """The unit board of a range: code → (name, headcount, points)."""
    period = app.services.leaderboards.period(PeriodKind.CUSTOM, start=start, end=end)
    found: UnitBoard = await app.services.leaderboards.units(period)
    return {r.code: (r.name, r.members, r.points) for r in found.rows}


async def test_a_merge_moves_members_and_open_items_and_boards_show_before_and_after(
    app: App,
) -> None:
    first = await add_member(app, "CNTT", "An")
    await add_member(app, "CNTT", "Bình")
    third = await add_member(app, "VHTT-VY", "Chi")
    await event(app, first.unit.id, member_id=first.id, at=local("2026-01-15 10:00"))
    await event(app, third.unit.id, member_id=third.id, at=local("2026-01-20 10:00"))
    await nomination(app, "VHTT-VY", "DC-2026-0001", NominationState.SUBMITTED)
    await nomination(app, "VHTT-VY", "DC-2026-0002", NominationState.AWARDED)
    january = await board(app, date(2026, 1, 1), date(2026, 1, 31))

    done = await app.services.unit_changes.merge(
        None, ["CNTT", "VHTT-VY"], MERGED, date(2026, 2, 1), "QĐ 12/QĐ-UBND"
    )

    assert (done.members_moved, done.items.moved, done.targets) == (3, 1, ("CDS",))
    # The open nomination goes on with the new unit; the decided one stays where it was.
    assert await unit_of_nomination(app, "DC-2026-0001") == "CDS"
    assert await unit_of_nomination(app, "DC-2026-0002") == "VHTT-VY"
    before = await board(app, date(2026, 1, 1), date(2026, 1, 31))
    assert before == january
    assert before["CNTT"] == ("Phòng Công nghệ thông tin", 2, 20.0)
    assert before["VHTT-VY"][1:] == (1, 20.0)
    assert "CDS" not in before
    after = await board(app, date(2026, 1, 1), date(2026, 3, 31))
    assert after["CDS"] == ("Phòng Chuyển đổi số", 3, 40.0)
    assert "CNTT" not in after
    assert "VHTT-VY" not in after
    async with app.sessions() as session:
        moves = (await session.scalars(select(MemberChange))).all()
        audited = await session.scalar(select(AuditEntry).where(AuditEntry.action == "unit.merge"))
    assert {m.effective_on for m in moves} == {date(2026, 2, 1)}
    assert len(moves) == 3
    assert audited is not None


async def test_a_renamed_unit_keeps_its_old_name_on_boards_of_earlier_periods(app: App) -> None:
    await add_member(app, "CNTT", "An")
    march = await board(app, date(2026, 3, 1), date(2026, 3, 31))  # now cached
    assert march["CNTT"][0] == "Phòng Công nghệ thông tin"
    await app.services.unit_changes.rename(
        None, "CNTT", "Phòng Khoa học và Công nghệ", date(2026, 3, 1)
    )
    assert (await board(app, date(2026, 2, 1), date(2026, 2, 28)))["CNTT"][0] == (
        "Phòng Công nghệ thông tin"
    )
    assert (await board(app, date(2026, 3, 1), date(2026, 3, 31)))["CNTT"][0] == (
        "Phòng Khoa học và Công nghệ"
    )
    # The configuration's old name does not come back on the next start.
    await app.services.units.sync(app.settings.units, actor=SYSTEM)
    assert (await unit_view(app, "CNTT")).name == "Phòng Khoa học và Công nghệ"


async def test_a_split_places_every_member_where_the_office_says(app: App) -> None:
    an = await add_member(app, "CNTT", "An")
    binh = await add_member(app, "CNTT", "Bình")
    targets = [NewUnit("CDS", "Phòng Chuyển đổi số", "department"), NewUnit("VP")]
    with pytest.raises(errors.SplitUnassigned):
        await app.services.unit_changes.split(
            None, "CNTT", targets, {an.id: "CDS"}, date(2026, 2, 1)
        )
    done = await app.services.unit_changes.split(
        None, "CNTT", targets, {an.id: "CDS", binh.id: "VP"}, date(2026, 2, 1)
    )
    assert done.members_moved == 2
    async with app.sessions() as session:
        units = dict(
            (
                await session.execute(
                    select(Member.full_name, Unit.code)
                    .join(Unit, Unit.id == Member.unit_id)
                    .where(Member.id.in_([an.id, binh.id]))
                )
            ).all()
        )
        cntt = await session.scalar(select(Unit).where(Unit.code == "CNTT"))
    assert units == {"An": "CDS", "Bình": "VP"}
    assert cntt is not None
    assert (cntt.active, cntt.closed_on) == (False, date(2026, 2, 1))


async def test_changes_are_refused_when_they_cannot_be_made(app: App) -> None:
    await add_member(app, "CNTT", "An")
    changes = app.services.unit_changes
    with pytest.raises(errors.UnitHasMembers):
        await changes.close(None, "CNTT", date(2026, 2, 1))
    with pytest.raises(errors.EffectiveInFuture):
        await changes.rename(None, "CNTT", "Tên mới", date(2026, 3, 3))
    with pytest.raises(errors.UnitChangeInvalid):
        await changes.merge(None, ["CNTT"], NewUnit("CNTT"), date(2026, 2, 1))
    with pytest.raises(errors.UnitChangeInvalid):
        await changes.merge(
            None, ["CNTT"], NewUnit("MOI", "Đơn vị mới", "khong_co"), date(2026, 2, 1)
        )
    with pytest.raises(errors.UnitChangeInvalid):
        await changes.merge(
            None, ["CNTT"], NewUnit("MỚI 1", "Đơn vị mới", "department"), date(2026, 2, 1)
        )
    await changes.close(None, "VHTT-VY", date(2026, 2, 1))
    with pytest.raises(errors.UnitClosed):
        await changes.rename(None, "VHTT-VY", "Tên mới", date(2026, 2, 1))
    clerk = await add_member(app, "VP", "Văn Phòng", Role.UNIT_HEAD)
    with pytest.raises(errors.NotAllowed):
        await changes.rename(clerk, "VP", "Tên mới", date(2026, 2, 1))


async def test_exports_name_each_items_unit_as_it_was_called_then(app: App) -> None:
    await nomination(app, "CNTT", "DC-2026-0001", NominationState.SUBMITTED)
    app.clock.advance(days=2)  # type: ignore[attr-defined]
    await app.services.unit_changes.rename(
        None, "CNTT", "Phòng Khoa học và Công nghệ", date(2026, 3, 4)
    )
    await nomination(app, "CNTT", "DC-2026-0002", NominationState.SUBMITTED)
    rows = await app.services.nomination_export.rows(None, NominationFilter(year=2026))
    assert [(r.code, r.unit) for r in rows] == [
        ("DC-2026-0001", "Phòng Công nghệ thông tin"),
        ("DC-2026-0002", "Phòng Khoa học và Công nghệ"),
    ]


async def test_a_periods_report_status_lists_the_units_as_they_were_on_its_deadline(
    app: App,
) -> None:
    cntt = await unit_view(app, "CNTT")
    now = app.clock.now()
    async with app.sessions.begin() as session:
        period = ReportingPeriod(
            name="Tháng 1/2026", deadline=date(2026, 1, 31), open=False, opened_at=now
        )
        session.add(period)
        await session.flush()
        session.add(
            Report(
                period_id=period.id,
                unit_id=cntt.id,
                summary="Tốt",
                results="Tốt",
                state="accepted",
                late=False,
                submitted_at=now,
                updated_at=now,
            )
        )
        period_id = period.id
    await app.services.unit_changes.rename(None, "VP", "Văn phòng Sở KH&CN", date(2026, 2, 1))
    await app.services.unit_changes.merge(None, ["CNTT"], NewUnit("VP"), date(2026, 2, 1))
    status = await app.services.report_export.status(None, period_id)
    assert {(r.code, r.unit, r.status.value) for r in status.rows} >= {
        ("CNTT", "Phòng Công nghệ thông tin", "accepted"),
        ("VP", "Văn phòng Sở", "missing"),
    }
