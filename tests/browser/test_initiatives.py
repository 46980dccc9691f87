"""Reviewing an initiative to a decision in a real browser (issue 20's scenario): an Office
member signs in with a one-time link, finds the item by a search typed without accents, and
takes it through every step by the page's forms — receiving it, sending it to the council,
evaluating it (they sit on the initiative council), recording the council's conclusion and
then the head's decision — after which the page shows the decision and the certificate."""

from __future__ import annotations

from playwright.async_api import Page, expect

from bot.roles import Role
from tests.browser.conftest import LiveWeb
from tests.factories import make_member, make_proposal
from tests.initiative_recognition import seated


async def test_review_an_initiative_to_a_decision(page: Page, live_web: LiveWeb) -> None:
    app = live_web.app
    office = await make_member(app, "vp", Role.OFFICE, "VP", name="Lê Văn Phòng")
    await seated(app, office, office)
    author = await make_member(app, "an", Role.STAFF, "CNTT", name="Nguyễn Văn An")
    await app.services.initiatives.submit(author, make_proposal(title="Thư viện số huyện"))
    await app.services.initiatives.submit(author, make_proposal(title="Ứng dụng chữ ký số"))
    await page.goto(await live_web.sign_in_url(office))
    await page.get_by_role("navigation").get_by_role("link", name="Sáng kiến").click()
    await page.get_by_label("Tìm theo mã").fill("ung dung")
    await page.get_by_role("button", name="Lọc").click()
    await expect(page.get_by_role("link", name="Thư viện số huyện")).to_have_count(0)
    await page.get_by_role("link", name="Ứng dụng chữ ký số").click()
    await expect(page.locator("h1")).to_contain_text("Ứng dụng chữ ký số")

    await page.get_by_role("button", name="Tiếp nhận").click()
    await expect(page.locator(".notice")).to_contain_text("Đã cập nhật trạng thái")
    await page.get_by_role("button", name="Chuyển Hội đồng sáng kiến thẩm định").click()
    await expect(page.locator(".state")).to_have_text("Hội đồng sáng kiến đang thẩm định")

    evaluation = page.locator("#buoc-evl")
    for condition in await evaluation.locator("fieldset").all():
        await condition.get_by_label("Đạt", exact=True).check()
    for label, score in (("Tính mới", "4"), ("Khả năng áp dụng", "5"), ("Hiệu quả", "4")):
        await evaluation.get_by_label(label).select_option(score)
    await evaluation.get_by_role("button", name="Ghi kết quả đánh giá").click()
    await expect(page.locator(".notice")).to_have_text("Đã ghi kết quả đánh giá của đồng chí.")

    conclusion = page.locator("#buoc-cmt")
    await conclusion.get_by_label("Lý do").fill("Hội đồng thống nhất: đạt")
    await conclusion.get_by_role("button", name="Ghi kết luận Hội đồng: Đạt").click()
    await expect(page.locator(".conclusion")).to_contain_text("Hội đồng kết luận: đạt.")

    decision = page.locator("#buoc-yes")
    await decision.get_by_label("Số quyết định").fill("15/QĐ-STTTT")
    await decision.get_by_label("Ngày ký").fill(app.clock.now().date().isoformat())
    await decision.get_by_label("Người ký").fill("Giám đốc Nguyễn Văn Bình")
    await decision.get_by_role("button", name="Ghi quyết định công nhận").click()
    # Without the confirmation box nothing is recorded, and the typed values stay.
    await expect(decision.locator(".error")).to_contain_text("Đánh dấu ô xác nhận")
    await expect(decision.get_by_label("Số quyết định")).to_have_value("15/QĐ-STTTT")
    await decision.get_by_label("Tôi chắc chắn").check()
    await decision.get_by_role("button", name="Ghi quyết định công nhận").click()

    await expect(page.locator(".notice")).to_contain_text("Đã ghi quyết định công nhận")
    await expect(page.locator(".state")).to_have_text("Được công nhận")
    await expect(page.locator(".decision")).to_contain_text("15/QĐ-STTTT")
    await expect(page.locator(".decision")).to_contain_text("Giám đốc Nguyễn Văn Bình")
    await expect(page.locator("#buoc-yes")).to_have_count(0)
