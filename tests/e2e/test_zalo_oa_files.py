"""An export reaches the Office on the Zalo OA: the OA cannot send an Excel file, so the bot
sends a short-lived link to it on its own HTTP server, and the link downloads the workbook."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator

import httpx
import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from bot.ports import Channel
from bot.roles import Role
from tests.e2e.zalo_harness import free_port
from tests.e2e.zalo_oa_harness import OaBot, OaUser, oa_settings
from tests.factories import join
from tests.fakes.clock import FakeClock
from tests.fakes.fake_zalo_oa import FakeZaloOa
from tests.services.initiatives_seed import START, seed

LINK = re.compile(r"(http://127\.0\.0\.1:\d+/files/[A-Za-z0-9_-]+/[A-Za-z0-9._-]+)")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def linked_bot(
    fake_oa: FakeZaloOa, database_url: str, clock: FakeClock
) -> AsyncIterator[OaBot]:
    """The bot on the OA with a public address (here its own server on 127.0.0.1)."""
    port = free_port()
    settings = oa_settings(
        database_url,
        fake_oa,
        port,
        public_base_url=f"http://127.0.0.1:{port}/",
        media_ttl_seconds=60,
    )
    running = OaBot(settings, clock, fake_oa)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def pick(user: OaUser, label: str, *, replies: int = 1) -> str:
    """Type the number the last message gives ``label``."""
    found = re.search(rf"^(\d+)\. {re.escape(label)}", user.text, re.MULTILINE)
    assert found is not None, user.text
    return await user.send(found.group(1), replies=replies)


async def office_on_the_oa(bot: OaBot, fake: FakeZaloOa) -> OaUser:
    await join(
        bot.core, "oa-office", "VP", Role.OFFICE, "Lê Thị Văn Phòng", channel=Channel.ZALO_OA
    )
    user = OaUser(fake, "oa-office")
    await user.push(fake.events.follow("oa-office", fake.stamp()))
    return user


async def test_an_excel_export_comes_as_a_link_that_downloads_the_workbook(
    linked_bot: OaBot, fake_oa: FakeZaloOa, clock: FakeClock
) -> None:
    await seed(linked_bot.core, clock)
    office = await office_on_the_oa(linked_bot, fake_oa)
    assert "Chọn danh sách cần xuất" in await office.send("/xuat")
    await pick(office, "💡 Sáng kiến, giải pháp")
    await pick(office, "Năm nay (2026)")
    await pick(office, "Mọi trạng thái")
    answer = await pick(office, "Tất cả đơn vị")
    assert "Đã xuất 3 sáng kiến" in answer
    assert "Tải tệp «sang-kien-2026.xlsx»" in answer and "1 phút" in answer
    assert all(sent.kind == "text" for sent in office.messages())  # no file went to Zalo
    match = LINK.search(answer)
    assert match is not None, answer
    async with httpx.AsyncClient() as client:
        response = await client.get(match.group(1))
        assert response.status_code == 200
        assert "sang-kien-2026.xlsx" in response.headers["content-disposition"]
        assert response.headers["cache-control"] == "no-store"
        sheet = load_workbook(io.BytesIO(response.content)).active
        codes = [row[1].value for row in sheet.iter_rows(min_row=3)]
        assert codes == ["SK-2026-0001", "SK-2026-0002", "SK-2026-0003"]
        # Another token, or the right token with another method, finds nothing.
        forged = re.sub(
            r"/files/[^/]+/", "/files/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/", match.group(1)
        )
        assert (await client.get(forged)).status_code == 404
        assert (await client.post(match.group(1))).status_code == 404


async def test_without_a_public_address_the_office_is_told_where_to_get_it(
    oa_bot: OaBot, fake_oa: FakeZaloOa, clock: FakeClock
) -> None:
    await seed(oa_bot.core, clock)
    office = await office_on_the_oa(oa_bot, fake_oa)
    await office.send("/xuat")
    await pick(office, "💡 Sáng kiến, giải pháp")
    await pick(office, "Năm nay (2026)")
    await pick(office, "Mọi trạng thái")
    answer = await pick(office, "Tất cả đơn vị")
    assert "«sang-kien-2026.xlsx»" in answer and "PDF, DOC, DOCX" in answer
    assert LINK.search(answer) is None
