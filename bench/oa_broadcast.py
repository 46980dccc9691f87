"""Benchmark: a broadcast to 5,000 followers of the Zalo OA, through the reply-window gate.

A real bot process (``python -m bot run`` with ``[zalo_oa]`` and Telegram pointed at fake
servers in this process, both outboxes uncapped) sends an urgent broadcast to N seeded members
who follow the OA. Two runs: (a) the baseline, every recipient's reply window open, so the gate
lets all go; (b) a quarter open, half closed with no other channel (they wait) and a quarter
closed but on Telegram too (re-routed), so the gate's holds and the re-route path work.
Reported per run: OA sends per second while sending; seconds from the broadcast's start (its
first status message or send) to the last send on either platform and to its final report;
the bot's and the fakes' CPU time per recipient; recipients who did not get what they should
(``lost``: for (b) also a waiting one who got anything) and who got it more than once; calls
to the OA for closed windows (the gate let one through); the report's waiting and re-routed
counts. Then a summary: (b)'s sending time, and the bot's CPU time, per recipient over (a)'s.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.services.broadcasts import DeliveryCounts  # noqa: E402
from tests.e2e.zalo_harness import free_port  # noqa: E402
from tests.fakes.broadcast_rig import FIRST_RECIPIENT, SENDER_CHAT, Tally  # noqa: E402
from tests.fakes.oa_broadcast_rig import (  # noqa: E402
    CLOSED,
    Kind,
    TimedFakeZaloOa,
    kinds,
    oa_config,
    report_counts,
    seed,
    start_bot,
)
from tests.fakes.telegram import FakeTelegramApi  # noqa: E402

Figures = dict[str, float | int | bool | str]


class SenderClock:
    """The Telegram fake's ``on_call``: the tally, plus when the sender's chat was last told."""

    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        self.first = 0.0
        self.last = 0.0

    def __call__(self, method: str, chat: int | None, status: int) -> None:
        self.tally.seen(method, chat, status)
        if chat == SENDER_CHAT:
            self.last = time.perf_counter()
            self.first = self.first or self.last


@dataclass
class Seen:
    """What one run saw: the fakes' tallies, the report and the processes' CPU time."""

    oa: TimedFakeZaloOa
    clock: SenderClock
    state: str
    counts: DeliveryCounts
    bot_cpu: float
    bench_cpu: float


async def one_run(name: str, recipients: int, *, mixed: bool) -> Figures:
    """Send one broadcast; return the measured figures."""
    work = Path(tempfile.mkdtemp(prefix="thidua-oa-broadcast-"))
    try:
        config = oa_config(work, free_port())
        plan = kinds(recipients, mixed)
        await seed(config, plan)
        users = [str(FIRST_RECIPIENT + i) for i in range(recipients)]
        want = {kind: {u for u, k in zip(users, plan, strict=True) if k is kind} for kind in Kind}
        seen = await _broadcast(config, want, work / "bot.log")
        head: Figures = {"bench": "oa_broadcast", "run": name, "recipients": recipients}
        return head | _figures(seen, want)
    finally:
        shutil.rmtree(work, ignore_errors=True)


async def _broadcast(config: Path, want: dict[Kind, set[str]], log: Path) -> Seen:
    """Run the bot until the broadcast's report is final."""
    clock = SenderClock(Tally())
    async with (
        TimedFakeZaloOa() as oa,
        FakeTelegramApi(bot_username="bench_bot", record=False) as telegram,
    ):
        oa.follow(sorted(want[Kind.OPEN]), oa.now() - timedelta(hours=1))
        oa.follow(sorted(want[Kind.WAITING] | want[Kind.REROUTED]), oa.now() - CLOSED)
        telegram.on_call = clock
        process = await start_bot(config, oa, telegram, log)
        try:
            await oa.wait_for(lambda: bool(oa.sent), timeout=120)
            bot_cpu, bench_cpu = _cpu_seconds(process.pid), time.process_time()
            await oa.wait_for(lambda: len(oa.sent) >= len(want[Kind.OPEN]), timeout=900)
            await telegram.wait_for(
                lambda: len(clock.tally.delivered) >= len(want[Kind.REROUTED]), timeout=900
            )
            state, counts = await _final(telegram, clock, config)
            bot_cpu = _cpu_seconds(process.pid) - bot_cpu
            bench_cpu = time.process_time() - bench_cpu
        finally:
            process.send_signal(signal.SIGINT)
            await asyncio.wait_for(process.wait(), timeout=120)
    return Seen(oa, clock, state, counts, bot_cpu, bench_cpu)


def _figures(seen: Seen, want: dict[Kind, set[str]]) -> Figures:
    """The run's figures from what the fakes saw and the report said."""
    oa, tally = seen.oa, seen.clock.tally
    got_oa = {s.user_id for s in oa.sent}
    got_tg = {str(chat) for chat in tally.delivered}
    lost = len(want[Kind.OPEN] - got_oa) + len(want[Kind.REROUTED] - got_tg)
    lost += len((got_oa | got_tg) & want[Kind.WAITING])
    duplicates = sum(1 for n in oa.tally.calls.values() if n > 1)
    duplicates += sum(1 for n in tally.delivered.values() if n > 1)
    duplicates += len(got_oa & got_tg)
    start = min(t for t in (seen.clock.first, oa.tally.first, tally.first) if t)
    sending = max(oa.tally.last, tally.last) - start
    to_report = seen.clock.last - start
    recipients = sum(len(chats) for chats in want.values())
    return {
        "oa_sends": len(oa.sent),
        "oa_sends_per_s": round(oa.tally.rate, 1),
        "telegram_sends": sum(tally.delivered.values()),
        "seconds_sending": round(sending, 2),
        "seconds_to_report": round(to_report, 2),
        "ms_per_recipient": round(1000 * sending / recipients, 3),
        "bot_cpu_ms_per_recipient": round(1000 * seen.bot_cpu / recipients, 3),
        "fakes_cpu_ms_per_recipient": round(1000 * seen.bench_cpu / recipients, 3),
        "oa_calls_closed": sum(
            oa.tally.calls[u] for u in want[Kind.WAITING] | want[Kind.REROUTED]
        ),
        "lost": lost,
        "duplicates": duplicates,
        "waiting": seen.counts.waiting,
        "waiting_expected": len(want[Kind.WAITING]),
        "rerouted": seen.counts.rerouted,
        "rerouted_expected": len(want[Kind.REROUTED]),
        "finished": seen.state == "done" and seen.counts.done,
    }


def _cpu_seconds(pid: int) -> float:
    """CPU time (user and system) the process ``pid`` used so far (Linux; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _final(
    telegram: FakeTelegramApi, clock: SenderClock, config: Path
) -> tuple[str, DeliveryCounts]:
    """Wait until the broadcast is done: each status message to the sender may be the final
    report, so the database is read after each one."""
    while True:
        told = clock.tally.sender_calls
        state, counts = await report_counts(config)
        if state == "done":
            return state, counts
        await telegram.wait_for(
            functools.partial(clock.tally.more_sender_calls_than, told), timeout=120
        )


def _ratio(mixed: Figures, baseline: Figures, key: str) -> float:
    return round(float(mixed[key]) / float(baseline[key]), 3)


async def main() -> None:
    """Run the baseline, then the mixed run, and print one JSON line each and a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recipients", type=int, default=5000)
    args = parser.parse_args()
    baseline = await one_run("open", args.recipients, mixed=False)
    print(json.dumps(baseline), flush=True)
    mixed = await one_run("mixed", args.recipients, mixed=True)
    print(json.dumps(mixed), flush=True)
    ok = all(
        run["lost"] == 0
        and run["duplicates"] == 0
        and run["oa_calls_closed"] == 0
        and run["finished"]
        and run["waiting"] == run["waiting_expected"]
        and run["rerouted"] == run["rerouted_expected"]
        for run in (baseline, mixed)
    )
    print(
        json.dumps(
            {
                "bench": "oa_broadcast",
                "run": "summary",
                "recipients": args.recipients,
                "open_oa_sends_per_s": baseline["oa_sends_per_s"],
                "mixed_oa_sends_per_s": mixed["oa_sends_per_s"],
                "per_recipient_ratio": _ratio(mixed, baseline, "ms_per_recipient"),
                "cpu_per_recipient_ratio": _ratio(mixed, baseline, "bot_cpu_ms_per_recipient"),
                "ok": ok,
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
