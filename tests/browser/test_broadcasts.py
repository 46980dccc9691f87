"""Sending a broadcast in a real browser: the Office signs in with a one-time link, composes,
counts the audience, confirms the preview and follows the delivery report."""

from __future__ import annotations

from playwright.async_api import Page, expect

from tests.browser.conftest import LiveWeb
from tests.services.broadcasts_seed import org


async def test_the_office_sends_a_broadcast_and_sees_who_has_not_received_it(
    page: Page, live_web: LiveWeb
) -> None:
    app = live_web.app
    p = await org(app)  # CNTT: the head and An reachable, Bình blocked the bot
    await page.goto(await live_web.sign_in_url(p.office))
    await page.get_by_role("link", name="Thông báo").click()
    await page.get_by_role("link", name="Soạn thông báo mới").click()
    await expect(page.locator("h1")).to_have_text("Soạn thông báo")
    await page.locator("#f-text").fill("Kính gửi {ho_ten}: họp giao ban lúc 14:00.")
    await page.get_by_label("Một số đơn vị").check()
    await page.get_by_label("Phòng Công nghệ thông tin").check()
    await page.get_by_role("button", name="Đếm người nhận").click()
    await expect(page.locator(".audience-count")).to_contain_text("hiện có 3 người nhận")
    # The count re-renders the form with everything chosen still chosen.
    await expect(page.locator("#f-text")).to_have_value(
        "Kính gửi {ho_ten}: họp giao ban lúc 14:00."
    )
    await expect(page.get_by_label("Phòng Công nghệ thông tin")).to_be_checked()
    await page.get_by_label("Khẩn (gửi cả ngoài giờ, ngày nghỉ)").check()
    await page.get_by_role("button", name="Xem trước").click()
    await expect(page.locator("h1")).to_have_text("Xem trước và xác nhận")
    await expect(page.locator(".broadcast-message")).to_contain_text(
        "Kính gửi Văn Phòng: họp giao ban lúc 14:00."
    )
    await expect(page.locator(".recipients")).to_have_text("3")
    await page.get_by_role("button", name="Xác nhận gửi tới 3 người").click()
    await expect(page.locator(".notice")).to_have_text("Thông báo đã được đưa vào hàng đợi gửi.")
    await expect(page.locator("h1")).to_have_text("Thông báo #1")
    assert (await app.services.broadcasts.page(p.office, offset=0, limit=10))[1] == 1
    # The broadcast runner starts it; the report then names who has not received it yet.
    assert await app.services.broadcasts.start_due() == [1]
    await page.reload()
    await expect(page.locator("h2").nth(1)).to_have_text("Người chưa nhận được (3)")
    rows = page.locator("table.not-reached tbody tr")
    await expect(rows).to_have_count(3)
    await expect(
        rows.filter(has=page.get_by_role("cell", name="Bình", exact=True))
    ).to_contain_text("Đã chặn bot")
    await expect(rows.filter(has=page.get_by_role("cell", name="An", exact=True))).to_contain_text(
        "Đang chờ gửi"
    )
    await page.get_by_label("Tìm theo họ tên hoặc đơn vị").fill("binh")
    await page.get_by_role("button", name="Tìm", exact=True).click()
    await expect(rows).to_have_count(1)
    await expect(rows).to_contain_text("Bình")


async def test_the_confirmation_is_sent_once_however_often_it_is_submitted(
    page: Page, live_web: LiveWeb
) -> None:
    p = await org(live_web.app)
    await page.goto(await live_web.sign_in_url(p.office))
    await page.goto(f"{live_web.base}/web/thong-bao/moi")
    await page.locator("#f-text").fill("Họp")
    await page.get_by_role("button", name="Xem trước").click()
    await expect(page.locator("h1")).to_have_text("Xem trước và xác nhận")
    await page.wait_for_load_state("load")  # the deferred script has run by then
    # Count the submissions our script lets through (and stop them here, to count only).
    let_through = await page.evaluate(
        """() => {
          const form = document.querySelector("form.send-once");
          let count = 0;
          form.addEventListener("submit", (event) => {
            if (!event.defaultPrevented) count += 1;
            event.preventDefault();
          });
          form.requestSubmit();
          form.requestSubmit();
          return count;
        }"""
    )
    assert let_through == 1
