"""Killing the bot (SIGKILL) in the middle of a 5,000-recipient broadcast and starting it again
completes the broadcast: nobody is missed, only messages in flight at the kill go twice, and
the sender's delivery report is right."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from scheduler.outbox import MAX_IN_FLIGHT
from tests.fakes.broadcast_rig import (
    SENDER_CHAT,
    Tally,
    seed,
    start_bot,
    wait_finished,
    write_config,
)
from tests.fakes.telegram import FakeTelegramApi

RECIPIENTS = 5000
BLOCKED = range(100_000, 100_050)


async def test_a_killed_broadcast_completes_after_restart(
    tmp_path: Path, database_url: str
) -> None:
    config = write_config(tmp_path, rate=0, database_url=database_url)
    chats = await seed(config, RECIPIENTS)
    tally = Tally()
    async with FakeTelegramApi(bot_username="crash_bot") as fake:
        for chat in BLOCKED:
            fake.block(chat)
        fake.on_call = tally.seen
        first = await start_bot(config, fake, tmp_path / "bot.log")
        try:
            await fake.wait_for(lambda: len(tally.delivered) >= 1500, timeout=120)
        finally:
            first.send_signal(signal.SIGKILL)
            await first.wait()
        at_kill = len(tally.delivered)
        assert at_kill < RECIPIENTS - len(BLOCKED), "the broadcast finished before the kill"

        second = await start_bot(config, fake, tmp_path / "bot.log")
        try:
            wanted = RECIPIENTS - len(BLOCKED)
            await fake.wait_for(lambda: len(tally.delivered) >= wanted, timeout=300)
            state = await wait_finished(fake, tally, config)
        finally:
            second.send_signal(signal.SIGINT)
            await asyncio.wait_for(second.wait(), timeout=60)
        status = [m for m in fake.messages_to(SENDER_CHAT) if m.method == "editMessageText"]

    assert state == ("done", RECIPIENTS + 1)  # the sender is in "everyone" too
    missed = [c for c in chats if c not in BLOCKED and c not in tally.delivered]
    assert missed == []
    twice = [c for c, n in tally.delivered.items() if n > 1]
    assert len(twice) <= MAX_IN_FLIGHT
    assert not set(twice) & set(BLOCKED)
    report = status[-1].plain_text or ""
    assert "đã gửi xong" in report
    assert "Đã nhận: 4.951" in report  # 4,950 staff and the sender
    assert "Đã chặn bot: 50" in report
