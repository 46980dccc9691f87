"""``python -m bot run`` with the Zalo webhook and the web app on the same port: one listener
answers both (one reverse-proxy target in production)."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

from tests.e2e.test_webhook import free_port
from tests.fakes.fake_zalo_api import TOKEN, FakeZaloApi
from tests.fakes.process import bot_env

ROOT = Path(__file__).resolve().parents[2]
SECRET = "zalo-shared-port-secret"


async def start(tmp_path: Path, fake: FakeZaloApi, port: int) -> asyncio.subprocess.Process:
    config = tmp_path / "config.toml"
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace(
        'mode = "polling"\nbase_url = "https://bot-api',
        'mode = "webhook"\nbase_url = "https://bot-api',
    )
    text = text.replace("http_port = 8445", f"http_port = {port}")
    text = text.replace(
        'webhook_url = ""\n# The public HTTPS address',
        'webhook_url = "https://bot.example.vn/zalo"\n# The public HTTPS address',
    )
    web = f'listen = "127.0.0.1"\nport = {port}\npublic_base_url = "https://bot.example.vn"'
    text += f"\n[web]\n{web}\n"
    config.write_text(text, encoding="utf-8")
    env = bot_env(
        config, ZALO_BOT_TOKEN=TOKEN, ZALO_BASE_URL=fake.base_url, ZALO_WEBHOOK_SECRET=SECRET
    )
    return await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "bot", "run"),
        env=env,
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def started_line(process: asyncio.subprocess.Process) -> str:
    """Read standard error up to the line saying the bot runs (channels and web started)."""
    assert process.stderr is not None
    seen: list[str] = []
    while not seen or "Ctrl+C" not in seen[-1]:
        line = await asyncio.wait_for(process.stderr.readline(), 120)
        assert line, "".join(seen)
        seen.append(line.decode())
    return "".join(seen)


async def test_the_zalo_webhook_and_the_web_app_answer_on_one_port(tmp_path: Path) -> None:
    port = free_port()
    async with FakeZaloApi() as fake:
        process = await start(tmp_path, fake, port)
        try:
            started = await started_line(process)
            assert "Web https://bot.example.vn/web/" in started
            assert fake.webhook_url.startswith("https://bot.example.vn/zalo/")
            local = f"http://127.0.0.1:{port}{urlsplit(fake.webhook_url).path}"
            status = await fake.post_webhook(
                local, fake.text_update("stranger9", "xin chào"), secret=SECRET
            )
            assert status == 200
            await fake.wait_for(lambda: bool(fake.texts_to("stranger9")), timeout=60)
            assert await fake.post_webhook(local, fake.text_update("x", "y"), secret=None) == 403
            async with (
                aiohttp.ClientSession() as http,
                http.get(f"http://127.0.0.1:{port}/web/dang-nhap?t=stale") as page,
            ):
                assert page.status == 200 and page.url.path == "/web/het-han"
                assert "Liên kết đã hết hạn" in await page.text()
        finally:
            process.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    assert started.count(f"listening on 127.0.0.1:{port}") == 1
