"""Benchmark: the emulation year of a department of 40 units and 2,000 members (SQLite).

Seeded by ``bench/cycle_seed.py`` on the shipped config (its catalogue and rules, the outbox's
overall cap, no quiet hours). In one run:

* ``registration_s``: the Office opens the year and every unit head registers the unit's
  targets (everyone LĐTT, five CSTĐCS, the unit's collective title);
* ``eligibility_s``: every unit's vote list (about 2,200 rows) checked against the rules of
  ``[awards.eligibility]`` and the registration, as the check before sending runs it (target
  ≤ 1 s); ``submit_s``: the lists sent; ``receive_s``: the Office receiving them;
* ``tally_s``: closing the council session of the 2,000 LĐTT rows (a threshold of half the
  council set for the run), nine members having voted on every item: each item tallied
  against all the council's members and moved to the council's recommendation, the people
  concerned told (target ≤ 200 ms); ``results_s``: reading the results screen;
* ``publish_per_s``: the LĐTT listing published to every member through the outbox, sent by a
  real ``python -m bot run`` to the fake Telegram server; messages per second while members
  still wait, against the configured cap ``cap_per_s`` (``publish_ratio``, target ≥ 0.95).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, select  # noqa: E402

from bench.cycle_seed import COUNCIL_CODE, Department, seed  # noqa: E402
from bot.app import App, open_app  # noqa: E402
from bot.config import Settings, load_settings  # noqa: E402
from bot.domain import NominationState  # noqa: E402
from bot.ports import Channel  # noqa: E402
from bot.services.common import FileInfo  # noqa: E402
from bot.services.nominations import Action  # noqa: E402
from bot.services.vote_lists import Meeting, Row  # noqa: E402
from models import Delivery, Nomination  # noqa: E402
from tests.fakes.broadcast_rig import (  # noqa: E402
    SENDER_CHAT,
    Tally,
    start_bot,
    wait_finished,
    write_config,
)
from tests.fakes.clock import FakeClock  # noqa: E402
from tests.fakes.telegram import FakeTelegramApi  # noqa: E402

YEAR = 2026
#: Monday 7 December 2026, 09:00 in Vietnam: the year's lists are due.
START = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
MINUTES = [FileInfo("telegram", "bench-minutes", "bien-ban.pdf", "application/pdf", 1000)]
T = TypeVar("T")


async def timed(action: Callable[[], Awaitable[T]]) -> tuple[float, T]:
    """``action``'s wall time in seconds, and its result."""
    started = time.perf_counter()
    result = await action()
    return time.perf_counter() - started, result


async def register(app: App, dept: Department) -> float:
    """The Office opens the year; each head registers the unit."""
    targets = app.services.targets

    async def everyone() -> None:
        await targets.open_round(dept.office, YEAR, date(YEAR, 12, 31))
        for head in dept.heads:
            form = await targets.form(head, YEAR)
            titles = {m.id: "LDTT" for m in form.members}
            titles.update({m.id: "CSTDCS" for m in form.members[:5]})
            await targets.register(head, YEAR, "TTLDTT", titles, form.version)

    seconds, _ = await timed(everyone)
    return seconds


async def unit_rows(app: App, head: Any) -> list[Row]:
    form = await app.services.vote_lists.form(head, YEAR)
    rows = [Row(None, "TTLDTT", 1.0)]
    rows += [Row(m.id, "LDTT", 0.95) for m in form.members]
    rows += [Row(m.id, "CSTDCS", 0.9, "excellent") for m in form.members[:5]]
    return rows


async def vote_lists(app: App, dept: Department) -> dict[str, float]:
    """Every unit's list checked, sent, and received by the Office."""
    service = app.services.vote_lists
    lists = [(head, await unit_rows(app, head)) for head in dept.heads]
    await service.check(dept.heads[0], YEAR, lists[0][1])  # warm: statements compiled
    started = time.perf_counter()
    failing = 0
    for head, rows in lists:
        failing += sum(1 for v in await service.check(head, YEAR, rows) if v.blocked)
    eligibility = time.perf_counter() - started
    assert failing == 0, failing
    meeting = Meeting(date(YEAR, 12, 4), 50)
    sent = []
    started = time.perf_counter()
    for head, rows in lists:
        sent.append(await service.submit(head, YEAR, rows, meeting, MINUTES))
    submit = time.perf_counter() - started
    started = time.perf_counter()
    for view in sent:
        await service.receive(dept.office, view.id, view.version)
    receive = time.perf_counter() - started
    return {
        "rows": sum(len(rows) for _, rows in lists),
        "eligibility_s": round(eligibility, 3),
        "submit_s": round(submit, 3),
        "receive_s": round(receive, 3),
    }


async def ldtt_ids(app: App) -> list[int]:
    async with app.sessions() as session:
        found = await session.scalars(
            select(Nomination.id)
            .where(Nomination.award_code == "LDTT", Nomination.year == YEAR)
            .order_by(Nomination.id)
        )
        return list(found)


async def publish(app: App, dept: Department) -> int:
    """Publish the LĐTT rows; return the broadcast's id (sent later by the bot process)."""
    async with app.sessions.begin() as session:
        await session.execute(delete(Delivery))  # the notices of the steps before
    published = await app.services.listings.publish(
        dept.office,
        "LDTT",
        YEAR,
        await ldtt_ids(app),
        f"Danh sách đề nghị danh hiệu Lao động tiên tiến năm {YEAR}",
        (Channel.TELEGRAM, str(SENDER_CHAT)),
    )
    return published.broadcast_id


async def council(app: App, dept: Department, clock: FakeClock) -> dict[str, float]:
    """The window closed, the rows go to the council, nine members vote on all, it closes."""
    clock.advance(days=30)
    ids = await ldtt_ids(app)
    for item in ids:
        await app.services.nominations.act(dept.office, item, Action.SEND_TO_COUNCIL)
    sessions = app.services.council_sessions
    opened = await sessions.open(dept.office, COUNCIL_CODE, "Phiên họp xét LĐTT", ids)
    for member in dept.council:
        await sessions.vote_all(member, opened.id)
    tally_s, closed = await timed(lambda: sessions.close(dept.office, opened.id))
    results_s, results = await timed(lambda: sessions.results(dept.office, opened.id))
    agreed = {item.tally.agree for item in results.items}
    assert agreed == {len(dept.council)}, agreed
    async with app.sessions() as session:
        recommended = await session.scalar(
            select(Nomination.id)
            .where(Nomination.state == NominationState.RECOMMENDED.value)
            .limit(1)
        )
    assert recommended is not None and len(closed) == len(ids)
    return {
        "session_items": len(ids),
        "tally_s": round(tally_s, 3),
        "results_s": round(results_s, 3),
    }


async def send_listing(config: Path, cap: float) -> dict[str, float]:
    """Start the bot on the fake server; measure the listing's sending rate."""
    tally = Tally()
    async with FakeTelegramApi(bot_username="bench_bot", record=False) as fake:
        fake.on_call = tally.seen
        process = await start_bot(config, fake, config.parent / "bot.log")
        try:
            await wait_finished(fake, tally, config)
        finally:
            process.send_signal(signal.SIGINT)
            await asyncio.wait_for(process.wait(), timeout=120)
    return {
        "published_to": len(tally.delivered),
        "cap_per_s": cap,
        "publish_per_s": round(tally.sustained_rate, 2),
        "publish_ratio": round(tally.sustained_rate / cap, 3),
    }


def with_threshold(settings: Settings) -> Settings:
    """The shipped settings with a vote threshold on LĐTT (the shipped catalogue sets none, the
    rule being the organisation's), so closing the session concludes every item."""
    awards = tuple(
        a.model_copy(update={"vote_threshold": 0.5}) if a.code == "LDTT" else a
        for a in settings.awards
    )
    return settings.model_copy(update={"awards": awards})


async def main() -> None:
    """Seed a fresh database, run the year, print one JSON line."""
    work = Path(tempfile.mkdtemp(prefix="thidua-cycle-"))
    try:
        cap = load_settings(ROOT / "config.toml", environ={}).outbox.rate_per_second
        config = write_config(work, rate=cap)
        clock = FakeClock(START)
        app = await open_app(with_threshold(load_settings(config, environ={})), clock=clock)
        line: dict[str, Any] = {"bench": "cycle"}
        try:
            dept = await seed(app)
            line["members"] = len(dept.chats) + len(dept.council) + 1
            line["registration_s"] = round(await register(app, dept), 3)
            line |= await vote_lists(app, dept)
            await publish(app, dept)
            line |= await council(app, dept, clock)
            async with app.sessions.begin() as session:
                await session.execute(delete(Delivery))  # only the listing's broadcast is left
        finally:
            await app.close()
        line |= await send_listing(config, cap)
        print(json.dumps(line))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
