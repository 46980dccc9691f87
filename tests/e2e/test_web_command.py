"""``python -m bot web`` as someone trying the bot on a fresh machine: no token, no chat, a
fresh database; it prints the address and a sign-in link for the bootstrap admin that works,
and stops on Ctrl-C."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from tests.e2e.test_webhook import free_port
from tests.fakes.process import bot_env

ROOT = Path(__file__).resolve().parents[2]


async def start(tmp_path: Path, port: int) -> asyncio.subprocess.Process:
    config = tmp_path / "config.toml"
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    config.write_text(f'{text}\n[web]\nlisten = "127.0.0.1"\nport = {port}\n', "utf-8")
    env = bot_env(config, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")
    return await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "bot", "web"),
        env=env,
        cwd=tmp_path,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def printed_link(process: asyncio.subprocess.Process) -> list[str]:
    """The lines printed up to and including the sign-in link."""
    assert process.stdout is not None
    lines: list[str] = []
    while not lines or "/web/dang-nhap?t=" not in lines[-1]:
        line = await asyncio.wait_for(process.stdout.readline(), 120)
        assert line, f"ended before printing a link: {lines}"
        lines.append(line.decode().strip())
    return lines


async def test_the_web_app_alone_prints_a_working_link_for_the_admin(tmp_path: Path) -> None:
    port = free_port()
    process = await start(tmp_path, port)
    try:
        lines = await printed_link(process)
        address = f"http://127.0.0.1:{port}"
        assert any(f"{address}/web/" in line for line in lines[:-1]), lines
        link = lines[-1]
        assert link.startswith(f"{address}/web/dang-nhap?t=")
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            async with http.get(link) as page:
                text = await page.text()
                assert page.status == 200 and page.url.path == "/web/"
                assert "Quản trị viên" in text and "dang-xuat" in text
            async with http.get(link) as again:  # one-time: the second use is refused
                assert again.url.path == "/web/het-han"
    finally:
        process.send_signal(signal.SIGINT)
        _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    assert "Traceback" not in err.decode()


async def test_a_taken_port_is_said_plainly(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = await start(tmp_path, port)
        out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 2
    assert f"127.0.0.1:{port}" in err.decode() and "[web] port" in err.decode()
    assert "Traceback" not in err.decode() and "dang-nhap" not in out.decode()
