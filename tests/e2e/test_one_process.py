"""One bot process per database: a second ``python -m bot run`` (and ``chat``, ``restore``) is
refused with exit code 2 while the first keeps serving; after the first is SIGKILLed the lock is
gone and the next start works. Real processes, on SQLite and on PostgreSQL (where bot processes
share the work by role, so a second ``run`` is refused as a second poller of the same bot)."""

from __future__ import annotations

import asyncio
import re
import signal
import sys
from pathlib import Path

from tests.fakes.broadcast_rig import ROOT, TOKEN, write_config
from tests.fakes.process import bot_env
from tests.fakes.telegram import FakeTelegramApi

USER = 4242


async def start_bot(
    config: Path, fake: FakeTelegramApi, log: Path, *command: str
) -> asyncio.subprocess.Process:
    """Start ``python -m bot COMMAND…`` (default ``run``) against the fake server."""
    env = bot_env(config, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake.base_url)
    with log.open("a") as out:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *(command or ("run",)),
            env=env,
            cwd=ROOT,
            stdin=asyncio.subprocess.DEVNULL,
            stderr=out,
            stdout=out,
        )


async def refusal(
    config: Path, fake: FakeTelegramApi, log: Path, *command: str
) -> tuple[int | None, str]:
    """Run a command that should stop by itself; its exit code and what it logged."""
    process = await start_bot(config, fake, log, *command)
    await asyncio.wait_for(process.wait(), timeout=60)
    return process.returncode, await asyncio.to_thread(log.read_text, encoding="utf-8")


async def answered(fake: FakeTelegramApi, replies: int) -> None:
    """A stranger writes; the running bot answers (its ``replies``-th message to them)."""
    fake.push_message(USER, "xin chào")
    await fake.wait_sent(USER, replies, timeout=60)


async def test_a_second_process_is_refused_until_the_first_is_killed(
    tmp_path: Path, database_url: str
) -> None:
    config = write_config(tmp_path, rate=0, database_url=database_url)
    # Short long-polls: stopping waits for the one in progress.
    short = re.sub(
        r"(?m)^poll_timeout_seconds = 10$", "poll_timeout_seconds = 1", config.read_text()
    )
    config.write_text(short)
    async with FakeTelegramApi(bot_username="lock_bot") as fake:
        first = await start_bot(config, fake, tmp_path / "first.log")
        try:
            await answered(fake, 1)
            # Refused at once, so the three are started together.
            refused = await asyncio.gather(
                refusal(config, fake, tmp_path / "second.log", "run"),
                refusal(config, fake, tmp_path / "chat.log", "chat"),
                refusal(config, fake, tmp_path / "restore.log", "restore", "backup.db"),
            )
            assert [code for code, _ in refused] == [2, 2, 2]
            (_, run), (_, chat), (_, restore) = refused
            if database_url.startswith("postgresql"):
                assert "đang nhận tin nhắn Telegram bằng cách hỏi liên tục (polling)" in run
            else:
                assert "Một tiến trình bot khác đang chạy trên cơ sở dữ liệu này" in run
            assert f"PID {first.pid}" in run
            assert "Traceback" not in run
            assert "Một tiến trình bot khác đang chạy" in chat
            assert "không khôi phục được khi bot đang chạy" in restore

            assert first.returncode is None
            await answered(fake, 2)
        finally:
            first.send_signal(signal.SIGKILL)
            await first.wait()

        third = await start_bot(config, fake, tmp_path / "third.log")
        try:
            await answered(fake, 3)
        finally:
            third.send_signal(signal.SIGINT)
            await asyncio.wait_for(third.wait(), timeout=60)
    assert third.returncode == 0
