"""The dashboard in a real browser: a sign-in link opens it with its four sections, a queue
link per state, and the charts load as images (the CSP lets our own images in)."""

from __future__ import annotations

from playwright.async_api import Page, expect

from bot.roles import Role
from tests.browser.conftest import LiveWeb
from tests.factories import make_member, make_proposal


async def test_a_sign_in_link_opens_the_dashboard(page: Page, live_web: LiveWeb) -> None:
    app = live_web.app
    author = await make_member(app, "811", Role.STAFF, "CNTT", name="Nguyễn Văn Tác")
    await app.services.initiatives.submit(author, make_proposal())
    office = await make_member(app, "812", Role.OFFICE, "VP", name="Lê Thị Văn Phòng")
    await page.goto(await live_web.sign_in_url(office))
    await expect(page.locator("h1")).to_have_text("Bàn làm việc")
    for heading in ("Xác nhận kế hoạch theo đơn vị", "Hồ sơ theo trạng thái", "Biểu đồ"):
        await expect(page.get_by_role("heading", name=heading)).to_be_visible()
    await expect(page.get_by_role("heading", name="Các mốc thi đua năm")).to_be_visible()
    coverage = page.locator("#bao-phu tbody tr", has_text="Phòng Công nghệ thông tin")
    await expect(coverage).to_contain_text("0%")
    submitted = page.locator("#quy-trinh a[href='/web/sang-kien?trang-thai=submitted']")
    await expect(submitted).to_have_text("Đã nộp")
    await expect(submitted.locator("xpath=..")).to_contain_text("Đã nộp: 1")
    ranking = page.get_by_role("img", name="Biểu đồ xếp hạng các đơn vị")
    await ranking.scroll_into_view_if_needed()
    await expect(ranking).to_have_js_property("complete", True)
    assert await ranking.evaluate("image => image.naturalWidth") > 0
