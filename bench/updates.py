"""Benchmark: update handling of the bot against a bare python-telegram-bot echo bot.

Both bots run as their own process (``python -m bot run`` and ``bench/echo_bot.py``) against the
same fake Bot API server, which runs in this process with the load generator. Two figures:

* latency: 100 users offering 100 updates/s in total (below saturation), time from queuing an
  update to the reply reaching the server, p50 and p99;
* throughput: a burst of 5,000 updates from 500 users, updates answered per second.

The mix: ``/start``, ``/trogiup``, menu presses, free text, ``/huy`` and, for half the users,
the registration dialog (invite token, name, position, confirmation). Each bot is warmed up
with 1,000 updates from other users first. The bot (on a fresh SQLite database) and the echo
bot alternate for ``--rounds`` rounds, because the machine's speed drifts; the JSON line gives
the medians (latency percentiles over all rounds together).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app import open_app  # noqa: E402
from bot.callbacks import MenuAction  # noqa: E402
from bot.config import load_settings  # noqa: E402
from bot.ports import Channel  # noqa: E402
from bot.roles import Role  # noqa: E402
from bot.services.people import Applicant  # noqa: E402
from tests.fakes.telegram import FakeTelegramApi  # noqa: E402

TOKEN = "424242:BENCH"
LATENCY_USERS, LATENCY_RATE, LATENCY_SECONDS = 100, 100.0, 10
BURST_USERS, BURST_PER_USER = 500, 10
Action = Callable[[FakeTelegramApi, int], object]


def text(value: str) -> Action:
    return lambda fake, user: fake.push_message(user, value)


def press(command: str) -> Action:
    data = MenuAction(command).pack()
    return lambda fake, user: fake.push_callback(user, data, message_id=1)


def script(user: int, invite: str) -> list[Action]:
    """The ten things one user does, starting at a different point for each user.

    Members browse; odd users are newcomers whose script also registers them (before that,
    their messages get the "how to join" answer). Starting points differ so the heavier
    registration steps are spread over time as they would be in life.
    """
    browse = [
        text("/trogiup"),
        press("kehoach"),
        text("/start"),
        text("chào bot"),
        press("sangkien"),
        text("/trogiup"),
        press("cuatoi"),
        text("/huy"),
    ]
    if user % 2:
        register = [text(f"/start {invite}"), text("Nguyễn Văn An"), text("Chuyên viên")]
        steps = [*register, text("1"), *browse[:6]]
    else:
        steps = [text("/start"), *browse, text("/trogiup")]
    shift = (user * 7) % len(steps)
    return steps[shift:] + steps[:shift]


async def seed(config: Path, users: list[int]) -> str:
    """Register the even users as members and create one invite for the odd ones."""
    settings = load_settings(config, environ={})
    app = await open_app(settings)
    try:
        for user in users:
            if user % 2 == 0:
                invite = await app.services.invites.create(
                    None, unit_code="CNTT", role=Role.STAFF, uses=1, days=1
                )
                check = await app.services.invites.check(invite.token)
                await app.services.registration.register(
                    Applicant(Channel.TELEGRAM, str(user), str(user), "Trần Văn Bình", "CV"),
                    invite_id=check.id,
                )
        odd = len([u for u in users if u % 2])
        invite = await app.services.invites.create(
            None, unit_code="VP", role=Role.STAFF, uses=odd, days=1
        )
        return invite.token
    finally:
        await app.close()


async def latency(fake: FakeTelegramApi, users: list[int], invite: str) -> list[float]:
    """Offer LATENCY_RATE updates/s round-robin over users; return each reply's delay (s)."""
    scripts = {u: script(u, invite) for u in users}
    started: dict[int, float] = {}
    delays: list[float] = []
    done = asyncio.Event()
    total = int(LATENCY_RATE * LATENCY_SECONDS)

    def replied(chat: int) -> None:
        if chat in started:
            delays.append(time.perf_counter() - started.pop(chat))
            if len(delays) == total:
                done.set()

    fake.on_sent = replied
    start = time.perf_counter()
    for n in range(total):
        await asyncio.sleep(max(0.0, start + n / LATENCY_RATE - time.perf_counter()))
        user = users[n % len(users)]
        if user in started:  # the previous update of this user is still unanswered
            await fake.wait_for(lambda u=user: u not in started, timeout=60)  # type: ignore[misc]
        step = n // len(users)
        started[user] = time.perf_counter()
        scripts[user][step % len(scripts[user])](fake, user)
    await asyncio.wait_for(done.wait(), timeout=120)
    fake.on_sent = None
    return delays


async def burst(fake: FakeTelegramApi, users: list[int], invite: str) -> float:
    """Queue BURST_PER_USER updates of every user at once; return updates answered per second."""
    scripts = {u: script(u, invite) for u in users}
    before = fake.sent_count
    total = len(users) * BURST_PER_USER
    start = time.perf_counter()
    for step in range(BURST_PER_USER):
        for user in users:
            scripts[user][step](fake, user)
    await fake.wait_for(lambda: fake.sent_count >= before + total, timeout=600)
    return total / (time.perf_counter() - start)


async def run_one(
    command: list[str], env: dict[str, str], work: Path, *, seed_db: bool
) -> tuple[list[float], float]:
    """Start a bot process, warm it up, measure latency then throughput, stop it."""
    warm_users = list(range(5_001, 5_001 + LATENCY_USERS))
    latency_users = list(range(10_001, 10_001 + LATENCY_USERS))
    burst_users = list(range(20_001, 20_001 + BURST_USERS))
    invite = "x"
    if seed_db:
        invite = await seed(work / "config.toml", warm_users + latency_users + burst_users)
    async with FakeTelegramApi(bot_username="bench_bot", record=False) as fake:
        process_env = {**env, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": fake.base_url}
        with (work / "bot.log").open("a") as log:
            process = await asyncio.create_subprocess_exec(
                *command, env=process_env, cwd=ROOT, stderr=log
            )
        try:
            await fake.wait_for(lambda: fake.active_polls > 0, timeout=60)
            await latency(fake, warm_users, invite)  # warm-up: imports, caches, SQL compiled
            delays = await latency(fake, latency_users, invite)
            rate = await burst(fake, burst_users, invite)
        finally:
            process.send_signal(signal.SIGINT)
            await asyncio.wait_for(process.wait(), timeout=120)
    return delays, rate


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def one_round(env: dict[str, str], wrap: list[str]) -> tuple[list[float], float, float]:
    """Measure the bot on a fresh database, then the echo bot; return delays and both rates."""
    work = Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    try:
        shutil.copy(ROOT / "config.toml", work / "config.toml")
        round_env = {**env, "BOT_CONFIG": str(work / "config.toml")}
        bot = [*wrap, sys.executable, "-m", "bot", "run"]
        delays, bot_rate = await run_one(bot, round_env, work, seed_db=True)
        echo = [sys.executable, str(ROOT / "bench" / "echo_bot.py")]
        _, echo_rate = await run_one(echo, round_env, work, seed_db=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return delays, bot_rate, echo_rate


async def main() -> None:
    """Alternate the two bots for some rounds (the machine's speed drifts) and print medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=3, help="bot/echo pairs to run")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_URL"))}
    # BENCH_WRAP lets a profiler wrap the bot process, e.g. "py-spy record -o bot.svg --".
    wrap = os.environ.get("BENCH_WRAP", "").split()
    delays: list[float] = []
    bot_rates: list[float] = []
    echo_rates: list[float] = []
    for _ in range(args.rounds):
        round_delays, bot_rate, echo_rate = await one_round(env, wrap)
        delays += round_delays
        bot_rates.append(bot_rate)
        echo_rates.append(echo_rate)
    ratios = [b / e for b, e in zip(bot_rates, echo_rates, strict=True)]
    print(
        json.dumps(
            {
                "bench": "updates",
                "bot_updates_per_s": round(statistics.median(bot_rates), 1),
                "echo_updates_per_s": round(statistics.median(echo_rates), 1),
                "ratio": round(statistics.median(ratios), 3),
                "p50_ms": round(statistics.median(delays) * 1000, 2),
                "p99_ms": round(percentile(delays, 0.99) * 1000, 2),
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
