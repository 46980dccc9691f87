"""A real ``python -m bot run`` SIGKILLed while it finishes a proposal or a broadcast, then
started again on the same database: pressing the same confirm button again makes nothing twice.

Killed after the commit, the press is told what was saved (the code, or the broadcast's number)
and the broadcast reaches everyone once; killed before the commit, the next press saves once.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import open_app
from bot.config import load_settings
from bot.roles import Role
from models import Broadcast, Initiative
from models.db import create_engine
from tests.e2e.harness import TgUser
from tests.e2e.test_initiatives_propose import CONTENT
from tests.factories import finish_registration_on_telegram
from tests.fakes.broadcast_rig import ROOT, TOKEN, write_config
from tests.fakes.process import bot_env
from tests.fakes.telegram import FakeTelegramApi

USER = 5001
MESSAGE = "Kính gửi {ho_ten}: họp sơ kết thi đua lúc 14:00."
DELIVERED = "họp sơ kết thi đua lúc 14:00"


async def _start(
    config: Path, fake: FakeTelegramApi, log: Path, kill: str = ""
) -> asyncio.subprocess.Process:
    env = bot_env(
        config, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_BASE_URL=fake.base_url, THIDUA_TEST_KILL=kill
    )
    launcher = Path(__file__).with_name("press_crash_launcher.py")
    polls = len(fake.calls_to("getUpdates"))
    with log.open("a") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(launcher), env=env, cwd=ROOT, stderr=out, stdout=out
        )
    await fake.wait_for(
        lambda: len(fake.calls_to("getUpdates")) > polls, timeout=60, description="polling"
    )
    return process


async def _invite(config: Path) -> str:
    app = await open_app(load_settings(config, environ={}))
    try:
        created = await app.services.invites.create(
            None, unit_code="VP", role=Role.OFFICE, uses=1, days=7
        )
    finally:
        await app.close()
    return created.token


async def _count(config: Path, model: type) -> int:
    engine = create_engine(load_settings(config, environ={}).database.url)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        await engine.dispose()


async def _register(user: TgUser, token: str) -> None:
    await user.send(f"/start {token}")
    registered = await finish_registration_on_telegram(user, "Lê Văn Phòng", "Chánh Văn phòng")
    assert "Đăng ký thành công" in registered


async def _to_proposal_submit(user: TgUser) -> str:
    await user.send("/sangkien")
    for answer in CONTENT:
        await user.send(answer)
    await user.tap("Tiếp tục")
    await user.tap("Xem lại và nộp")
    return user.fake.button_data(USER, "Nộp sáng kiến")


async def _to_broadcast_confirm(user: TgUser) -> str:
    await user.send("/thongbao")
    await user.tap("Soạn thông báo mới")
    await user.send(MESSAGE)
    await user.tap("Không đính kèm")
    await user.tap("Tất cả mọi người")
    await user.tap("Gửi ngay")
    await user.tap("Bình thường")
    return user.fake.button_data(USER, "Xác nhận")


def _texts_since(fake: FakeTelegramApi, start: int) -> list[str]:
    return [m.plain_text or "" for m in fake.messages_to(USER)[start:]]


CASES: dict[str, tuple[Callable[[TgUser], Awaitable[str]], type, str, str]] = {
    "proposal": (_to_proposal_submit, Initiative, "dialog.done.initiative", "SK-2026-0001"),
    # Its number is not asserted: PostgreSQL does not give back an id a rollback used.
    "broadcast": (_to_broadcast_confirm, Broadcast, "dialog.done.broadcast", "Thông báo #"),
}


@pytest.mark.parametrize("case", CASES)
async def test_a_confirm_pressed_again_after_each_kill_counts_once(
    case: str, tmp_path: Path, database_url: str
) -> None:
    reach, model, outcome_key, name = CASES[case]
    config = _config(tmp_path, database_url)
    token = await _invite(config)
    log = tmp_path / "bot.log"
    async with FakeTelegramApi(bot_username="press_bot") as fake:
        user = TgUser(fake, USER, "Phòng")
        # Killed in the use case's transaction: the press is lost, nothing is saved.
        first = await _start(config, fake, log, kill=f"before:{outcome_key}")
        try:
            await _register(user, token)
            confirm = await reach(user)
            await _press_and_die(fake, first, confirm)
        finally:
            await _reap(first)
        assert await _count(config, model) == 0

        # The same button again saves once; killed after the commit, before the clean-up.
        second = await _start(config, fake, log, kill=f"after:{outcome_key}")
        try:
            await _press_and_die(fake, second, confirm)
        finally:
            await _reap(second)
        assert await _count(config, model) == 1

        seen = len(fake.messages_to(USER))
        third = await _start(config, fake, log)
        try:
            fake.push_callback(USER, confirm)  # and again: told what was saved
            await fake.wait_for(
                lambda: any(_told(name, t) for t in _texts_since(fake, seen)),
                timeout=30,
                description=f"{name} told",
            )
            if case == "broadcast":
                await fake.wait_for(
                    lambda: any(DELIVERED in t for t in _texts_since(fake, seen)),
                    timeout=30,
                    description="the broadcast delivered",
                )
        finally:
            third.send_signal(signal.SIGINT)
            await asyncio.wait_for(third.wait(), timeout=60)
        replies = _texts_since(fake, seen)
    assert await _count(config, model) == 1
    assert "lúc" in next(t for t in replies if _told(name, t))
    if case == "broadcast":
        delivered = [t for t in replies if "Kính gửi Lê Văn Phòng: họp sơ kết" in t]
        assert len(delivered) == 1, replies


def _told(name: str, text: str) -> bool:
    return name in text and "Lần bấm này" in text


def _config(work: Path, database_url: str) -> Path:
    config = write_config(work, rate=0, database_url=database_url)
    # A short long poll, so a stop does not wait for one to end.
    text = config.read_text(encoding="utf-8").replace(
        "poll_timeout_seconds = 10", "poll_timeout_seconds = 1", 1
    )
    config.write_text(text, encoding="utf-8")
    return config


async def _press_and_die(
    fake: FakeTelegramApi, process: asyncio.subprocess.Process, data: str
) -> None:
    fake.push_callback(USER, data)
    await asyncio.wait_for(process.wait(), timeout=60)
    assert process.returncode == -signal.SIGKILL


async def _reap(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.kill()
        await process.wait()
