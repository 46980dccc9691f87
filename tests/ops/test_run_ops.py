"""``python -m bot run`` in polling mode, no web app: JSON log lines, and /healthz served on the
ops port all the same."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import sys
from pathlib import Path

import aiohttp

from tests.fakes.process import bot_env
from tests.fakes.telegram import FakeTelegramApi

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "7123456789:AAFq1wXkR2mZ9yT4uV6bN8cD0eG3hJ5kL7p"


async def log_lines_until_started(process: asyncio.subprocess.Process) -> list[str]:
    """Standard error up to the line saying the bot runs."""
    assert process.stderr is not None
    seen: list[str] = []
    while not seen or "Ctrl+C" not in seen[-1]:
        line = await asyncio.wait_for(process.stderr.readline(), 120)
        assert line, "".join(seen)
        seen.append(line.decode())
    return seen


async def test_a_polling_bot_logs_json_and_answers_its_health_check(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text((ROOT / "config.toml").read_text(encoding="utf-8"), encoding="utf-8")
    async with FakeTelegramApi(bot_username="thidua_vp_bot") as fake:
        env = bot_env(
            config,
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=fake.base_url,
            TELEGRAM_BASE_FILE_URL=fake.base_file_url,
            LOG_FORMAT="json",
        )
        process = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "bot", "run"),
            env=env,
            cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            started = await log_lines_until_started(process)
            logged = [json.loads(line) for line in started[:-1]]
            listening = next(
                str(line["message"]) for line in logged if "listening" in str(line["message"])
            )
            port = re.findall(r":(\d+)$", listening)[0]
            async with (
                aiohttp.ClientSession() as http,
                http.get(f"http://127.0.0.1:{port}/healthz") as response,
            ):
                assert response.status == 200
                assert (await response.json())["database"] == "ok"
        finally:
            process.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    assert {"time", "level", "logger", "message"} <= set(logged[0])
    assert TOKEN not in "".join(started) + err.decode()
