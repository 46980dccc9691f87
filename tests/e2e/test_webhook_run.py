"""``python -m bot run --webhook`` as an operator starts it: never open, the secret required."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

from bot.channels.telegram.webhook import SECRET_HEADER
from tests.e2e.harness import TOKEN
from tests.e2e.test_webhook import free_port
from tests.fakes.process import bot_env
from tests.fakes.telegram import FakeTelegramApi

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://bot.example.vn/telegram"


async def start(
    tmp_path: Path, fake: FakeTelegramApi, port: int, secret: str | None
) -> asyncio.subprocess.Process:
    config = tmp_path / "config.toml"
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('webhook_url = ""', f'webhook_url = "{PUBLIC}"')
    config.write_text(text.replace("webhook_port = 8443", f"webhook_port = {port}"), "utf-8")
    env = bot_env(
        config,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=fake.base_url,
        TELEGRAM_BASE_FILE_URL=fake.base_file_url,
    )
    if secret is not None:
        env["TELEGRAM_WEBHOOK_SECRET"] = secret
    return await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "bot", "run", "--webhook"),
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_webhook_mode_without_a_secret_does_not_start(tmp_path: Path) -> None:
    async with FakeTelegramApi(bot_username="thidua_vp_bot") as fake:
        process = await start(tmp_path, fake, free_port(), secret=None)
        _, err = await asyncio.wait_for(process.communicate(), 120)
        assert fake.calls_to("setWebhook") == []
    assert process.returncode == 2
    assert "TELEGRAM_WEBHOOK_SECRET" in err.decode()
    assert "Traceback" not in err.decode()


async def test_a_guessable_secret_is_refused(tmp_path: Path) -> None:
    async with FakeTelegramApi(bot_username="thidua_vp_bot") as fake:
        process = await start(tmp_path, fake, free_port(), secret="abc123")
        _, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 2
    assert "webhook_secret" in err.decode() and "16-256" in err.decode()
    assert "abc123" not in err.decode()


async def test_with_a_secret_it_serves_only_the_registered_url(tmp_path: Path) -> None:
    secret = "Zq8_vS3-kL0pX7mN2bR5tY9w"
    port = free_port()
    async with FakeTelegramApi(bot_username="thidua_vp_bot") as fake:
        process = await start(tmp_path, fake, port, secret)
        try:
            await fake.wait_for(lambda: bool(fake.calls_to("setWebhook")), timeout=60)
            url = fake.calls_to("setWebhook")[0].params["url"]
            assert url.startswith(PUBLIC + "/")
            local = f"http://127.0.0.1:{port}{urlsplit(url).path}"
            update = fake.push_message(7001, "/start", queue=False)
            async with aiohttp.ClientSession() as http:
                async with http.post(local, json=update) as refused:
                    assert refused.status == 403
                headers = {SECRET_HEADER: secret}
                async with http.post(local, json=update, headers=headers) as answered:
                    assert answered.status == 200
            await fake.wait_sent(7001, 1)
            assert fake.calls_to("getUpdates") == []
        finally:
            process.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    assert secret not in err.decode()
