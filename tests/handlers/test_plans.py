"""/kehoach through the router: reading, confirming, coverage, publishing and nudging."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import event, select

from bot.app import App
from bot.callbacks import PlanAction, PlanChoice, PlanPage, PlanUnit
from bot.channels.console import ConsoleMessenger
from bot.config import DEFAULT_PLAN, plan_path
from bot.ports import Channel
from bot.roles import Role
from models import Acknowledgement, AuditEntry, Delivery, Movement
from tests.factories import join, make_admin
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person

DEFAULT_TEXT = plan_path(DEFAULT_PLAN).read_text(encoding="utf-8")


def new_version(extra: str = "- Bổ sung: thi đua ứng dụng trí tuệ nhân tạo.") -> str:
    """The default plan with one more line in section III."""
    return DEFAULT_TEXT.replace("## [nong-thon-moi]", f"{extra}\n\n## [nong-thon-moi]", 1)


def with_files(app: App) -> None:
    """Let console people send files of this machine, as in `python -m bot chat`."""
    app.messengers[Channel.CONSOLE] = ConsoleMessenger(app.texts, io.StringIO())


async def read_everything(person: Person) -> list[str]:
    """Open the contents, then press "Sau ▶" until the last page; return each page's text."""
    await person.send("/kehoach")
    await person.tap("Mở đầu")
    seen = [person.text]
    while any("Sau" in b.label for b in person.last.flat_buttons()):
        await person.tap("Sau")
        assert person.last.edit, "navigation edits the message it came from"
        seen.append(person.text)
    return seen


async def test_staff_reads_every_page_then_confirms_once(app: App, clock: FakeClock) -> None:
    lan = await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    pages = await read_everything(lan)
    text = " ".join(" ".join(pages).split())
    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THI ĐUA", "III. TỔ CHỨC THỰC HIỆN"):
        assert heading in text
    assert "5. Tiếp tục củng cố, nâng cao vai trò" in text
    clock.advance(minutes=5)
    await lan.tap("Tôi đã đọc và cam kết thực hiện")
    assert "Cảm ơn đồng chí" in lan.text
    assert "phiên bản 1" in lan.text
    await lan.press(PlanAction(1, PlanChoice.CONFIRM).pack())  # a second press changes nothing
    assert "không cần xác nhận lại" in lan.text
    async with app.sessions.begin() as session:
        acks = (await session.scalars(select(Acknowledgement))).all()
    assert len(acks) == 1
    await lan.send("/kehoach")
    assert "Đồng chí đã xác nhận" in lan.text
    assert not any("cam kết" in b.label for b in lan.last.flat_buttons())


async def test_movements_are_listed_with_descriptions(app: App) -> None:
    lan = await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    await lan.send("/kehoach")
    await lan.tap("phong trào")
    for name in (
        "Cả nước chung sức xây dựng nông thôn mới",
        "Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau",
        "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
        "COVID-19",
        "chuyển đổi số",
    ):
        assert name in lan.text
    async with app.sessions.begin() as session:
        codes = set(await session.scalars(select(Movement.code)))
    assert codes == {
        "nong-thon-moi",
        "vi-nguoi-ngheo",
        "van-hoa-cong-so",
        "covid-19",
        "chuyen-doi-so",
    }


async def test_unit_head_sees_who_in_their_unit_has_not_confirmed(app: App) -> None:
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Lê Văn Trưởng")
    lan = await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    await join(app, "minh", "CNTT", Role.STAFF, "Trần Văn Minh")
    await join(app, "xa", "VP", Role.STAFF, "Đỗ Văn Xa")
    await lan.send("/kehoach")
    await lan.tap("cam kết")
    await head.send("/kehoach")
    await head.tap("Tiến độ quán triệt của đơn vị")
    assert "1/3" in head.text
    assert "Trần Văn Minh" in head.text
    assert "Lê Văn Trưởng" in head.text
    assert "Nguyễn Thị Lan" not in head.text.split("Chưa xác nhận")[1]
    assert "Đỗ Văn Xa" not in head.text
    vp = await _unit_id(app, "VP")
    await head.press(PlanUnit(vp).pack())  # forged: another unit
    assert "không được dùng" in head.text


async def test_office_sees_every_unit_lowest_first_and_opens_one(app: App) -> None:
    admin = await make_admin(app)
    await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    await join(app, "xa", "VP", Role.STAFF, "Đỗ Văn Xa")
    await admin.send("/kehoach")
    await admin.tap("cam kết")
    await admin.send("/kehoach")
    await admin.tap("Tiến độ quán triệt các đơn vị")
    table = admin.text
    assert "Toàn bộ: 1/3" in table
    assert table.index("Phòng Công nghệ thông tin") < table.index("Văn phòng Sở")
    assert "0% · 0/1 · Phòng Công nghệ thông tin" in table
    assert "50% · 1/2 · Văn phòng Sở" in table
    assert "Chưa có thành viên: 1 đơn vị" in table
    await admin.tap("CNTT")
    assert "Nguyễn Thị Lan" in admin.text
    await admin.tap("Bảng các đơn vị")
    assert "Toàn bộ" in admin.text


async def test_coverage_is_one_query_whatever_the_number_of_members(app: App) -> None:
    await make_admin(app)
    office = await app.services.members.find(Channel.CONSOLE, "quantri")
    assert office is not None

    async def statements() -> int:
        seen: list[str] = []

        def count(*args: object) -> None:
            seen.append(str(args[2]))

        event.listen(app.engine.sync_engine, "before_cursor_execute", count)
        try:
            await app.services.plan_coverage.coverage(office)
        finally:
            event.remove(app.engine.sync_engine, "before_cursor_execute", count)
        return len(seen)

    few = await statements()
    for n, given in enumerate(("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Linh")):
        await join(app, f"cb{n}", "CNTT", Role.STAFF, f"Nguyễn Văn {given}")
    assert await statements() == few


async def test_staff_cannot_see_coverage_publish_or_nudge(app: App) -> None:
    lan = await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    await lan.send("/kehoach")
    labels = " ".join(b.label for b in lan.last.flat_buttons())
    assert "Tiến độ" not in labels
    assert "Đăng" not in labels
    for action in (PlanChoice.COVERAGE, PlanChoice.PUBLISH, PlanChoice.NUDGE):
        await lan.press(PlanAction(1, action).pack())
        assert "không được dùng" in lan.text, action
    await lan.press("ka:1:bogus")  # a choice no button offers never reaches the handler
    assert "Nút này đã hết hạn" in lan.text
    async with app.sessions.begin() as session:
        assert await session.scalar(select(Delivery.id)) is None


async def test_office_publishes_a_new_version_and_everyone_must_confirm_again(
    app: App, tmp_path: Path
) -> None:
    with_files(app)
    admin = await make_admin(app)
    lan = await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    await lan.send("/kehoach")
    await lan.tap("cam kết")
    await lan.send("/kehoach")
    old_button = lan.last.flat_buttons()[0].data
    document = tmp_path / "ke-hoach-moi.md"
    document.write_text(new_version(), encoding="utf-8")
    await admin.send("/kehoach")
    await admin.tap("Đăng phiên bản mới")
    await admin.send_file(document)
    assert "II. NỘI DUNG THI ĐUA — 5 mục" in admin.text
    await admin.tap("Xác nhận")
    assert "phiên bản 2" in admin.text
    async with app.sessions.begin() as session:
        notices = (await session.scalars(select(Delivery))).all()
    assert {d.chat_id for d in notices} == {"quantri", "lan"}
    assert all("phiên bản mới" in d.payload["text"] for d in notices)
    assert all(PlanPage(2, 0).pack() in str(d.payload["buttons"]) for d in notices)
    await lan.press(old_button)  # a navigation button of version 1
    assert "phiên bản mới (phiên bản 2)" in lan.text
    assert "Đồng chí chưa xác nhận" in lan.text
    await lan.press(PlanAction(1, PlanChoice.CONFIRM).pack())
    assert "phiên bản mới" in lan.text
    pages = await read_everything(lan)
    assert "Bổ sung: thi đua ứng dụng trí tuệ nhân tạo." in " ".join(pages)
    await lan.tap("cam kết")
    assert "phiên bản 2" in lan.text


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Kế hoạch không có tiêu đề\n", "tiêu đề"),
        ("# Kế hoạch\n\n## I. A\nx\n\n## III. B\ny\n", "Dòng 6"),
        (None, "giống hệt phiên bản hiện tại"),
    ],
)
async def test_a_bad_document_is_refused_and_the_plan_stays(
    app: App, tmp_path: Path, content: str | None, expected: str
) -> None:
    with_files(app)
    admin = await make_admin(app)
    document = tmp_path / "ke-hoach.md"
    document.write_text(DEFAULT_TEXT if content is None else content, encoding="utf-8")
    await admin.send("/kehoach")
    await admin.tap("Đăng phiên bản mới")
    await admin.send_file(document)
    assert expected in admin.text
    assert "Gửi tệp văn bản" in admin.text  # asked again for a file
    await admin.send("/huy")
    assert (await app.services.plans.current()).version == 1


async def test_a_document_of_another_kind_is_refused(app: App, tmp_path: Path) -> None:
    with_files(app)
    admin = await make_admin(app)
    picture = tmp_path / "anh.jpg"
    picture.write_bytes(b"\xff\xd8\xff")
    await admin.send("/kehoach")
    await admin.tap("Đăng phiên bản mới")
    await admin.send_file(picture, "image/jpeg")
    assert ".txt hoặc .md" in admin.text


async def test_nudge_reaches_only_those_who_have_not_confirmed(app: App, clock: FakeClock) -> None:
    admin = await make_admin(app)
    lan = await join(app, "lan", "CNTT", Role.STAFF, "Nguyễn Thị Lan")
    await join(app, "minh", "CNTT", Role.STAFF, "Trần Văn Minh")
    await lan.send("/kehoach")
    await lan.tap("cam kết")
    await admin.send("/kehoach")
    await admin.tap("Nhắc người chưa xác nhận")
    assert "tới 2 tài khoản" in admin.text
    async with app.sessions.begin() as session:
        chats = set(await session.scalars(select(Delivery.chat_id)))
        audits = (await session.scalars(select(AuditEntry.action))).all()
    assert chats == {"quantri", "minh"}
    assert "plan.nudge" in audits
    await admin.press(PlanAction(1, PlanChoice.NUDGE).pack())  # a double tap
    assert "đợi thêm" in admin.text
    clock.advance(minutes=61)
    await admin.press(PlanAction(1, PlanChoice.NUDGE).pack())
    assert "tới 2 tài khoản" in admin.text


async def _unit_id(app: App, code: str) -> int:
    units = await app.services.units.list_active()
    return next(u.id for u in units if u.code == code)
