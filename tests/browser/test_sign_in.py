"""Signing in in a real browser: the one-time link opens the desk, a second use of it does
not, and signing out from the page ends the session."""

from __future__ import annotations

from playwright.async_api import Page, expect

from bot.roles import Role
from tests.browser.conftest import LiveWeb
from tests.factories import make_member


async def test_a_link_signs_in_once_and_the_page_signs_out(page: Page, live_web: LiveWeb) -> None:
    member = await make_member(live_web.app, "801", Role.OFFICE, "VP", name="Đỗ Thị <i>Mai</i>")
    url = await live_web.sign_in_url(member)
    await page.goto(url)
    await expect(page.locator("header .who")).to_contain_text("Đỗ Thị <i>Mai</i>")
    await page.get_by_role("button", name="Đăng xuất").click()
    await expect(page.locator("h1")).to_have_text("Đã đăng xuất")
    await page.goto(url)
    await expect(page.locator("h1")).to_have_text("Liên kết đã hết hạn")
    await page.goto(f"{live_web.base}/web/")
    await expect(page.locator("h1")).to_have_text("Liên kết đã hết hạn")
