"""A real headless Chromium (Debian's ``chromium``, driven by Playwright) against the real web
app served on 127.0.0.1 over the test database.

Where no Chromium is installed the browser tests are skipped and say so; under CI
(``CI=true``) a missing browser fails them instead, so CI never counts them as passed
without running them. Playwright never downloads a browser here: it launches the system's.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiohttp import web

from bot.app import App
from bot.channels.webhook import HttpServer
from bot.config_web import Web
from bot.services.common import MemberView
from bot.web import add_web_app
from tests.web.support import context_for

#: Chromium's own flags for a closed network: no background connections, no first-run work.
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The system's Chromium (``CHROMIUM`` overrides where to look)."""
    for name in (os.environ.get("CHROMIUM", ""), "chromium", "chromium-browser"):
        if name and (found := shutil.which(name)):
            return found
    return None


@pytest.fixture
async def browser() -> AsyncIterator[object]:
    """A fresh headless Chromium for one test."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI must run the browser tests: install Debian's chromium")
        pytest.skip("no Chromium here (apt-get install chromium); the browser tests are skipped")
    try:
        from playwright.async_api import async_playwright
    except ImportError:  # pragma: no cover - a dev install has it
        pytest.fail("playwright is missing: pip install -e '.[dev]'")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=path, args=FLAGS)
        try:
            yield chromium
        finally:
            await chromium.close()


@dataclass(frozen=True, slots=True)
class LiveWeb:
    """The web app served for a browser: its base address and the app behind it."""

    base: str
    app: App

    async def sign_in_url(self, member: MemberView | int) -> str:
        """A fresh one-time sign-in link of ``member`` (as ``/web`` would send)."""
        member_id = member if isinstance(member, int) else member.id
        link = await self.app.services.web_access.issue_link(member_id)
        return f"{self.base}/web/dang-nhap?t={link.token}"


@pytest.fixture
async def live_web(app: App) -> AsyncIterator[LiveWeb]:
    """The whole web app on a free port of 127.0.0.1, over ``app``'s services."""
    context = context_for(app, Web(public_base_url="http://127.0.0.1"), bot_token=BOT_TOKEN)
    server = web.Application(client_max_size=context.settings.upload_max_bytes)
    add_web_app(server, context)
    http = HttpServer(server, "127.0.0.1", 0)
    await http.start()
    try:
        yield LiveWeb(f"http://127.0.0.1:{http.port}", app)
    finally:
        await http.stop()


BOT_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"


@pytest.fixture
async def page(browser: object, live_web: LiveWeb) -> AsyncIterator[object]:
    """A new browser tab (its own cookies) whose requests may reach 127.0.0.1 only."""
    from playwright.async_api import Browser, Route

    assert isinstance(browser, Browser)
    context = await browser.new_context(locale="vi-VN")

    async def offline(route: Route) -> None:
        await route.abort()

    await context.route(lambda url: not url.startswith(live_web.base), offline)
    tab = await context.new_page()
    try:
        yield tab
    finally:
        await context.close()
