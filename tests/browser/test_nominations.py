"""The Office reviews a nomination in a real browser: from the queue (searched without
diacritics) to the dossier, receives it, sends it to the council, and records the council's
refusal with a reason — a too short reason first, kept with its message."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from bot.config import Settings
from bot.domain import NominationState
from bot.roles import Role
from tests.browser.conftest import LiveWeb
from tests.factories import make_member
from tests.services.documents_seed import documents_settings
from tests.services.nominations_seed import draft_for

REASON = "Thành tích chưa nổi bật so với các hồ sơ khác."


@pytest.fixture
def settings(database_url: str) -> Settings:
    return documents_settings(database_url)


async def test_the_office_reviews_a_nomination_through_its_forms(
    page: Page, live_web: LiveWeb
) -> None:
    app = live_web.app
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    head = await make_member(app, "truong", Role.UNIT_HEAD, "CNTT", name="Phạm Văn Trưởng")
    nominee = await make_member(app, "an", Role.STAFF, "CNTT", name="Nguyễn Văn Ấn")
    item = await app.services.nominations.submit(head, draft_for(nominee))

    await page.goto(await live_web.sign_in_url(office))
    await page.goto(f"{live_web.base}/web/khen-thuong")
    await page.get_by_label("Tìm").fill("nguyen van an")
    await page.get_by_role("button", name="Lọc").click()
    await expect(page.locator("p.count")).to_have_text("Có 1 hồ sơ.")
    await page.get_by_role("link", name=item.code).click()
    await expect(page.locator("h1")).to_contain_text(item.code)
    await expect(page.locator("dd.state")).to_have_text("Đã nộp")

    await page.get_by_role("button", name="Tiếp nhận").click()
    await expect(page.locator("p.notice")).to_have_text("Đã xử lý hồ sơ đề nghị khen thưởng.")
    await expect(page.locator("dd.state")).to_have_text("Đã tiếp nhận")
    await page.get_by_role("button", name="Chuyển Hội đồng xét").click()
    await expect(page.locator("dd.state")).to_have_text("Hội đồng đang xét")

    await page.get_by_role("button", name="Hội đồng không đề nghị").click()
    await expect(page.locator("p.sure")).to_contain_text("chắc chắn")
    await page.get_by_label("Lý do").fill("Chưa")
    await page.get_by_role("button", name="Xác nhận").click()
    await expect(page.locator("p.error")).to_have_text("Lý do cần từ 5 đến 1000 ký tự.")
    await expect(page.get_by_label("Lý do")).to_have_value("Chưa")
    await page.get_by_label("Lý do").fill(REASON)
    await page.get_by_role("button", name="Xác nhận").click()
    await expect(page.locator("dd.state")).to_have_text("Hội đồng không đề nghị")
    await expect(page.locator("ol.history")).to_contain_text(REASON)

    view = await app.services.nominations.view(office, item.id)
    assert view.state is NominationState.REJECTED and view.history[-1].reason == REASON
