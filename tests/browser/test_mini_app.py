"""The Telegram Mini App in a real browser: the page posts the initData Telegram hands it.

Telegram's own script cannot load here (the harness aborts every request off 127.0.0.1), as
it may fail on a bad network: the page must still work with the ``window.Telegram.WebApp``
that Telegram's web view provides, injected here before the page's scripts run.
"""

from __future__ import annotations

import json

from playwright.async_api import Page, expect

from bot.ports import Channel
from bot.roles import Role
from tests.browser.conftest import BOT_TOKEN, LiveWeb
from tests.factories import make_member
from tests.fakes.clock import FakeClock
from tests.web.test_mini_app import init_data


async def open_as_telegram(page: Page, live_web: LiveWeb, data: str | None) -> None:
    """Open the Mini App page as Telegram would, handing it ``data`` (None: no Telegram)."""
    if data is not None:
        web_app = f"{{initData: {json.dumps(data)}, ready() {{}}, expand() {{}}}}"
        await page.add_init_script(f"window.Telegram = {{WebApp: {web_app}}};")
    await page.goto(f"{live_web.base}/web/mini-app")


async def test_a_correctly_signed_init_data_lands_on_the_desk(
    page: Page, live_web: LiveWeb, clock: FakeClock
) -> None:
    await make_member(
        live_web.app, "6001", Role.OFFICE, "VP", name="Hà Thị Thu", channel=Channel.TELEGRAM
    )
    await open_as_telegram(page, live_web, init_data(6001, clock.now(), BOT_TOKEN))
    await expect(page.locator("header .who")).to_contain_text("Hà Thị Thu")
    assert page.url == f"{live_web.base}/web/"


async def test_a_wrongly_signed_init_data_is_refused(
    page: Page, live_web: LiveWeb, clock: FakeClock
) -> None:
    await make_member(
        live_web.app, "6002", Role.OFFICE, "VP", name="Hà Thị Thu", channel=Channel.TELEGRAM
    )
    await open_as_telegram(page, live_web, init_data(6002, clock.now(), "999:another-bot"))
    refusal = live_web.app.texts.t("web.mini_app.refused")
    await expect(page.locator("p.refused")).to_have_text(refusal)
    await expect(page.locator("header .who")).to_have_count(0)


async def test_opened_outside_telegram_it_says_to_open_it_from_telegram(
    page: Page, live_web: LiveWeb
) -> None:
    await open_as_telegram(page, live_web, None)
    outside = live_web.app.texts.t("web.mini_app.outside")
    await expect(page.locator("#mini-app-outside")).to_be_visible()
    await expect(page.locator("#mini-app-outside")).to_have_text(outside)
    await expect(page.locator("#mini-app-wait")).to_be_hidden()
