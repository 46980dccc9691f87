"""``python -m bot run --role``, real processes: two schedulers on one PostgreSQL database fire
each missed reminder once, also when the leader is SIGKILLed and the other takes over; one
poller per bot; roles other than ``all`` refused on SQLite; an unknown role refused."""

from __future__ import annotations

import asyncio
import re
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from models import Broadcast, Reminder
from models.advisory import SCHEDULER_LEADER
from models.process_lock import LOCK_CLASS, NAME_PREFIX
from tests.conftest import PG_URL
from tests.e2e.test_one_process import answered, refusal, start_bot
from tests.fakes.broadcast_rig import write_config
from tests.fakes.telegram import FakeTelegramApi

needs_postgresql = pytest.mark.skipif(
    not PG_URL, reason="several bot processes share one database only on PostgreSQL"
)
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")  # the organisation's zone in config.toml
#: Long enough never to be waited out in a passing test; conditions end the waits.
PATIENCE = 60.0


async def until(condition: Callable[[], Awaitable[bool]]) -> None:
    async with asyncio.timeout(PATIENCE):
        while not await condition():  # noqa: ASYNC110 - another process's state
            await asyncio.sleep(0.1)


@asynccontextmanager
async def database(url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(url)
    try:
        yield engine
    finally:
        await engine.dispose()


async def missed_reminder(engine: AsyncEngine, name: str) -> int:
    """A daily reminder whose firing an hour ago was missed (within the grace period)."""
    now = datetime.now(UTC)
    due = (now - timedelta(hours=1)).astimezone(ZONE)
    values = {
        "name": name,
        "text": f"Nhắc {name}",
        "audience": {"kind": "everyone"},
        "cron": f"{due.minute} {due.hour} * * *",
        "created_at": now - timedelta(hours=2),
        "updated_at": now - timedelta(hours=2),
    }
    async with engine.begin() as connection:
        made = await connection.scalar(insert(Reminder).values(values).returning(Reminder.id))
    assert made is not None
    return int(made)


async def fired(engine: AsyncEngine, reminder_id: int) -> int:
    async with engine.connect() as connection:
        query = select(func.count()).where(Broadcast.reminder_id == reminder_id)
        return int(await connection.scalar(query) or 0)


async def leader_pid(engine: AsyncEngine) -> int | None:
    """The process holding the scheduler's lead, if any."""
    async with engine.connect() as connection:
        name = await connection.scalar(
            text(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a"
                " ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                " AND l.classid = :cls"
            ),
            {"cls": LOCK_CLASS + SCHEDULER_LEADER},
        )
    if not name:
        return None
    return int(str(name).removeprefix(NAME_PREFIX).split(" ")[0])


async def started(log: Path) -> None:
    async def said() -> bool:
        return "Thi đua bot đang chạy" in await asyncio.to_thread(log.read_text, "utf-8")

    await until(said)


def configured(tmp_path: Path, database_url: str) -> Path:
    config = write_config(tmp_path, rate=0, database_url=database_url)
    quick = re.sub(
        r"(?m)^leader_retry_seconds = .*$",
        "leader_retry_seconds = 0.5",
        config.read_text(encoding="utf-8"),
    )
    config.write_text(quick, encoding="utf-8")
    return config


async def stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGINT)
        await asyncio.wait_for(process.wait(), timeout=60)


@needs_postgresql
async def test_two_schedulers_fire_each_missed_reminder_once_across_a_sigkill(
    tmp_path: Path, database_url: str
) -> None:
    config = configured(tmp_path, database_url)
    async with database(database_url) as engine, FakeTelegramApi() as fake:
        first = await missed_reminder(engine, "một")
        logs = [tmp_path / "a.log", tmp_path / "b.log"]
        processes = [
            await start_bot(config, fake, log, "run", "--role", "scheduler") for log in logs
        ]
        try:
            for log in logs:
                await started(log)

            async def first_fired() -> bool:
                return await fired(engine, first) == 1

            await until(first_fired)
            pid = await leader_pid(engine)
            leader = next(p for p in processes if p.pid == pid)
            other = next(p for p in processes if p is not leader)

            second = await missed_reminder(engine, "hai")  # missed while nobody takes over
            leader.send_signal(signal.SIGKILL)
            await leader.wait()

            async def taken_over() -> bool:
                return await leader_pid(engine) == other.pid and await fired(engine, second) == 1

            await until(taken_over)
            assert await fired(engine, first) == 1
            assert await fired(engine, second) == 1
            assert other.returncode is None
        finally:
            for process in processes:
                await stop(process)
    assert "Traceback" not in logs[0].read_text(encoding="utf-8") + logs[1].read_text(
        encoding="utf-8"
    )


@needs_postgresql
async def test_one_poller_per_bot_while_workers_run_beside_it(
    tmp_path: Path, database_url: str
) -> None:
    config = configured(tmp_path, database_url)
    async with FakeTelegramApi(bot_username="roles_bot") as fake:
        updates = await start_bot(
            config, fake, tmp_path / "updates.log", "run", "--role", "updates"
        )
        worker = await start_bot(config, fake, tmp_path / "worker.log", "run", "--role", "worker")
        try:
            await started(tmp_path / "updates.log")
            await started(tmp_path / "worker.log")
            code, said = await refusal(
                config, fake, tmp_path / "second.log", "run", "--role", "updates"
            )
            assert code == 2
            assert "đang nhận tin nhắn Telegram bằng cách hỏi liên tục (polling)" in said
            assert f"PID {updates.pid}" in said
            assert "Traceback" not in said
            await answered(fake, 1)  # the receiving process answers as before
        finally:
            await stop(updates)
            await stop(worker)
    assert (updates.returncode, worker.returncode) == (0, 0)


async def test_roles_are_checked_before_anything_starts(tmp_path: Path) -> None:
    config = write_config(tmp_path, rate=0)  # SQLite
    async with FakeTelegramApi() as fake:
        unknown = await refusal(config, fake, tmp_path / "unknown.log", "run", "--role", "boss")
        sqlite = await refusal(config, fake, tmp_path / "sqlite.log", "run", "--role", "worker")
    assert unknown[0] == sqlite[0] == 2
    assert "Không có vai trò tiến trình «boss»" in unknown[1]
    assert "all, updates, worker, scheduler" in unknown[1]
    assert "Vai trò «worker» cần PostgreSQL" in sqlite[1]
    assert "Traceback" not in unknown[1] + sqlite[1]
