"""Voting in a council session in a real browser: a seated member signs in with a one-time
link, opens the session, votes on every item in one form and sees the votes recorded; the
Office sees the votes so far, closes the session and reads the tally."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from bot.config import Settings
from tests.browser.conftest import LiveWeb
from tests.web.council_seed import council_settings, open_sitting


@pytest.fixture
def settings(database_url: str) -> Settings:
    return council_settings(database_url)


async def test_a_member_votes_on_every_item_and_the_office_reads_the_tally(
    page: Page, live_web: LiveWeb
) -> None:
    app = live_web.app
    sitting = await open_sitting(app)
    (member,) = sitting.members
    agenda = await app.services.council_sessions.agenda(member, sitting.session_id)
    await page.goto(await live_web.sign_in_url(member))
    await page.get_by_role("link", name="Phiên họp").click()
    await page.get_by_role("link", name=sitting.session_code).click()
    await expect(page.locator("h1")).to_have_text(f"Phiên họp {sitting.session_code}")
    first, second = agenda
    await page.get_by_role("group", name=first.code).get_by_label("Không đồng ý").check()
    await page.get_by_role("group", name=second.code).get_by_label("Đồng ý", exact=True).check()
    await page.get_by_role("button", name="Gửi phiếu biểu quyết").click()
    await expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận phiếu biểu quyết")
    await expect(page.locator("table.ballot .voted")).to_have_count(2)
    await expect(page.get_by_role("radio")).to_have_count(0)

    await page.goto(await live_web.sign_in_url(sitting.office))
    await page.goto(f"{live_web.base}/web/phien-hop/{sitting.session_id}")
    await expect(page.locator("table.tally tbody tr")).to_have_count(2)
    await expect(page.locator("table.tally")).to_contain_text("1/1")
    await page.get_by_role("button", name="Kết thúc phiên họp").click()
    await expect(page.get_by_role("status")).to_contain_text("Đã kết thúc phiên họp")
    tally = page.locator("table.tally")
    await expect(tally.locator("tbody tr").nth(0)).to_contain_text("0/2")
    await expect(tally.locator("tbody tr").nth(1)).to_contain_text("1/2")
    await expect(page.get_by_role("button", name="Kết thúc phiên họp")).to_have_count(0)
