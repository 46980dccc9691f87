"""``python -m bot run`` with only the Zalo OA configured: a real process against the fake."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from tests.e2e.zalo_harness import free_port
from tests.fakes.config_text import with_values
from tests.fakes.fake_zalo_oa import APP_SECRET, FIRST_REFRESH_TOKEN, FakeZaloOa
from tests.fakes.process import bot_env
from tests.fakes.zalo_oa_events import APP_ID, OA_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]


async def start(
    tmp_path: Path, fake: FakeZaloOa, secret: str, port: int, command: str = "run"
) -> asyncio.subprocess.Process:
    config = tmp_path / "config.toml"
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = with_values(text, "zalo_oa", {"app_id": f'"{APP_ID}"', "http_port": str(port)})
    config.write_text(text, encoding="utf-8")
    env = bot_env(
        config,
        ZALO_OA_APP_SECRET=secret,
        ZALO_OA_SECRET_KEY=OA_SECRET_KEY,
        ZALO_OA_REFRESH_TOKEN=FIRST_REFRESH_TOKEN,
        ZALO_OA_API_BASE_URL=fake.base_url,
        ZALO_OA_OAUTH_BASE_URL=fake.base_url,
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        command,
        env=env,
        cwd=tmp_path,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_a_wrong_app_secret_stops_start_up_with_a_clear_message(tmp_path: Path) -> None:
    async with FakeZaloOa() as fake:
        process = await start(tmp_path, fake, "not-the-app-secret", free_port())
        _, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 2
    message = err.decode()
    assert "ZALO_OA_APP_SECRET" in message and "zalo-oa-connect" in message
    assert "not-the-app-secret" not in message and FIRST_REFRESH_TOKEN not in message
    assert "Traceback" not in message


async def test_the_bot_runs_on_the_oa_alone_and_welcomes_a_follower(tmp_path: Path) -> None:
    async with FakeZaloOa() as fake:
        port = free_port()
        process = await start(tmp_path, fake, APP_SECRET, port)
        try:
            assert process.stderr is not None
            started = b""
            while "Thi đua bot đang chạy".encode() not in started:
                line = await asyncio.wait_for(process.stderr.readline(), 60)
                assert line, "the bot stopped before it started"
                started += line
            assert b"Zalo OA" in started and fake.refreshes == 1
            fake.webhook_url = f"http://127.0.0.1:{port}/zalo-oa/events"
            status = await fake.push(fake.events.follow("u-run", fake.stamp()))
            assert status == 200
            await fake.wait_for(lambda: bool(fake.texts_to("u-run")), timeout=60)
            assert "thamgia" in fake.texts_to("u-run")[0]
        finally:
            process.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    assert APP_SECRET not in (started + err).decode()


async def test_zalo_oa_connect_stores_a_new_token_read_from_stdin(tmp_path: Path) -> None:
    async with FakeZaloOa() as fake:
        fake.issue_refresh_token("refresh-from-a-new-login")
        first = await start(tmp_path, fake, APP_SECRET, free_port(), command="zalo-oa-connect")
        out, err = await asyncio.wait_for(first.communicate(b"refresh-from-a-new-login\n"), 120)
        assert first.returncode == 0, err.decode()
        assert "Đã lưu refresh token mới" in out.decode()
        assert fake.refreshes == 1  # checked at once: the token was traded for a new pair
        again = await start(tmp_path, fake, APP_SECRET, free_port(), command="zalo-oa-connect")
        _, err = await asyncio.wait_for(again.communicate(b"refresh-from-a-new-login\n"), 120)
    assert again.returncode == 2  # used up: Zalo refuses it, and the command says what to do
    assert "zalo-oa-connect" in err.decode() and "Traceback" not in err.decode()
