"""Vote lists in a real browser: a returned list edited as a table (a wrong cell is shown next
to it with what was typed, the fixed table is sent in one go and reads back as sent), and a
unit's first list made with its minutes uploaded (a file too large or not a document refused
with the form kept)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import FilePayload, Page, expect

from bot.services.vote_lists import ListState
from tests.browser.conftest import LiveWeb
from tests.web.vote_list_seed import YEAR, fresh_unit, returned_list, vote_list_settings


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


async def test_a_head_makes_the_first_list_with_its_minutes(page: Page, live_web: LiveWeb) -> None:
    app = live_web.app
    unit = await fresh_unit(app)
    an = unit.staff[0]
    await page.goto(await live_web.sign_in_url(unit.head))
    await page.get_by_role("link", name="Bình xét").click()
    await page.get_by_role("link", name="Lập danh sách bình xét").click()
    await page.locator('input[name="meeting_on"]').fill("20/02/2026")
    await page.locator('input[name="attendees"]').fill("12")
    await page.locator('select[name="c-award"]').select_option("TTLDTT")
    await page.locator('input[name="c-share"]').fill("90")
    for person in unit.people:
        await page.locator(f'input[name="t-{person.id}-LDTT"]').check()
        await page.locator(f'input[name="s-{person.id}-LDTT"]').fill("90")
    files = page.locator('input[name="minutes"]')
    # Larger than the server takes: the browser says so and sends nothing.
    big = PDF + b"0" * (5 * 1024 * 1024)
    await files.set_input_files(_file("bien-ban.pdf", big))
    assert "lớn hơn 5 MB" in await files.evaluate("input => input.validationMessage")
    await page.get_by_role("button", name="Gửi danh sách").click()
    await expect(page.locator('input[name="attendees"]')).to_have_value("12")
    # A program named .pdf: refused next to the field, what was typed kept.
    await files.set_input_files(_file("bien-ban.pdf", b"MZ\x90\x00" + b"\x00" * 60))
    await page.get_by_role("button", name="Gửi danh sách").click()
    await expect(page.locator("#e-minutes")).to_contain_text("không phải PDF")
    await expect(page.locator(f'input[name="s-{an.id}-LDTT"]')).to_have_value("90")
    assert await app.services.vote_lists.current(unit.head, YEAR) is None
    await files.set_input_files(_file("bien-ban.pdf", PDF))
    await page.get_by_role("button", name="Gửi danh sách").click()
    await expect(page.get_by_role("status")).to_contain_text("Đã gửi danh sách bình xét")
    sent = await app.services.vote_lists.current(unit.head, YEAR)
    assert sent is not None and sent.state is ListState.SUBMITTED and sent.minutes == 1
    assert len(sent.rows) == 1 + len(unit.people)


PDF = b"%PDF-1.7\n%%EOF\n"


def _file(name: str, content: bytes) -> FilePayload:
    return {"name": name, "mimeType": "application/pdf", "buffer": content}
