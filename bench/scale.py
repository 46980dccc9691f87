"""Benchmark: the bot at 100,000 members on PostgreSQL, several processes by role.

Each measurement prints one JSON line:

* ``scale_broadcast``: a broadcast to every member with the cap off, sent by 1 then by 3
  ``--role worker`` processes: deliveries/s of each, the factor 3 ÷ 1, each process's peak RSS,
  and the CPU each part used per second of the run (the fake server in this process, the
  workers, PostgreSQL's backends of the database), to tell where the ceiling is;
* ``scale_capped``: the same with the overall cap on (``--cap``, Telegram's 30/s), to a
  subset of ``--capped-members`` so it runs about a minute: achieved ÷ cap;
* ``scale_updates``: the update path with two ``--role updates`` processes receiving by webhook
  (this process posts the updates round-robin to both, as a reverse proxy would) against the
  bare python-telegram-bot echo bot (``bench/echo_bot.py``, polling), with every API call
  answered after ``--latency-ms``: updates answered per second of each and their ratio.

Every part runs on a fresh PostgreSQL database (``--db``, dropped and created again; the server
is ``--server``), seeded with bulk inserts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sys
import time
from pathlib import Path

import aiohttp
import asyncpg  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale_probe import cpu_seconds, peak_rss_mb, postgres_cpu, postgres_cpu_since  # noqa: E402
from bench.updates import burst  # noqa: E402
from bench.updates import seed as seed_users  # noqa: E402
from bot.channels.webhook import with_segment  # noqa: E402
from tests.fakes.broadcast_rig import (  # noqa: E402
    TOKEN,
    Tally,
    seed,
    wait_finished,
    write_config,
)
from tests.fakes.process import bot_env  # noqa: E402
from tests.fakes.telegram import FakeTelegramApi  # noqa: E402
from tests.fakes.telegram.protocol import JsonDict  # noqa: E402

SECRET = "bench_scale_webhook_secret_0123456789"
WEBHOOK_PORTS = (18461, 18462)
Processes = list[asyncio.subprocess.Process]


async def fresh_database(server: str, name: str) -> str:
    """Drop and create the database ``name``; return its SQLAlchemy URL."""
    connection = await asyncpg.connect(f"postgresql://{server}/postgres")
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return f"postgresql+asyncpg://{server}/{name}"


async def start(
    config: Path, fake: FakeTelegramApi, role: str, log: Path, **env: str
) -> Processes:
    """Start one ``python -m bot run --role`` process against the fake server."""
    process_env = bot_env(config, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake.base_url, **env)
    with log.open("a") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--role", role,
            env=process_env, cwd=ROOT, stderr=out, stdout=out,
        )  # fmt: skip
    return [process]


async def stop(processes: Processes) -> None:
    """Interrupt the processes and wait for them to end."""
    for process in processes:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
    for process in processes:
        await asyncio.wait_for(process.wait(), timeout=120)


async def broadcast_run(
    args: argparse.Namespace, work: Path, workers: int, members: int, rate: float
) -> dict[str, object]:
    """Seed ``members``, send the broadcast with ``workers`` worker processes; the figures."""
    url = await fresh_database(args.server, args.db)
    config = write_config(work, rate=rate, database_url=url)
    text = config.read_text(encoding="utf-8").replace("processes = 1", f"processes = {workers}")
    config.write_text(text, encoding="utf-8")
    await seed(config, members)
    tally = Tally()
    async with FakeTelegramApi(bot_username="bench_bot", record=False) as fake:
        fake.on_call = tally.seen
        processes: Processes = []
        for _ in range(workers):
            processes += await start(config, fake, "worker", work / "bot.log")
        try:
            await fake.wait_for(lambda: len(tally.delivered) > 0, timeout=600)
            wall, cpu, pg = time.perf_counter(), time.process_time(), postgres_cpu()
            worker_cpu = -sum(cpu_seconds(p.pid) for p in processes)
            await fake.wait_for(lambda: len(tally.delivered) >= members, timeout=3600)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            pg_cpu = postgres_cpu_since(pg)
            await wait_finished(fake, tally, config)
            rss = [peak_rss_mb(p.pid) for p in processes]
            worker_cpu += sum(cpu_seconds(p.pid) for p in processes)
        finally:
            await stop(processes)
    return {
        "per_s": round(tally.sustained_rate, 1),
        "rss_mb": rss,
        "cpu_per_s": {
            "fake_server": round(cpu / wall, 2),
            "workers": round(worker_cpu / wall, 2),
            "postgres": round(pg_cpu / wall, 2),
        },
        "lost": members - len(tally.delivered),
        "duplicates": sum(1 for n in tally.delivered.values() if n > 1),
    }


def webhook_config(config: Path, port: int) -> Path:
    """A copy of ``config`` receiving Telegram by webhook on ``port``."""
    text = config.read_text(encoding="utf-8")
    text = text.replace('mode = "polling"', 'mode = "webhook"', 1)
    text = text.replace("webhook_port = 8443", f"webhook_port = {port}", 1)
    text = text.replace('webhook_url = ""', 'webhook_url = "https://bench.invalid/telegram"', 1)
    copy = config.with_name(f"config-{port}.toml")
    copy.write_text(text, encoding="utf-8")
    return copy


class RoundRobin:
    """Posts each update to the next webhook in turn, as Telegram behind a proxy would."""

    def __init__(self, urls: list[str]) -> None:
        self._urls, self._next = urls, 0
        self._session = aiohttp.ClientSession()
        self._tasks: set[asyncio.Task[None]] = set()
        self.failed = 0

    def deliver(self, update: JsonDict) -> None:
        """The fake server's ``on_update``."""
        url = self._urls[self._next % len(self._urls)]
        self._next += 1
        task = asyncio.get_running_loop().create_task(self._post(url, update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _post(self, url: str, update: JsonDict) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with self._session.post(url, json=update, headers=headers) as response:
            self.failed += response.status != 200

    async def close(self) -> None:
        """Wait for the posts under way and close the session."""
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._session.close()


async def updates_rate(
    args: argparse.Namespace, work: Path, *, echo: bool
) -> tuple[float, list[float]]:
    """Updates answered per second: two webhook receivers of the bot, or the echo bot."""
    warm = list(range(5_001, 5_001 + args.burst_users // 5))
    users = list(range(20_001, 20_001 + args.burst_users))
    url = await fresh_database(args.server, args.db)
    config = write_config(work, rate=0, database_url=url)
    invite = "x" if echo else await seed_users(config, warm + users)
    async with FakeTelegramApi(bot_username="bench_bot", record=False) as fake:
        fake.latency = args.latency_ms / 1000
        processes: Processes = []
        pusher: RoundRobin | None = None
        try:
            if echo:
                env = bot_env(config, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake.base_url)
                echo_bot = [sys.executable, str(ROOT / "bench" / "echo_bot.py")]
                with (work / "echo.log").open("a") as log:
                    processes.append(
                        await asyncio.create_subprocess_exec(*echo_bot, env=env, stderr=log)
                    )
                await fake.wait_for(lambda: fake.active_polls > 0, timeout=120)
            else:
                pusher = RoundRobin(
                    [
                        with_segment(f"http://127.0.0.1:{port}/telegram", SECRET)
                        for port in WEBHOOK_PORTS
                    ]
                )
                fake.on_update = pusher.deliver
                registered = [0]

                def seen(method: str, _chat: int | None, _status: int) -> None:
                    registered[0] += method == "setWebhook"

                fake.on_call = seen
                for port in WEBHOOK_PORTS:
                    processes += await start(
                        webhook_config(config, port), fake, "updates", work / "bot.log",
                        TELEGRAM_WEBHOOK_SECRET=SECRET,
                    )  # fmt: skip
                await fake.wait_for(lambda: registered[0] >= 2, timeout=120)
                await asyncio.sleep(1)  # setWebhook is sent once the server listens
            await burst_of(fake, warm, invite)
            rate = await burst_of(fake, users, invite)
            return rate, [peak_rss_mb(p.pid) for p in processes]
        finally:
            await stop(processes)
            if pusher is not None:
                await pusher.close()


async def burst_of(fake: FakeTelegramApi, users: list[int], invite: str) -> float:
    """``bench/updates.py``'s burst (ten updates of each user at once): updates/s."""
    return await burst(fake, users, invite)


async def main() -> None:
    """Run the parts asked for and print one JSON line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--capped-members", type=int, default=1_500)
    parser.add_argument("--cap", type=float, default=30.0, help="overall messages/s")
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--burst-users", type=int, default=100, help="ten updates each")
    parser.add_argument("--server", default="postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="thidua_bench_scale", help="dropped and created again")
    parser.add_argument("--parts", default="broadcast,capped,updates")
    args = parser.parse_args()
    parts = args.parts.split(",")
    work = Path(os.environ.get("TMPDIR", "/tmp")) / f"thidua-scale-{os.getpid()}"
    work.mkdir()
    try:
        await run_parts(args, parts, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


async def run_parts(args: argparse.Namespace, parts: list[str], work: Path) -> None:
    """Run the parts asked for, printing each one's JSON line."""
    if "broadcast" in parts:
        one = await broadcast_run(args, work, 1, args.members, 0)
        three = await broadcast_run(args, work, 3, args.members, 0)
        factor = float(three["per_s"]) / float(one["per_s"])  # type: ignore[arg-type]
        line = {"bench": "scale_broadcast", "members": args.members, "workers_1": one}
        print(json.dumps(line | {"workers_3": three, "factor": round(factor, 2)}), flush=True)
    if "capped" in parts:
        capped = await broadcast_run(args, work, 1, args.capped_members, args.cap)
        ratio = float(capped["per_s"]) / args.cap  # type: ignore[arg-type]
        line = {"bench": "scale_capped", "members": args.capped_members, "cap_per_s": args.cap}
        print(json.dumps(line | {"achieved_per_s": capped["per_s"], "cap_ratio": round(ratio, 3)}))
    if "updates" in parts:
        bot, rss = await updates_rate(args, work, echo=False)
        echo, _ = await updates_rate(args, work, echo=True)
        line = {"bench": "scale_updates", "latency_ms": args.latency_ms, "receivers": 2}
        figures: dict[str, object] = {
            "bot_updates_per_s": round(bot, 1),
            "echo_updates_per_s": round(echo, 1),
        }
        figures |= {"ratio": round(bot / echo, 3), "rss_mb": rss}
        print(json.dumps(line | figures), flush=True)


if __name__ == "__main__":
    asyncio.run(main())
