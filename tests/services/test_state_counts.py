"""Counting initiatives, nominations and unit reports by state (the web dashboard's pipeline):
every state in the workflow's order, reviewers count all units, a unit head their own."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import event

from bot import errors
from bot.app import App, open_app
from bot.roles import Role
from tests.conftest import make_settings
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.services.initiatives_seed import START
from tests.services.nominations_reports_seed import AWARDS, Nominated, seed_nominations


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    core = await open_app(make_settings(database_url, awards=AWARDS), clock=clock)
    try:
        yield core
    finally:
        await core.close()


@pytest.fixture
async def seeded(app: App, clock: FakeClock) -> Nominated:
    return await seed_nominations(app, clock)


def nonzero(counts: tuple[tuple[str, int], ...]) -> dict[str, int]:
    return {state: count for state, count in counts if count}


async def test_reviewers_count_every_unit(app: App, seeded: Nominated) -> None:
    office = seeded.people.office
    initiatives = await app.services.initiatives.state_counts(office)
    assert nonzero(initiatives.counts) == {"submitted": 2, "returned": 1, "recognized": 1}
    assert initiatives.counts[0] == ("submitted", 2) and "draft" not in dict(initiatives.counts)
    assert initiatives.total == 4 and initiatives.unit_id is None
    nominations = await app.services.nominations.state_counts(seeded.people.council)
    assert nonzero(nominations.counts) == {"submitted": 1, "returned": 1, "awarded": 1}
    assert nominations.of("withdrawn") == 0 and len(nominations.counts) == 12
    reports = await app.services.reports.state_counts(office)
    assert reports.counts == (("submitted", 0), ("accepted", 1), ("returned", 1))


async def test_a_unit_head_counts_their_own_unit(app: App, seeded: Nominated) -> None:
    head = seeded.cntt_head
    initiatives = await app.services.initiatives.state_counts(head)
    assert nonzero(initiatives.counts) == {"submitted": 1, "returned": 1, "recognized": 1}
    assert initiatives.unit_id == head.unit.id
    nominations = await app.services.nominations.state_counts(head)
    assert nonzero(nominations.counts) == {"submitted": 1, "awarded": 1}
    reports = await app.services.reports.state_counts(seeded.vy_head)
    assert nonzero(reports.counts) == {"returned": 1}


async def test_staff_may_not_count(app: App, seeded: Nominated) -> None:
    staff = seeded.people.an
    for service in (app.services.initiatives, app.services.nominations, app.services.reports):
        with pytest.raises(errors.NotAllowed):
            await service.state_counts(staff)


async def test_one_query_per_count(app: App, seeded: Nominated) -> None:
    leader = await make_member(app, "lanhdao", Role.LEADER, "VP", name="Hoàng Lãnh Đạo")
    statements: list[str] = []

    def seen(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(app.engine.sync_engine, "before_cursor_execute", seen)
    try:
        counted = await app.services.reports.state_counts(leader)
    finally:
        event.remove(app.engine.sync_engine, "before_cursor_execute", seen)
    assert counted.total == 2
    assert len([s for s in statements if "GROUP BY" in s]) == 1
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
