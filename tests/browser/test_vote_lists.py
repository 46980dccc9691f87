"""Editing a returned vote list as a table in a real browser: a wrong cell is shown next to
it with what was typed, the fixed table is sent in one go and reads back as sent."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Page, expect

from bot.services.vote_lists import ListState
from tests.browser.conftest import LiveWeb
from tests.web.vote_list_seed import returned_list, vote_list_settings


@pytest.fixture
def settings(database_url: str) -> Any:
    return vote_list_settings(database_url)


async def test_a_head_fixes_a_returned_list_in_the_table(page: Page, live_web: LiveWeb) -> None:
    app = live_web.app
    unit = await returned_list(app)
    binh = unit.staff[1]
    await page.goto(await live_web.sign_in_url(unit.head))
    await page.get_by_role("link", name="Bình xét").click()
    code = (await app.services.vote_lists.view(unit.head, unit.list_id)).code
    await page.get_by_role("link", name=code).click()
    cell = page.locator(f'input[name="s-{binh.id}-LDTT"]')
    await cell.fill("1OO")
    await page.locator(f'input[name="s-{unit.head.id}-LDTT"]').fill("95")
    await page.get_by_role("button", name="Gửi lại danh sách").click()
    await expect(page.locator("p.error")).to_contain_text("một số từ 0 đến 100")
    await expect(cell).to_have_value("1OO")
    await expect(page.locator(f'input[name="s-{unit.head.id}-LDTT"]')).to_have_value("95")
    assert (await app.services.vote_lists.view(unit.head, unit.list_id)).state is (
        ListState.RETURNED
    )
    await cell.fill("100")
    await page.get_by_role("button", name="Gửi lại danh sách").click()
    await expect(page.get_by_role("status")).to_contain_text("Đã gửi lại danh sách")
    await expect(page.locator("table")).to_contain_text("Trần Thị Bình")
    sent = await app.services.vote_lists.view(unit.head, unit.list_id)
    shares = {(r.row.member_id, r.row.award_code): r.row.vote_share for r in sent.rows}
    assert sent.state is ListState.SUBMITTED
    assert shares[binh.id, "LDTT"] == 1.0 and shares[unit.head.id, "LDTT"] == 0.95
