"""Emulation periods against the real database: the seed plan's 2021–2025 period, opening
2026–2030 with its plan, confirmations per period, the past period readable, board windows.

The clock starts on 02/03/2026 09:00 in Vĩnh Phúc; the seed plan is version 1.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from bot import errors
from bot.app import App
from bot.config import DEFAULT_PLAN, plan_path
from bot.roles import Role
from bot.services.common.views import MemberView
from bot.services.leaderboards import PeriodKind
from models import AuditEntry, Movement, Plan
from models import PlanSection as PlanSectionRow
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.period_fixture import FIXTURE_2026
from tests.services.leaderboards_seed import CENTER, event, local, unit_with

SEED_TEXT = plan_path(DEFAULT_PLAN).read_text(encoding="utf-8")


async def office(app: App) -> MemberView:
    return await make_member(app, "vp", Role.OFFICE, name="Trần Văn Quản")


async def open_2026(app: App, actor: MemberView) -> int:
    published = await app.services.plans.publish(
        actor, FIXTURE_2026, "kiem-thu.md", period=(2026, 2030)
    )
    return published.version


async def test_the_seed_plan_belongs_to_the_open_2021_2025_period(app: App) -> None:
    (period,) = await app.services.periods.periods()
    assert (period.code, period.years, period.open, period.plan_version) == (
        "2021-2025",
        (2021, 2025),
        True,
        1,
    )
    plan = await app.services.plans.current()
    assert (plan.version, plan.period, plan.years) == (1, "2021-2025", (2021, 2025))


async def test_opening_2026_2030_closes_2021_2025_and_asks_everyone_to_confirm_again(
    app: App, clock: FakeClock
) -> None:
    admin = await office(app)
    lan = await make_member(app, "lan", name="Nguyễn Thị Lan")
    await app.services.plans.confirm(lan, 1)
    clock.advance(days=1)
    assert await open_2026(app, admin) == 2
    new, old = await app.services.periods.periods()
    assert (new.code, new.open, new.plan_version) == ("2026-2030", True, 2)
    assert (old.code, old.open, old.plan_version, old.closed_at) == (
        "2021-2025",
        False,
        1,
        clock.now(),
    )
    plan = await app.services.plans.current()
    assert (plan.version, plan.period) == (2, "2026-2030")
    assert await app.services.plans.confirmation(lan.id) is None  # the new plan is pending
    with pytest.raises(errors.PlanOutdated):
        await app.services.plans.confirm(lan, 1)  # the closed period's plan takes no more
    assert (await app.services.plans.confirm(lan, 2)).new
    async with app.sessions.begin() as session:
        actions = (
            await session.execute(
                select(AuditEntry.action, AuditEntry.entity_id).where(
                    AuditEntry.entity == "period"
                )
            )
        ).all()
    assert sorted(actions) == [("period.close", "2021-2025"), ("period.open", "2026-2030")]


async def test_the_closed_period_stays_readable_with_its_confirmations(app: App) -> None:
    admin = await office(app)
    lan = await make_member(app, "lan", name="Nguyễn Thị Lan")
    await app.services.plans.confirm(lan, 1)
    await open_2026(app, admin)
    old = await app.services.plans.archived(1)
    assert old is not None
    assert (old.period, old.years) == ("2021-2025", (2021, 2025))
    assert old.sections[1].title == "MỤC ĐÍCH, YÊU CẦU"
    assert await app.services.plans.archived(2) is None  # the current plan is not archived
    assert await app.services.plans.archived(9) is None  # no such version
    then = {u.code: u.confirmed for u in await app.services.plan_coverage.coverage_all(1)}
    now = {u.code: u.confirmed for u in await app.services.plan_coverage.coverage_all()}
    assert (then["CNTT"], now["CNTT"]) == (1, 0)


async def test_movements_belong_to_their_period(app: App) -> None:
    admin = await office(app)
    await open_2026(app, admin)
    active = await app.services.plans.movements()
    assert [m.code for m in active] == ["kiem-thu-2026"]
    async with app.sessions.begin() as session:
        old = (await session.scalars(select(Movement).where(Movement.active.is_(False)))).all()
    assert "chuyen-doi-so" in {m.code for m in old}  # kept for the initiatives naming it


@pytest.mark.parametrize("years", [(2024, 2028), (2021, 2025), (2025, 2029)])
async def test_a_new_period_must_begin_after_the_last_one(
    app: App, years: tuple[int, int]
) -> None:
    admin = await office(app)
    text = FIXTURE_2026.replace("2026-2030", f"{years[0]}-{years[1]}")
    with pytest.raises(errors.PeriodOverlaps):
        await app.services.plans.publish(admin, text, "x.md", period=years)
    assert [p.code for p in await app.services.periods.periods()] == ["2021-2025"]
    assert (await app.services.plans.current()).version == 1


async def test_a_plan_titled_for_other_years_cannot_open_a_period(app: App) -> None:
    admin = await office(app)
    text = SEED_TEXT.replace("## I.", "Bổ sung.\n\n## I.", 1)  # its title names 2021-2025
    with pytest.raises(errors.PeriodMismatch):
        await app.services.plans.publish(admin, text, "x.md", period=(2026, 2030))
    assert len(await app.services.periods.periods()) == 1


@pytest.mark.parametrize("role", [Role.STAFF, Role.UNIT_HEAD, Role.COUNCIL, Role.LEADER])
async def test_only_the_office_opens_a_period(app: App, role: Role) -> None:
    person = await make_member(app, "x", role, name="Lê Văn Bình")
    with pytest.raises(errors.NotAllowed):
        await open_2026(app, person)
    assert len(await app.services.periods.periods()) == 1


async def test_the_configured_2021_2025_file_stays_out_of_the_2026_2030_period(
    app: App, tmp_path: Path
) -> None:
    admin = await office(app)
    await open_2026(app, admin)
    edited = tmp_path / "ke-hoach.md"  # an edited 2021–2025 file: never published before
    edited.write_text(SEED_TEXT.replace("## I.", "Bổ sung.\n\n## I.", 1), encoding="utf-8")
    for path in (plan_path(DEFAULT_PLAN), edited):
        assert await app.services.plans.load_default(path) is None
    assert (await app.services.plans.current()).version == 2


async def test_the_whole_period_board_is_bounded_by_the_chosen_period(app: App) -> None:
    boards = app.services.leaderboards
    unit, _ = await unit_with(app, "TTA", 1)
    await event(app, unit.id, at=local("2025-12-31 23:30"))  # the last evening of 2021–2025
    await event(app, unit.id, at=local("2026-01-01 00:30"))
    await event(app, unit.id, at=local("2026-03-02 09:00"))
    old = boards.period(PeriodKind.PLAN, years=(2021, 2025))
    new = boards.period(PeriodKind.PLAN, years=(2026, 2030))
    assert (old.start, old.end, old.label) == (
        date(2021, 1, 1),
        date(2025, 12, 31),
        "Kế hoạch 2021–2025",
    )
    assert (new.start, new.end, new.label) == (
        date(2026, 1, 1),
        date(2030, 12, 31),
        "Kế hoạch 2026–2030",
    )
    then = await boards.units(old, per_member=False, unit_kind=CENTER)
    now = await boards.units(new, per_member=False, unit_kind=CENTER)
    assert [r.points for r in then.rows] == [20.0]
    assert [r.points for r in now.rows] == [40.0]


async def test_a_new_installation_configured_with_a_later_plan_starts_in_its_period(
    app: App, tmp_path: Path
) -> None:
    async with app.sessions.begin() as session:  # as before the first start-up: no plan yet
        await session.execute(delete(PlanSectionRow))
        await session.execute(delete(Movement))
        await session.execute(delete(Plan))
    configured = tmp_path / "ke-hoach.md"
    configured.write_text(FIXTURE_2026, encoding="utf-8")
    published = await app.services.plans.load_default(configured)
    assert published is not None
    new, old = await app.services.periods.periods()
    assert (new.code, new.open, old.code, old.open, old.plan_version) == (
        "2026-2030",
        True,
        "2021-2025",
        False,
        None,
    )


async def test_only_the_last_version_of_a_closed_period_is_readable(app: App) -> None:
    admin = await office(app)
    edited = SEED_TEXT.replace("## I.", "Bổ sung.\n\n## I.", 1)
    assert (await app.services.plans.publish(admin, edited, "b.md")).version == 2
    assert await open_2026(app, admin) == 3
    assert await app.services.plans.archived(1) is None  # superseded within 2021–2025
    last = await app.services.plans.archived(2)
    assert last is not None
    assert last.period == "2021-2025"
