"""Importing a staff list with one bad row and fixing it, in a real browser: the preview names
the problem and writes nothing, the fixed file imports and the invite cards are shown."""

from __future__ import annotations

from playwright.async_api import Page, expect

from bot.roles import Role
from tests.browser.conftest import LiveWeb
from tests.factories import make_member
from tests.web.staff_files import workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(*rows: tuple[str, ...]) -> dict[str, object]:
    return {"name": "danh-sach.xlsx", "mimeType": XLSX, "buffer": workbook(*rows)}


async def test_a_staff_list_with_one_bad_row_is_fixed_and_imported(
    page: Page, live_web: LiveWeb
) -> None:
    office = await make_member(live_web.app, "801", Role.OFFICE, "VP", name="Văn Phòng")
    await page.goto(await live_web.sign_in_url(office))
    await page.get_by_role("link", name="Nhập danh sách").click()
    await expect(page.locator("h1")).to_have_text("Nhập danh sách cán bộ")
    good = ("CNTT", "Lê Văn An", "Chuyên viên", "Cán bộ", "")
    await page.set_input_files("#f-file", xlsx(good, ("KHONGCO", "Hồ Thị Bé", "", "", "")))  # type: ignore[arg-type]
    await page.get_by_role("button", name="Xem trước").click()
    await expect(page.locator("tr.problem")).to_contain_text("Không có đơn vị mang mã này")
    await expect(page.locator(".summary")).to_have_text("2 dòng: 1 dòng hợp lệ, 1 dòng có lỗi.")
    page_members = await live_web.app.services.directory.units(office)
    assert {u.code: u.members for u in page_members}["CNTT"] == 0
    await page.set_input_files("#f-file", xlsx(good, ("VHTT-VY", "Hồ Thị Bé", "", "", "")))  # type: ignore[arg-type]
    await page.get_by_role("button", name="Xem trước").click()
    await expect(page.locator(".summary")).to_have_text("2 dòng: 2 dòng hợp lệ, 0 dòng có lỗi.")
    await page.get_by_role("button", name="Nhập 2 cán bộ và tạo thư mời").click()
    await expect(page.locator(".notice")).to_contain_text("Đã thêm 2 cán bộ")
    cards = page.locator(".invite-card")
    await expect(cards).to_have_count(2)
    await expect(cards.first.locator("img.invite-qr")).to_be_visible()
    await expect(cards.first).to_contain_text("https://t.me/thidua_test_bot?start=")
    await expect(cards.nth(1)).to_contain_text("thamgia ")
