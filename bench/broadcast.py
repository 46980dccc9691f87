"""Benchmark: a broadcast to 5,000 recipients through the fake Bot API server.

A real bot process (``python -m bot run``) sends an urgent broadcast to 5,000 seeded members.
The fake server, in this process, answers 429 (retry_after 1 s) to the first call for 2 % of
the recipients (about 2 % of all calls) and 403 to every call for 1 % of them (blocked the
bot). Two runs: the overall cap at ``--cap`` messages/s, then the cap disabled (the engine's
ceiling). Reported per run: ``sendMessage`` calls to recipients per second while recipients
still wait for their first attempt (calls refused with 429/403 count: they use the platform's
budget; ``overall_per_s`` also counts the final retry tail, which waits for ``retry_after``),
recipients never delivered (``lost``, blocked ones excepted) and recipients delivered more
than once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.broadcast_rig import (  # noqa: E402
    Tally,
    seed,
    start_bot,
    wait_finished,
    write_config,
)
from tests.fakes.telegram import FakeTelegramApi  # noqa: E402

RATE_LIMITED_SHARE, BLOCKED_SHARE = 0.02, 0.01


async def one_run(recipients: int, rate: float, seed_value: int) -> dict[str, float]:
    """Send one broadcast at ``rate`` (0: no cap); return the measured figures."""
    work = Path(tempfile.mkdtemp(prefix="thidua-broadcast-"))
    try:
        config = write_config(work, rate=rate)
        chats = await seed(config, recipients)
        picker = random.Random(seed_value)
        blocked = set(picker.sample(chats, int(recipients * BLOCKED_SHARE)))
        limited = picker.sample(
            [c for c in chats if c not in blocked], int(recipients * RATE_LIMITED_SHARE)
        )
        tally = Tally()
        async with FakeTelegramApi(bot_username="bench_bot", record=False) as fake:
            for chat in blocked:
                fake.block(chat)
            for chat in limited:
                fake.fail_next("sendMessage", status=429, retry_after=1, chat_id=chat)
            fake.on_call = tally.seen
            process = await start_bot(config, fake, work / "bot.log")
            try:
                wanted = recipients - len(blocked)
                await fake.wait_for(
                    lambda: len(tally.delivered) >= wanted and tally.refused[403] >= len(blocked),
                    timeout=600,
                )
                state = await wait_finished(fake, tally, config)
            finally:
                process.send_signal(signal.SIGINT)
                await asyncio.wait_for(process.wait(), timeout=120)
        delivered = set(tally.delivered)
        return {
            "achieved_per_s": tally.sustained_rate,
            "overall_per_s": tally.rate,
            "lost": len([c for c in chats if c not in blocked and c not in delivered]),
            "duplicates": sum(1 for n in tally.delivered.values() if n > 1),
            "state": state == ("done", recipients + 1),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


async def main() -> None:
    """Run capped, then uncapped, and print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--cap", type=float, default=200.0, help="overall messages/s")
    args = parser.parse_args()
    capped = await one_run(args.recipients, args.cap, 1)
    ceiling = await one_run(args.recipients, 0, 2)
    print(
        json.dumps(
            {
                "bench": "broadcast",
                "recipients": args.recipients,
                "cap_per_s": args.cap,
                "achieved_per_s": round(capped["achieved_per_s"], 1),
                "cap_ratio": round(capped["achieved_per_s"] / args.cap, 3),
                "overall_per_s": round(capped["overall_per_s"], 1),
                "ceiling_per_s": round(ceiling["achieved_per_s"], 1),
                "lost": int(capped["lost"] + ceiling["lost"]),
                "duplicates": int(capped["duplicates"] + ceiling["duplicates"]),
                "finished": bool(capped["state"] and ceiling["state"]),
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
