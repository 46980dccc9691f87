"""Leaderboards: "Vì sao?" adds up, points come from the settings, the cache, and what the
other capabilities write (plan confirmations score once, ad-hoc awards never)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from bot import errors
from bot.app import App, open_app
from bot.config import Scoring
from bot.domain import NomineeKind, Track
from bot.roles import Role
from bot.services.leaderboards.records import PeriodKind
from bot.services.leaderboards.service import LeaderboardService
from bot.services.nominations.records import Nominee
from models import ScoreEvent
from tests.conftest import make_settings
from tests.factories import make_proposal
from tests.fakes.clock import FakeClock
from tests.services.broadcasts_seed import add_member
from tests.services.leaderboards_seed import CENTER, ZONE, event, unit_with
from tests.services.nominations_seed import AWARDS, draft_for, member
from tests.services.nominations_seed import award as award_it


@pytest.fixture
async def award_app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    """The core with an award catalogue that offers ad-hoc awards."""
    core = await open_app(
        make_settings(database_url, awards=AWARDS), clock=clock, run_migrations=False
    )
    try:
        yield core
    finally:
        await core.close()


async def count_events(app: App) -> int:
    async with app.sessions() as session:
        return await session.scalar(select(func.count(ScoreEvent.id))) or 0


@pytest.mark.parametrize(
    "events",
    [
        [
            ("initiative_submitted", 60),
            ("initiative_recognized", 60),
            ("nomination_awarded", 100),
        ],
        [("initiative_submitted", 33), ("initiative_submitted", 33), ("initiative_applied", 34)],
        [("nomination_awarded", 100), ("nomination_awarded", -100), ("plan_confirmed", 100)],
    ],
)
async def test_why_lines_add_up_to_the_board(
    app: App, clock: FakeClock, events: list[tuple[str, int]]
) -> None:
    unit, (person, other) = await unit_with(app, "TTA", 2)
    for minutes, (kind, share) in enumerate(events):
        clock.advance(minutes=minutes)
        await event(app, unit.id, kind, member_id=person.id, share=share)
    await event(app, unit.id, "report_on_time")  # the unit's own
    await event(app, unit.id, "initiative_submitted", member_id=other.id, share=40)
    boards = app.services.leaderboards
    period = boards.period(PeriodKind.MONTH)
    mine = await boards.explain_member(person.id, period)
    members = await boards.members(period, viewer_id=person.id, unit_kind=CENTER)
    scored = {r.member_id: r.points for r in members.rows}
    assert mine.subject == "TTA 1"
    assert [(line.kind, line.share) for line in mine.lines] == events[::-1]  # newest first
    assert mine.total == scored.get(person.id, 0.0)
    assert round(sum(line.points for line in mine.lines), 6) == round(mine.total, 6)
    theirs = await boards.explain_unit(unit.id, period)
    (row,) = (await boards.units(period, unit_kind=CENTER)).rows
    assert theirs.subject == "Trung tâm TTA"
    assert len(theirs.lines) == len(events) + 2
    assert theirs.total == row.points
    assert row.per_member == row.points / 2


async def test_changed_points_change_the_board_but_not_the_events(app: App) -> None:
    unit, (person,) = await unit_with(app, "TTA", 1)
    await event(app, unit.id, "nomination_awarded", member_id=person.id)
    await event(app, unit.id, "initiative_submitted", member_id=person.id, share=50)
    before = await count_events(app)
    services = app.services
    other = LeaderboardService(
        app.sessions,
        app.clock,
        Scoring(nomination_awarded=5, initiative_submitted=4),
        texts=app.texts,
        zone=ZONE,
        plan_years=(2021, 2025),
    )
    period = other.period(PeriodKind.MONTH)
    default = await services.leaderboards.units(period, unit_kind=CENTER)
    changed = await other.units(period, unit_kind=CENTER)
    assert [r.points for r in default.rows] == [21.0]
    assert [r.points for r in changed.rows] == [7.0]
    assert (await other.explain_member(person.id, period)).total == 7.0
    assert await count_events(app) == before


async def test_boards_are_cached_until_the_ledger_or_members_change(app: App) -> None:
    unit, (person,) = await unit_with(app, "TTA", 1)
    await event(app, unit.id, member_id=person.id)
    boards = app.services.leaderboards
    period = boards.period(PeriodKind.MONTH)
    first = await boards.units(period, unit_kind=CENTER)
    assert await boards.units(period, unit_kind=CENTER) is first
    calls: list[int] = []

    async def render() -> str:
        calls.append(1)
        return f"chart {len(calls)}"

    assert await boards.cached("chart", render) == "chart 1"
    assert await boards.cached("chart", render) == "chart 1"
    version = await boards.version()
    await event(app, unit.id, member_id=person.id)
    assert await boards.version() != version
    second = await boards.units(period, unit_kind=CENTER)
    assert second is not first and [r.points for r in second.rows] == [40.0]
    assert await boards.cached("chart", render) == "chart 2"
    await add_member(app, "TTA", "TTA 2")  # per-member figures move with the headcount
    third = await boards.units(period, unit_kind=CENTER)
    assert [r.per_member for r in third.rows] == [20.0]
    assert await boards.cached("chart", render) == "chart 3"


async def test_confirming_the_plan_scores_once(app: App) -> None:
    unit, (person,) = await unit_with(app, "TTA", 1)
    plan = await app.services.plans.current()
    first = await app.services.plans.confirm(person, plan.version)
    again = await app.services.plans.confirm(person, plan.version)
    assert (first.new, again.new) == (True, False)
    async with app.sessions() as session:
        rows = (await session.execute(select(ScoreEvent))).scalars().all()
        seen = [(e.kind, e.member_id, e.unit_id, e.share, e.entity, e.entity_id) for e in rows]
    assert seen == [("plan_confirmed", person.id, unit.id, 100, "plan", plan.id)]
    boards = app.services.leaderboards
    board = await boards.members(boards.period(PeriodKind.MONTH), unit_kind=CENTER)
    assert [(r.member_id, r.points) for r in board.rows] == [(person.id, 1.0)]


async def test_ad_hoc_awards_stay_off_the_boards(award_app: App) -> None:
    app = award_app
    office = await member(app, "vp", Role.OFFICE, "VP")
    head = await member(app, "truong", Role.UNIT_HEAD)
    unit = Nominee(NomineeKind.COLLECTIVE, head.unit.id)
    nominations = app.services.nominations
    adhoc = await nominations.submit(
        office, draft_for(head, track=Track.ADHOC, award_code="GK-GD", nominee=unit)
    )
    annual = await nominations.submit(office, draft_for(head, award_code="TTLDTT", nominee=unit))
    boards = app.services.leaderboards
    period = boards.period(PeriodKind.YEAR)
    await award_it(app, office, adhoc.id, "1/QĐ-SKHCN")
    rows = {r.unit_id: r.points for r in (await boards.units(period)).rows}
    assert rows[head.unit.id] == 0.0
    await award_it(app, office, annual.id, "2/QĐ-SKHCN")
    rows = {r.unit_id: r.points for r in (await boards.units(period)).rows}
    assert rows[head.unit.id] == 20.0
    assert sum(rows.values()) == 20.0


async def test_why_names_the_initiative_and_the_award_each_point_came_from(
    award_app: App,
) -> None:
    app = award_app
    office = await member(app, "vp", Role.OFFICE, "VP")
    head = await member(app, "truong", Role.UNIT_HEAD)
    idea = await app.services.initiatives.submit(head, make_proposal(title="Chữ ký số"))
    award = await app.services.nominations.submit(
        office,
        draft_for(
            head,
            award_code="CSTDCS",
            nominee=Nominee(NomineeKind.MEMBER, head.unit.id, member_id=head.id),
        ),
    )
    await award_it(app, office, award.id)
    boards = app.services.leaderboards
    period = boards.period(PeriodKind.YEAR)
    mine = await boards.explain_member(head.id, period)
    items = {(line.kind, line.code, line.title, line.member) for line in mine.lines}
    assert items == {
        ("initiative_submitted", idea.code, "Chữ ký số", ""),
        ("nomination_awarded", award.code, "Chiến sĩ thi đua cơ sở", ""),
    }
    theirs = await boards.explain_unit(head.unit.id, period)
    assert {line.member for line in theirs.lines} == {head.full_name}


async def test_a_units_members_for_why_list_the_scored_first_then_the_rest(app: App) -> None:
    unit, (first, second, third) = await unit_with(app, "TTA", 3)
    await event(app, unit.id, "initiative_submitted", member_id=third.id)
    await event(app, unit.id, "nomination_awarded", member_id=second.id)
    boards = app.services.leaderboards
    found = await boards.unit_members(unit.id, boards.period(PeriodKind.MONTH))
    assert found.unit_name == "Trung tâm TTA"
    assert [(r.full_name, r.rank, r.points) for r in found.rows] == [
        ("TTA 2", 1, 20.0),
        ("TTA 3", 2, 2.0),
        ("TTA 1", 3, 0.0),
    ]
    with pytest.raises(errors.BoardSubjectUnknown):
        await boards.explain_member(first.id, found.period, unit_id=unit.id + 1000)
