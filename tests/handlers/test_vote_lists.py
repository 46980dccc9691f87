"""``/binhxet`` through the router: a head builds the unit's list in one dialog (collective
title, the people of each title, the shares, a basis, the meeting, the minutes), sees a row
fail the rules and fixes it, sends; the Office receives or returns the list; bad input is asked
again; lower roles and forged buttons are refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import App, open_app
from bot.callbacks import VoteListChoice, VoteListMenu
from bot.domain import NominationState
from bot.roles import Role
from models import AuditEntry, Delivery, Member, Nomination
from tests.conftest import make_settings
from tests.factories import join
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person
from tests.services.cycle_seed import CYCLE_AWARDS, started

NOT_ALLOWED = "Vai trò của đồng chí không được dùng chức năng này"


@pytest.fixture
async def app(database_url: str, clock: FakeClock) -> AsyncIterator[App]:
    settings = make_settings(database_url, awards=CYCLE_AWARDS)
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


async def queued(app: App, chat: str) -> str:
    """Every text queued to ``chat`` through the outbox."""
    async with app.sessions() as session:
        found = await session.scalars(select(Delivery.payload).where(Delivery.chat_id == chat))
        return "\n".join(str(payload["text"]) for payload in found)


async def member_id(app: App, name: str) -> int:
    async with app.sessions() as session:
        found = await session.scalar(select(Member.id).where(Member.full_name == name))
        assert found is not None
        return found


@pytest.fixture
async def unit(app: App) -> tuple[Person, Person, Person]:
    """A head and three staff of CNTT, numbered by name: 1 Chi, 2 An, 3 Trưởng, 4 Bình (who
    started in October, short of the six months LĐTT needs)."""
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    binh = await join(app, "binh", "CNTT", Role.STAFF, "Trần Thị Bình")
    await join(app, "chi", "CNTT", Role.STAFF, "Lê Thị Chi")
    for name in ("Phạm Văn Trưởng", "Nguyễn Văn An", "Lê Thị Chi"):
        await started(app, await member_id(app, name), date(2019, 5, 1))
    await started(app, await member_id(app, "Trần Thị Bình"), date(2025, 10, 1))
    return head, an, binh


async def build_to_check(head: Person, tmp_path: Path) -> None:
    """Walk the dialog to the check: the unit's title, everyone LĐTT, An CSTĐCS."""
    await head.send("/binhxet")
    assert "Đơn vị chưa gửi danh sách bình xét năm 2025" in head.text
    await head.tap("📝 Lập danh sách bình xét")
    assert "Bước 1/6" in head.text
    await head.tap("Tập thể lao động tiên tiến")
    assert "«Lao động tiên tiến» (1/2)" in head.text
    await head.send("tất cả")
    assert "«Chiến sĩ thi đua cơ sở» (2/2)" in head.text
    await head.send("9")
    assert "Số thứ tự phải từ 1 đến 4" in head.text
    await head.send("2")
    assert "Bước 3/6" in head.text
    await head.send("vài chục")
    assert "Chưa hiểu" in head.text
    await head.send("100\n6: 80")
    assert "Bước 4/6" in head.text and "Nguyễn Văn An — Chiến sĩ thi đua cơ sở" in head.text
    await head.tap("Hoàn thành xuất sắc nhiệm vụ")
    assert "Bước 5/6" in head.text
    await head.send("05/03/2026")
    assert "sau hôm nay" in head.text
    await head.send("20/02/2026")
    await head.send("3")
    minutes = tmp_path / "bien-ban.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes")
    await head.tap("📎 Đính kèm tệp")
    await head.send_file(minutes, "application/pdf")
    await head.tap("➡️ Xem lại và nộp")


async def test_a_head_fixes_a_failing_row_and_sends_then_the_office_receives(
    app: App, unit: tuple[Person, Person, Person], tmp_path: Path
) -> None:
    head, _an, _binh = unit
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await build_to_check(head, tmp_path)
    assert "Kiểm tra danh sách bình xét năm 2025" in head.text
    assert "❌ Trần Thị Bình — Lao động tiên tiến — 100% phiếu" in head.text
    assert "Chưa đủ 6 tháng công tác" in head.text
    assert "📤 Gửi danh sách" not in [b.label for b in head.last.flat_buttons()]
    await head.tap("✏️ Sửa căn cứ")
    assert "Nguyễn Văn An — Chiến sĩ thi đua cơ sở: danh hiệu" in head.text
    await head.tap("Có đề tài, đề án khoa học được nghiệm thu và áp dụng")
    assert "Kiểm tra danh sách bình xét năm 2025" in head.text  # straight back to the check
    await head.tap("✏️ Sửa người được đề nghị")
    await head.send("1-3")  # Bình off the LĐTT list
    await head.send("giữ")
    assert "Kiểm tra danh sách" in head.text
    assert "Trần Thị Bình" not in head.text
    await head.tap("📤 Gửi danh sách")
    assert "Đã gửi danh sách bình xét BX-2025-001 (5 dòng)" in head.text
    assert "đã gửi danh sách bình xét <b>BX-2025-001</b>" in await queued(app, "vp")
    await office.send("/viecchoxuly")  # the list waits as one task, not one per row
    assert office.text.count("Tiếp nhận danh sách bình xét của đơn vị") == 1
    assert "Tiếp nhận đề nghị khen thưởng" not in office.text
    await office.tap("BX-2025-001")
    assert "Danh sách bình xét BX-2025-001" in office.text
    await office.send("/binhxet")
    assert "1/3 đơn vị đã gửi" in office.text
    await office.tap("Phòng Công nghệ thông tin (5 dòng)")
    assert "Nguyễn Văn An — Chiến sĩ thi đua cơ sở — 80% phiếu" in office.text
    await office.tap("📥 Tiếp nhận danh sách")
    assert "Đã tiếp nhận danh sách BX-2025-001" in office.text
    assert "Văn phòng đã tiếp nhận danh sách bình xét" in await queued(app, "truong")
    async with app.sessions() as session:
        states = set(await session.scalars(select(Nomination.state)))
        actions = set(await session.scalars(select(AuditEntry.action)))
    assert states == {NominationState.RECEIVED}
    assert {"vote_list.submit", "vote_list.receive"} <= actions


async def test_the_office_returns_the_list_and_the_head_sends_it_again(
    app: App, unit: tuple[Person, Person, Person], tmp_path: Path
) -> None:
    head, _an, _binh = unit
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await build_to_check(head, tmp_path)
    await head.tap("✏️ Sửa người được đề nghị")
    await head.send("1-3")
    await head.send("giữ")
    await head.tap("📤 Gửi danh sách")
    await office.send("/binhxet")
    await office.tap("Phòng Công nghệ thông tin (5 dòng)")
    await office.tap("↩️ Trả lại cả danh sách")
    await office.send("ít")
    assert "cần ít nhất 5 ký tự" in office.text
    await office.send("Biên bản chưa có chữ ký của thư ký")
    assert "Đã trả lại danh sách BX-2025-001" in office.text
    assert "Biên bản chưa có chữ ký của thư ký" in await queued(app, "truong")
    await head.send("/binhxet")
    assert "bị trả lại để sửa" in head.text
    await head.tap("✏️ Sửa và gửi lại")
    await head.tap("Tập thể lao động tiên tiến")
    await head.send("giữ")
    await head.send("giữ")
    await head.send("95")
    await head.send("20/02/2026")
    await head.send("3")
    assert "biên bản: 1 tệp" in head.text  # the minutes sent before are kept
    await head.tap("📤 Gửi danh sách")
    assert "Đã gửi danh sách bình xét BX-2025-001" in head.text
    async with app.sessions() as session:
        shares = set(await session.scalars(select(Nomination.vote_share)))
    assert shares == {0.95}


async def test_lower_roles_and_forged_buttons_are_refused(
    app: App, unit: tuple[Person, Person, Person], tmp_path: Path
) -> None:
    head, an, _binh = unit
    await an.send("/binhxet")
    assert NOT_ALLOWED in an.text
    await build_to_check(head, tmp_path)
    await head.tap("✏️ Sửa người được đề nghị")
    await head.send("1-3")
    await head.send("giữ")
    await head.tap("📤 Gửi danh sách")
    async with app.sessions() as session:
        list_id = await session.scalar(select(func.max(Nomination.list_id)))
    assert list_id is not None
    for choice in (VoteListChoice.RECEIVE, VoteListChoice.RETURN):
        forged = VoteListMenu(choice, list_id, version=1).pack()
        await head.press(forged)
        assert NOT_ALLOWED in head.text
        await an.press(forged)
        assert NOT_ALLOWED in an.text
    for role in (Role.COUNCIL, Role.LEADER):
        reviewer = await join(app, f"r-{role.value}", "VP", role, "Đỗ Văn Hội")
        await reviewer.send("/binhxet")
        assert NOT_ALLOWED in reviewer.text
        for choice in (VoteListChoice.RECEIVE, VoteListChoice.BUILD, VoteListChoice.SHOW):
            await reviewer.press(VoteListMenu(choice, list_id, version=1).pack())
            assert NOT_ALLOWED in reviewer.text
    other = await join(app, "khac", "VHTT-VY", Role.UNIT_HEAD, "Vũ Thị Khác")
    await other.press(VoteListMenu(VoteListChoice.SHOW, list_id).pack())
    assert NOT_ALLOWED in other.text
    async with app.sessions() as session:
        states = set(await session.scalars(select(Nomination.state)))
    assert states == {NominationState.SUBMITTED}
