"""An award granted above the Sở, end to end on Telegram over the fake Bot API (issue 16,
point 11): a unit head nominates two members for the province's Bằng khen (/decu), the Office
receives them and sends them to the council, the council recommends both; the Office records
the Tờ trình sent up (/quyetdinh), later the province's decision item by item (one awarded, one
not); each person concerned is told, the group gets the result, the points go to the awarded
one only.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.roles import Role
from models import AuditEntry
from tests.e2e.harness import TgUser
from tests.e2e.year_harness import GROUP_CHAT, Year, code_in, running_year
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import FakeTelegramApi
from tests.services.nominations_seed import ledger


@pytest.fixture
async def year(fake: FakeTelegramApi, database_url: str, clock: FakeClock) -> AsyncIterator[Year]:
    async with running_year(fake, database_url, clock) as running:
        yield running


SUMMARY = "Dẫn đầu phong trào chuyển đổi số của tỉnh năm 2025, được UBND tỉnh ghi nhận."


async def nominate(head: TgUser, name: str) -> str:
    """``/decu``: an annual Bằng khen of the province for a member, achievements of 2025."""
    await head.send("/decu")
    await head.tap("hằng năm")
    await head.tap("năm 2025")
    await head.tap("cán bộ của đơn vị")
    await head.tap(name)
    await head.tap("Bằng khen của Chủ tịch UBND tỉnh")
    await head.send(SUMMARY)
    await head.tap("Tiếp tục")
    await head.tap("Xem lại và nộp")
    return await head.tap("Xác nhận")


async def test_an_award_sent_up_to_the_province_and_decided_there(year: Year) -> None:
    office = await year.join("vp", 8101, Role.OFFICE, "Lê Văn Phòng", "VP")
    hoi = await year.join("hoi", 8102, Role.COUNCIL, "Đỗ Văn Hội", "VP")
    an = await year.join("an", 8103, Role.STAFF, "Nguyễn Văn An", "CNTT")
    binh = await year.join("binh", 8104, Role.STAFF, "Trần Thị Bình", "CNTT")
    head = await year.join("truong", 8105, Role.UNIT_HEAD, "Phạm Văn Trưởng", "CNTT")
    codes: dict[str, str] = {}
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        done = await nominate(head, name)
        assert "Đã gửi hồ sơ đề nghị khen thưởng" in done
        codes[name] = code_in(done, "DC")
    await year.settle()

    await office.send("/duyet")
    await office.tap("Đề nghị khen thưởng")
    for name in codes:
        await office.tap(name)
        assert "Đã tiếp nhận" in await office.tap("Tiếp nhận")
        assert "Hội đồng đang xét" in await office.tap("Chuyển Hội đồng")
        await office.tap("Danh sách đề nghị")
    await year.settle()
    await hoi.send("/duyet")
    await hoi.tap("Đề nghị khen thưởng")
    for name in codes:
        await hoi.tap(name)
        assert "chắc chắn" in await hoi.tap("Hội đồng đề nghị khen thưởng")
        assert "Hội đồng đề nghị, chờ quyết định" in await hoi.tap("Hội đồng đề nghị khen thưởng")
        await hoi.tap("Danh sách đề nghị")
    await year.settle()
    assert year.got(an.user_id, "Hội đồng đã thống nhất đề nghị khen thưởng")

    listed = await office.send("/quyetdinh")
    assert (
        "Bằng khen của Chủ tịch UBND tỉnh năm 2025 · 2 hồ sơ · chờ trình Chủ tịch Ủy ban nhân "
        "dân tỉnh (cấp trên quyết định)" in listed
    )
    await office.tap("Bằng khen")
    assert "Số Tờ trình" in await office.tap("Ghi nhận tờ trình cấp trên")
    await office.send("45/TTr-SKHCN")
    assert "Người ký Tờ trình" in await office.send("02/03/2026")
    sure = await office.send("Nguyễn Văn Giám, Giám đốc Sở")
    assert "ghi nhận Tờ trình số 45/TTr-SKHCN ngày 02/03/2026" in sure
    assert "2 hồ sơ chuyển sang «Đã trình cấp trên»" in sure
    sent_up = await office.tap("Xác nhận")
    assert "Đã ghi nhận Tờ trình số 45/TTr-SKHCN ngày 02/03/2026 trình Chủ tịch Ủy ban" in sent_up
    await year.settle()
    for user in (an, binh, head):
        assert year.got(user.user_id, "đã được trình Chủ tịch Ủy ban nhân dân tỉnh")
    assert not year.got(GROUP_CHAT, "")  # sent up is not awarded: nothing published
    assert await ledger(year.bot.core) == []

    year.clock.advance(days=30)  # Wednesday 01/04/2026: the province has decided
    waiting = await office.send("/quyetdinh")
    assert "đã trình theo Tờ trình số 45/TTr-SKHCN, chờ kết quả của Chủ tịch" in waiting
    await office.tap("Bằng khen")
    assert "Số Quyết định" in await office.tap("Ghi nhận kết quả")
    await office.send("2001/QĐ-UBND")
    await office.send("31/03/2026")
    items = await office.send("Nguyễn Văn Tỉnh, Chủ tịch UBND tỉnh")
    listed_items = items.split("Danh sách trong tờ trình:")[1]
    (binh_number,) = re.findall(r"(\d+)\. \S+ · Trần Thị Bình", listed_items)
    sure = await office.send(binh_number)
    assert "1 hồ sơ được khen thưởng" in sure and "1 hồ sơ không được khen thưởng" in sure
    await office.tap("Xác nhận")
    await year.settle()
    assert year.got(
        office.user_id,
        "Đã ghi nhận Quyết định số 2001/QĐ-UBND ngày 31/03/2026 của Chủ tịch Ủy ban nhân dân "
        "tỉnh về Bằng khen của Chủ tịch UBND tỉnh: 1 hồ sơ được khen thưởng, 1 hồ sơ không",
    )
    assert year.got(an.user_id, "Chúc mừng! Theo Quyết định số 2001/QĐ-UBND")
    (told,) = year.got(binh.user_id, "không được khen thưởng")
    assert codes["Trần Thị Bình"] in told
    assert not year.got(binh.user_id, "Chúc mừng")
    assert len(year.got(head.user_id, "Theo Quyết định số 2001/QĐ-UBND")) == 2
    (published,) = year.got(GROUP_CHAT, "KẾT QUẢ KHEN THƯỞNG")
    assert "Nguyễn Văn An" in published and "Trần Thị Bình" not in published

    an_id = await year.member_id("an")
    assert [(member, share) for _, member, _, share in await ledger(year.bot.core)] == [
        (an_id, 100)
    ]
    await an.send("/bangxephang", replies=2)
    people = await an.tap("Cá nhân")
    assert "1. Nguyễn Văn An (Phòng Công nghệ thông tin) — 20 điểm" in people
    assert "Trần Thị Bình" not in people
    async with year.bot.core.sessions() as session:
        actions = set(await session.scalars(select(AuditEntry.action)))
    assert {
        "nomination.under_review",
        "nomination.recommended",
        "decision.submission",
        "nomination.sent_up",
        "decision.decision",
        "nomination.awarded",
        "nomination.not_awarded",
    } <= actions
