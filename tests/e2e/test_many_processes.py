"""Issue 21's topology in real processes on one PostgreSQL database: two ``--role updates`` by
webhook, one ``--role worker``, two ``--role scheduler``, against one fake Telegram server.

The test plays the reverse proxy: it posts each update, as Telegram would, to one of the two
receivers' webhooks in turn. One scenario, in steps, because starting five processes costs more
than each step:

(a) a missed reminder fires once: each person gets it once;
(c) one person's 20 quick messages, split between the two receivers, are answered in order;
(d) the scheduler leader SIGKILLed, the other scheduler leads and the next reminder fires once;
(b) a broadcast to 5,000 members reaches every one of them exactly once.

(b) runs last so that the reminders go to two people, not to 5,000. The full 5,000 are sent:
with no rate cap the worker sends them within the file's time budget (about half a minute on
a busy two-core machine).
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import open_app
from bot.channels.telegram.webhook import SECRET_HEADER
from bot.config import load_settings
from bot.formatting import strip_html
from bot.ports import Channel
from bot.roles import Role
from models import Broadcast, ProcessedUpdate
from tests.conftest import PG_URL
from tests.e2e.test_process_roles import (
    database,
    leader_pid,
    missed_reminder,
    started,
    stop,
    until,
)
from tests.e2e.test_webhook import free_port
from tests.factories import make_member
from tests.fakes.broadcast_rig import ROOT, TOKEN, Tally, seed, write_config
from tests.fakes.process import bot_env
from tests.fakes.telegram import FakeTelegramApi

pytestmark = pytest.mark.skipif(not PG_URL, reason="several processes need PostgreSQL")

SECRET = "many-processes-secret-0123456789"
OFFICE = 6201
STAFF = 6202
PEOPLE = (OFFICE, STAFF)
RECIPIENTS = 5000


def configs(work: Path, database_url: str) -> tuple[Path, list[Path]]:
    """One config for the worker and the schedulers, one per receiver (its own webhook port)."""
    common = write_config(work, rate=0, database_url=database_url)
    text = re.sub(
        r"(?m)^leader_retry_seconds = .*$",
        "leader_retry_seconds = 0.5",
        common.read_text(encoding="utf-8"),
    )
    text = text.replace('mode = "polling"', 'mode = "webhook"', 1)
    text = text.replace('webhook_url = ""', 'webhook_url = "https://bot.example.vn/telegram"', 1)
    common.write_text(text, encoding="utf-8")
    receivers = []
    for name in ("a", "b"):
        own = work / f"updates-{name}.toml"
        port = f"webhook_port = {free_port()}"
        own.write_text(re.sub(r"(?m)^webhook_port = .*$", port, text, count=1), encoding="utf-8")
        receivers.append(own)
    return common, receivers


class Topology:
    """The five processes, their logs, and the two receivers' webhook addresses."""

    def __init__(self, work: Path, fake: FakeTelegramApi) -> None:
        self.work = work
        self.fake = fake
        self.processes: dict[str, asyncio.subprocess.Process] = {}
        self.urls: list[str] = []
        self._turn = 0

    async def start(self, name: str, config: Path, role: str, kill: str = "") -> None:
        """Start ``run --role ROLE``; with ``kill``, through the launcher that SIGKILLs the
        process at that moment of a dialog's finish (``press_crash_launcher.py``)."""
        env = bot_env(
            config,
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=self.fake.base_url,
            TELEGRAM_WEBHOOK_SECRET=SECRET,
            THIDUA_TEST_KILL=kill,
        )
        launcher = Path(__file__).with_name("press_crash_launcher.py")
        program = (str(launcher),) if kill else ("-m", "bot", "run")
        with self.log(name).open("a") as out:
            self.processes[name] = await asyncio.create_subprocess_exec(
                sys.executable,
                *program,
                *("--role", role),
                env=env,
                cwd=ROOT,
                stdin=asyncio.subprocess.DEVNULL,
                stderr=out,
                stdout=out,
            )

    def log(self, name: str) -> Path:
        return self.work / f"{name}.log"

    def logs(self) -> str:
        return "".join(self.log(n).read_text(encoding="utf-8") for n in self.processes)

    async def post(self, update: dict[str, Any], receiver: int | None = None) -> None:
        """Post ``update`` to the next receiver, round-robin as a reverse proxy would, or to
        the ``receiver``-th."""
        if receiver is None:
            receiver = self._turn % len(self.urls)
            self._turn += 1
        url = self.urls[receiver]
        headers = {"Content-Type": "application/json", SECRET_HEADER: SECRET}
        async with (
            aiohttp.ClientSession() as http,
            http.post(url, data=json.dumps(update).encode(), headers=headers) as answer,
        ):
            assert answer.status == 200


@asynccontextmanager
async def topology(
    work: Path, fake: FakeTelegramApi, database_url: str, *, schedulers: int = 2, kill: str = ""
) -> AsyncIterator[Topology]:
    """The processes started and listening; ``kill`` is the first receiver's moment to die."""
    common, receivers = configs(work, database_url)
    running = Topology(work, fake)
    async with AsyncExitStack() as stack:
        stack.push_async_callback(stop_all, running)
        for name, config in zip(("updates-a", "updates-b"), receivers, strict=True):
            await running.start(name, config, "updates", kill if name == "updates-a" else "")
        await running.start("worker", common, "worker")
        for name in ("scheduler-a", "scheduler-b")[:schedulers]:
            await running.start(name, common, "scheduler")
        for name in running.processes:
            await started(running.log(name))
        await fake.wait_for(lambda: len(fake.calls_to("setWebhook")) >= 2, timeout=60)
        for config in receivers:
            port = load_settings(config, environ={}).telegram.webhook_port
            path = urlsplit(fake.calls_to("setWebhook")[-1].params["url"]).path
            running.urls.append(f"http://127.0.0.1:{port}{path}")
        yield running


async def stop_all(running: Topology) -> None:
    for process in running.processes.values():
        await stop(process)


async def add_people(config: Path) -> None:
    app = await open_app(load_settings(config, environ={}))
    try:
        await make_member(
            app, str(OFFICE), Role.OFFICE, "VP", name="Lê Văn Phòng", channel=Channel.TELEGRAM
        )
        await make_member(app, str(STAFF), name="Nguyễn Thị Lan", channel=Channel.TELEGRAM)
    finally:
        await app.close()


_MARKED = text(
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1"
    " AND objid::bigint = :seq"
)


async def began(engine: AsyncEngine, update_id: int) -> bool:
    """Whether a receiver has begun the update's turn: its marker is held, or it is done."""
    done = select(ProcessedUpdate.id).where(ProcessedUpdate.update_key == str(update_id))
    async with engine.connect() as connection:
        if await connection.scalar(_MARKED, {"seq": update_id}):
            return True
        return await connection.scalar(done) is not None


async def sent_to_everyone(engine: AsyncEngine) -> bool:
    """Whether the broadcast (not a reminder's) is done: it went to everyone, the 5,000, the two
    people and its sender."""
    query = select(Broadcast.state, Broadcast.total).where(Broadcast.reminder_id.is_(None))
    async with engine.connect() as connection:
        row = (await connection.execute(query)).one_or_none()
    if row is None or row.state != "done":
        return False
    assert row.total == RECIPIENTS + len(PEOPLE) + 1
    return True


def said(fake: FakeTelegramApi, chat: int) -> list[str]:
    return [strip_html(m.plain_text or "") for m in fake.messages_to(chat)]


def times_told(fake: FakeTelegramApi, chat: int, text: str) -> int:
    return sum(text in message for message in said(fake, chat))


def reminded(name: str) -> str:
    """The reminder ``name`` as it reaches a person (not as the Office's lists show it)."""
    return f"Nhắc việc\n\nNhắc {name}"


def everyone_told_once(fake: FakeTelegramApi, text: str) -> bool:
    return all(times_told(fake, chat, text) == 1 for chat in PEOPLE)


async def test_two_receivers_a_worker_and_two_schedulers_do_everything_once(
    tmp_path: Path, database_url: str
) -> None:
    tally = Tally()
    async with database(database_url) as engine, FakeTelegramApi() as fake:
        fake.on_call = tally.seen
        common, _ = configs(tmp_path, database_url)
        await add_people(common)
        await missed_reminder(engine, "một")
        async with topology(tmp_path, fake, database_url) as running:
            # (a) The reminder missed before the start fires once, by whichever leads.
            await fake.wait_for(lambda: everyone_told_once(fake, reminded("một")), timeout=60)

            # (c) 20 quick answers, alternately to each receiver, answered in their order. The
            # order is kept for an update that began its turn before the next one arrived
            # (architecture.md 4.8, point 3); the next is posted without waiting for replies.
            start = fake.sent_count_to(OFFICE)
            await running.post(fake.push_message(OFFICE, "/thongbao", queue=False))
            await fake.wait_sent(OFFICE, start + 1, timeout=30)
            data = fake.button_data(OFFICE, "Soạn thông báo mới")
            await running.post(fake.push_callback(OFFICE, data, queue=False))
            await fake.wait_sent(OFFICE, start + 2, timeout=30)
            assert "Nhập nội dung thông báo" in said(fake, OFFICE)[-1]
            start += 2
            names = [f"x{n:02}" for n in range(20)]
            updates = [fake.push_message(OFFICE, f"Họp {{{n}}}", queue=False) for n in names]
            for update in updates:  # each posted once the one before has begun its turn
                await running.post(update)
                await until(functools.partial(began, engine, update["update_id"]))
            await fake.wait_sent(OFFICE, start + 20, timeout=60)
            answers = said(fake, OFFICE)[start:]
            assert all("chỗ trống bot không biết" in answer for answer in answers), answers
            echoed = [next(n for n in names if f"{{{n}}}" in answer) for answer in answers]
            assert echoed == names
            await running.post(fake.push_message(OFFICE, "/huy", queue=False))
            await fake.wait_sent(OFFICE, start + 21, timeout=30)

            # (d) The leader SIGKILLed: the other scheduler leads and fires the next one once.
            leader = await leader_pid(engine)
            killed = next(n for n, p in running.processes.items() if p.pid == leader)
            assert killed.startswith("scheduler")
            await missed_reminder(engine, "hai")
            running.processes[killed].send_signal(signal.SIGKILL)
            await running.processes[killed].wait()
            await fake.wait_for(lambda: everyone_told_once(fake, reminded("hai")), timeout=60)
            survivor = "scheduler-b" if killed == "scheduler-a" else "scheduler-a"

            async def taken_over() -> bool:
                return await leader_pid(engine) == running.processes[survivor].pid

            await until(taken_over)

            # (b) A broadcast to 5,000 members reaches each of them once.
            await seed(common, RECIPIENTS)
            await until(lambda: sent_to_everyone(engine))
            assert len(tally.delivered) == RECIPIENTS
            assert set(tally.delivered.values()) == {1}
            assert everyone_told_once(fake, "họp sơ kết thi đua lúc 14:00")

            # Nothing was told twice meanwhile.
            assert everyone_told_once(fake, reminded("một"))
            assert everyone_told_once(fake, reminded("hai"))
            alive = [n for n, p in running.processes.items() if n != killed]
            assert all(running.processes[n].returncode is None for n in alive)
        assert "Traceback" not in running.logs()
