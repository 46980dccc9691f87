"""Several worker processes on PostgreSQL: a worker starting beside a running one leaves the
messages that one is sending alone (only a worker alone puts back what was in flight at the
last stop)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import pytest

from bot.app import App, open_app
from bot.process_roles import ProcessRole
from models.advisory import SENDERS, join
from tests.conftest import PG_URL, make_settings
from tests.fakes.clock import FakeClock
from tests.scheduler.test_delivery_outbox import note, statuses

pytestmark = pytest.mark.skipif(
    not PG_URL,
    reason="several worker processes share a database only on PostgreSQL; on SQLite the one"
    " process owns the database and always puts back what was in flight",
)


@pytest.fixture
async def apps(database_url: str, clock: FakeClock) -> AsyncIterator[list[App]]:
    settings = make_settings(database_url)
    async with AsyncExitStack() as stack:
        opened = []
        for _ in range(2):
            app = await open_app(settings, clock=clock, run_migrations=False)
            stack.push_async_callback(app.close)
            opened.append(app)
        yield opened


async def test_a_worker_starting_beside_another_leaves_its_messages_in_flight(
    apps: list[App], database_url: str
) -> None:
    starting, queue = apps
    # Another worker process runs (holds its share of the senders' lock) and sends two.
    running, alone = await join(database_url, SENDERS, "outbox")
    assert alone
    try:
        await queue.services.outbox.send_later([note("201", "một"), note("202", "hai")])
        assert len(await queue.services.outbox.claim(10)) == 2

        await starting.start_background(ProcessRole.WORKER)
        assert await statuses(queue) == {"sending": 2}
    finally:
        await running.release()

    await starting.close()
    next_one, alone = await join(database_url, SENDERS, "outbox")
    await next_one.release()
    assert alone  # with every worker gone, the next one puts them back at once
