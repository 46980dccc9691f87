"""One scheduler among several processes on PostgreSQL: the holder of the leader lock fires
the timed jobs; when its lock's session ends it stops at once, another process takes the lead,
and a firing missed in between fires once (two app instances in one test process)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack

import pytest
from sqlalchemy import func, select, text

from bot.app import App, open_app
from bot.process_roles import ProcessRole
from models import Broadcast
from models.advisory import SCHEDULER_LEADER
from models.process_lock import LOCK_CLASS
from tests.conftest import PG_URL, make_settings
from tests.fakes.clock import FakeClock
from tests.services.test_reminders import add

pytestmark = pytest.mark.skipif(
    not PG_URL,
    reason="the scheduler's lead is a PostgreSQL advisory lock; on SQLite one process owns"
    " the database and always schedules",
)

#: Long enough never to be waited out in a passing test; conditions end the waits.
PATIENCE = 30.0


async def until(condition: Callable[[], Awaitable[bool]]) -> None:
    """Wait for ``condition`` (the leader tasks run in the background)."""
    async with asyncio.timeout(PATIENCE):
        while not await condition():  # noqa: ASYNC110 - other tasks' state, no event to await
            await asyncio.sleep(0.02)


def one_leads(apps: list[App]) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return len(leaders(apps)) == 1

    return check


async def fired(app: App, reminder_id: int) -> int:
    async with app.sessions() as session:
        query = select(func.count()).where(Broadcast.reminder_id == reminder_id)
        return int(await session.scalar(query) or 0)


async def end_leader_session(app: App) -> None:
    """End the server session holding the leader lock, as a dropped connection would."""
    async with app.engine.connect() as connection:
        await connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks"
                " WHERE locktype = 'advisory' AND granted AND classid = :cls"
            ),
            {"cls": LOCK_CLASS + SCHEDULER_LEADER},
        )


@pytest.fixture
async def schedulers(database_url: str, clock: FakeClock) -> AsyncIterator[list[App]]:
    settings = make_settings(database_url, scheduler={"leader_retry_seconds": 0.1})
    async with AsyncExitStack() as stack:
        apps = []
        for _ in range(2):
            app = await open_app(settings, clock=clock, run_migrations=False)
            stack.push_async_callback(app.close)
            apps.append(app)
        yield apps


def leaders(apps: list[App]) -> list[App]:
    return [app for app in apps if app.leader is not None and app.leader.leading]


async def test_one_of_two_schedulers_leads_and_a_missed_firing_fires_once(
    schedulers: list[App], clock: FakeClock
) -> None:
    first, second = schedulers
    rid = await add(first, "30 9 * * *")
    clock.advance(minutes=45)  # 09:30 was missed while no scheduler ran
    await first.start_background(ProcessRole.SCHEDULER)
    await second.start_background(ProcessRole.SCHEDULER)

    assert leaders(schedulers) == [first]
    assert first.scheduler is not None and first.scheduler.running
    assert (first.leading, second.leading) == (True, False)
    assert second.scheduler is None
    assert await fired(first, rid) == 1


async def test_when_the_leaders_session_ends_another_leads_and_fires_the_missed_once(
    schedulers: list[App], clock: FakeClock
) -> None:
    first, second = schedulers
    rid = await add(first, "30 9 * * *")
    clock.advance(minutes=45)
    await first.start_background(ProcessRole.SCHEDULER)
    await second.start_background(ProcessRole.SCHEDULER)
    assert await fired(first, rid) == 1

    clock.advance(days=1)  # the next day's 09:30 passes while the leader is cut off
    await end_leader_session(first)

    async def caught_up() -> bool:
        return await fired(first, rid) == 2

    await until(caught_up)
    await until(one_leads(schedulers))
    # Whoever leads now caught up the day missed, once; the first day's firing stayed one.
    async with first.sessions() as session:
        query = select(Broadcast.fire_at).where(Broadcast.reminder_id == rid)
        fire_ats = sorted(at for at in await session.scalars(query) if at is not None)
    assert len(fire_ats) == 2
    assert (fire_ats[1] - fire_ats[0]).days == 1


async def test_a_scheduler_that_stops_hands_the_lead_over(
    schedulers: list[App], clock: FakeClock
) -> None:
    first, second = schedulers
    await first.start_background(ProcessRole.SCHEDULER)
    await second.start_background(ProcessRole.SCHEDULER)
    assert leaders(schedulers) == [first]

    await first.close()

    async def second_leads() -> bool:
        return leaders(schedulers) == [second]

    await until(second_leads)
    assert second.scheduler is not None and second.scheduler.running


async def test_a_worker_or_updates_process_does_not_schedule(
    schedulers: list[App],
) -> None:
    worker, updates = schedulers
    await worker.start_background(ProcessRole.WORKER)
    await updates.start_background(ProcessRole.UPDATES)
    assert worker.worker is not None and worker.runner is not None
    assert (worker.scheduler, worker.leader) == (None, None)
    assert (updates.worker, updates.runner, updates.scheduler, updates.leader) == (
        None,
        None,
        None,
        None,
    )
