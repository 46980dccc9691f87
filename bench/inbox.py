"""Benchmark: the to-do inbox's timed notices over 2,000 members (SQLite).

An organisation of 2,000 members over the configured units (the Office, two heads a unit, a
council, staff) with several hundred items waiting: initiatives and nominations at every step,
an open reporting period most units have not sent, a plan most have not confirmed, and years of
finished items (``bench/inbox_seed.py``). Every role's digest is daily at 08:00. Measured in
the same run:

* ``digest_s``: ``InboxNoticeService.send_digests`` for one daily slot, against ``baseline_s``:
  queueing the very messages it queued through the outbox directly (one query for the
  members' accounts, one delivery row each, one transaction); medians of alternating runs
  (``ratio`` = digest ÷ baseline; target ≤ 3);
* ``inbox_p50_ms``/``inbox_p99_ms`` and ``count_p50_ms``/``count_p99_ms``:
  ``InboxService.inbox`` and ``count`` for every member (target: inbox p99 ≤ 50);
* ``arrivals_s``: ``tell_arrivals`` after a burst of arrivals (new initiatives and nominations,
  initiatives sent to the council, a period opened), and ``arrivals_idle_ms`` when nothing
  arrived; ``closing_s``: ``tell_closing`` for a period due in two days.
"""

from __future__ import annotations

import asyncio
import functools
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, select  # noqa: E402

from bench.inbox_seed import MEMBERS, Seeder, burst, seed  # noqa: E402
from bot.app import App, open_app  # noqa: E402
from bot.config import Settings, load_settings  # noqa: E402
from bot.config_schedules import DigestSchedule, DigestSettings  # noqa: E402
from bot.ports import Channel, Outgoing, Reply  # noqa: E402
from bot.services.delivery import enqueue, outbox, reachable  # noqa: E402
from bot.services.people import member_view  # noqa: E402
from models import Delivery, Member, Unit  # noqa: E402
from tests.fakes.clock import FakeClock  # noqa: E402

#: Daily slots measured, each against the baseline.
REPEATS = 5
T = TypeVar("T")


async def timed(action: Callable[[], Awaitable[T]]) -> tuple[float, T]:
    """``action``'s wall time in seconds, and its result."""
    started = time.perf_counter()
    result = await action()
    return time.perf_counter() - started, result


def percentiles(prefix: str, seconds: list[float]) -> dict[str, float]:
    """The median and the 99th percentile of ``seconds``, in milliseconds."""
    p99 = statistics.quantiles(seconds, n=100)[98]
    return {
        f"{prefix}_p50_ms": round(statistics.median(seconds) * 1000, 2),
        f"{prefix}_p99_ms": round(p99 * 1000, 2),
    }


async def per_member(app: App) -> dict[str, float]:
    """Every member's inbox, then every member's count."""
    async with app.sessions() as session:
        rows = (await session.execute(select(Member, Unit).join(Unit))).all()
    members = [member_view(member, unit) for member, unit in rows]
    service = app.services.inbox
    for member in members[:: len(members) // 50]:  # warm: every role's statement compiled
        await service.inbox(member), await service.count(member)
    inbox, count = [], []
    for member in members:
        started = time.perf_counter()
        await service.inbox(member)
        inbox.append(time.perf_counter() - started)
    for member in members:
        started = time.perf_counter()
        await service.count(member)
        count.append(time.perf_counter() - started)
    return percentiles("inbox", inbox) | percentiles("count", count)


async def taken(app: App) -> dict[int, Reply]:
    """The replies waiting in the outbox, by member; the outbox is emptied."""
    async with app.sessions.begin() as session:
        rows = (await session.execute(select(Delivery.member_id, Delivery.payload))).all()
        await session.execute(delete(Delivery))
    return {member: outbox.decode_reply(payload) for member, payload in rows if member}


async def baseline(app: App, replies: dict[int, Reply]) -> int:
    """Queue ``replies`` through the outbox directly, as the notices' last step does."""
    now = app.clock.now()
    async with app.sessions.begin() as session:
        accounts = await reachable(session, replies)
        for channel, chat_id, member in accounts:
            message = Outgoing(Channel(channel), chat_id, replies[member])
            enqueue(session, [message], now=now, member_id=member, quiet=True)
    app.services.outbox.notify()
    return len(accounts)


async def digests(app: App, clock: FakeClock) -> dict[str, float]:
    """One daily slot on each of :data:`REPEATS` working days, each against the baseline."""
    notices, zone = app.services.inbox_notices, app.settings.organisation.zone
    await notices.send_digests()  # each role's cursor starts now: the first slot is tomorrow's
    digest_s, baseline_s, sent = [], [], 0
    for _ in range(REPEATS):
        clock.advance(days=1)
        while clock.now().astimezone(zone).weekday() >= 5:
            clock.advance(days=1)
        seconds, sent = await timed(notices.send_digests)
        replies = await taken(app)
        digest_s.append(seconds)
        seconds, queued = await timed(functools.partial(baseline, app, replies))
        assert queued == sent == len(replies), (queued, sent, len(replies))
        baseline_s.append(seconds)
        await taken(app)
    digest, base = statistics.median(digest_s), statistics.median(baseline_s)
    return {
        "digests_sent": sent,
        "digest_s": round(digest, 3),
        "baseline_s": round(base, 3),
        "ratio": round(digest / base, 2),
    }


async def timed_notices(app: App, clock: FakeClock, seeder: Seeder) -> dict[str, float]:
    """The closing warning (Monday, the period is due on Wednesday), then the arrivals."""
    notices = app.services.inbox_notices
    closing_s, closing_told = await timed(notices.tell_closing)
    await notices.tell_arrivals()  # everyone is seen for the first time: marked, not told
    await burst(app, seeder)
    clock.advance(minutes=app.settings.inbox.notice_minutes)
    arrivals_s, told = await timed(notices.tell_arrivals)
    clock.advance(minutes=app.settings.inbox.notice_minutes)
    idle_s, _ = await timed(notices.tell_arrivals)
    await taken(app)
    return {
        "arrivals_told": told,
        "arrivals_s": round(arrivals_s, 3),
        "arrivals_idle_ms": round(idle_s * 1000, 2),
        "closing_told": closing_told,
        "closing_s": round(closing_s, 3),
    }


def every_role_daily(settings: Settings) -> Settings:
    """``settings`` with a digest for every role each working day at 08:00."""
    daily = DigestSchedule(every="daily")
    digest = DigestSettings(
        staff=daily, unit_head=daily, office=daily, council=daily, leader=daily, admin=daily
    )
    inbox = settings.inbox.model_copy(update={"digest": digest})
    return settings.model_copy(update={"inbox": inbox})


async def main() -> None:
    """Seed a fresh database, measure, print one JSON line."""
    work = Path(tempfile.mkdtemp(prefix="thidua-inbox-"))
    try:
        config = work / "config.toml"
        source = (ROOT / "config.toml").read_text(encoding="utf-8")
        config.write_text(
            source.replace(
                "sqlite+aiosqlite:///data/thidua.db", f"sqlite+aiosqlite:///{work}/i.db"
            ),
            encoding="utf-8",
        )
        settings = every_role_daily(load_settings(config, environ={}))
        clock = FakeClock()  # Monday 02/03/2026, 09:00 in Vietnam
        app = await open_app(settings, clock=clock)
        try:
            seeder = await seed(app)
            line: dict[str, Any] = {"bench": "inbox", "members": MEMBERS}
            line |= await per_member(app)
            line |= await timed_notices(app, clock, seeder)
            line |= await digests(app, clock)
            print(json.dumps(line))
        finally:
            await app.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
