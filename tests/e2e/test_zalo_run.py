"""``python -m bot run`` with only ZALO_BOT_TOKEN: a real process against the fake Zalo API."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from tests.fakes.fake_zalo_api import TOKEN, FakeZaloApi
from tests.fakes.process import bot_env

ROOT = Path(__file__).resolve().parents[2]


async def start(tmp_path: Path, fake: FakeZaloApi, token: str) -> asyncio.subprocess.Process:
    config = tmp_path / "config.toml"
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    config.write_text(text.replace("http_port = 8445", "http_port = 0"), encoding="utf-8")
    env = bot_env(config, ZALO_BOT_TOKEN=token, ZALO_BASE_URL=fake.base_url)
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_a_wrong_zalo_token_stops_with_a_clear_message(tmp_path: Path) -> None:
    async with FakeZaloApi() as fake:
        process = await start(tmp_path, fake, "1:not-the-token")
        _, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 2
    message = err.decode()
    assert "ZALO_BOT_TOKEN" in message and "401" in message
    assert "not-the-token" not in message
    assert "Traceback" not in message


async def test_the_bot_runs_on_zalo_alone_and_answers(tmp_path: Path) -> None:
    async with FakeZaloApi() as fake:
        process = await start(tmp_path, fake, TOKEN)
        try:
            fake.push(fake.text_update("stranger1", "xin chào"))
            await fake.wait_for(lambda: bool(fake.texts_to("stranger1")), timeout=60)
            assert "thamgia" in fake.texts_to("stranger1")[0]
        finally:
            process.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    assert "Zalo" in err.decode()
    assert TOKEN.split(":")[1] not in err.decode()
