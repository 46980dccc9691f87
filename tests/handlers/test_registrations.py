"""``/dangkythidua`` through the router: the Office opens the year (bad dates asked again), a
unit head registers the unit in one dialog (collective title, members toggled a page at a
time, "Đồng chí chắc chắn …?"), members read their targets, the Office follows the units and
starts a reminder to those that have not registered; after the deadline and over a newer
save nothing is saved; lower roles are refused by command and by forged buttons."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.app import App, open_app
from bot.callbacks import (
    BroadcastAct,
    BroadcastChoice,
    DialogChoice,
    RegistrationChoice,
    RegistrationMenu,
    unpack,
)
from bot.config import Settings
from bot.ports import Channel
from bot.roles import Role
from models import AuditEntry, Broadcast, RegisteredTarget
from tests.conftest import make_settings
from tests.factories import join
from tests.fakes.clock import FakeClock
from tests.fakes.people import Person
from tests.services.test_registrations import AWARDS, REGISTRATION

YEAR = 2026  # the test clock starts on 02/03/2026, 09:00 in Vĩnh Phúc
NOT_ALLOWED = "Vai trò của đồng chí không được dùng chức năng này"
UNIT = "Phòng Công nghệ thông tin"
#: Nine staff of a unit: with its head, two pages of members.
STAFF = (
    "Bùi Văn Ba",
    "Cao Thị Cúc",
    "Đặng Văn Đức",
    "Hà Thị Hoa",
    "Kiều Văn Khánh",
    "Lý Thị Lan",
    "Mai Văn Minh",
    "Ngô Thị Nga",
    "Quách Văn Quang",
)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url, awards=AWARDS, registration=REGISTRATION)


@pytest.fixture
async def app(settings: Settings, clock: FakeClock) -> AsyncIterator[App]:
    core = await open_app(settings, clock=clock, run_migrations=False)
    try:
        yield core
    finally:
        await core.close()


def labels(person: Person) -> list[str]:
    return [b.label for b in person.last.flat_buttons()]


async def open_year(office: Person, deadline: str = "31/03/2026") -> None:
    await office.send("/dangkythidua")
    await office.tap("Mở đăng ký")
    await office.tap(f"Năm {YEAR}")
    await office.send(deadline)


async def targets(app: App) -> set[tuple[int | None, str]]:
    async with app.sessions() as session:
        rows = await session.execute(
            select(RegisteredTarget.member_id, RegisteredTarget.award_code)
        )
        return {(member, code) for member, code in rows}


async def member_id(app: App, user: str, channel: Channel = Channel.CONSOLE) -> int:
    found = await app.services.members.find(channel, user)
    assert found is not None
    return found.id


async def test_the_year_from_opening_to_a_reminder(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    an = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    binh = await join(app, "binh", "CNTT", Role.STAFF, "Trần Thị Bình")
    await join(app, "khac", "VHTT-VY", Role.UNIT_HEAD, "Vũ Thị Khác")

    await office.send("/dangkythidua")
    assert "Văn phòng Sở chưa mở đăng ký thi đua năm 2026" in office.text
    await office.tap("Mở đăng ký")
    assert "Mở đăng ký thi đua cho năm nào?" in office.text
    assert labels(office) == ["Năm 2026", "Năm 2027"]
    await office.tap("Năm 2026")
    for typed, problem in (
        ("31/02/2026", "ngày 31/02/2026 không tồn tại"),
        ("01/03/2026", "Hạn 01/03/2026 không hợp lệ"),
        ("15/01/2027", "không sau ngày 31/12/2026"),
        ("mai", "ngày/tháng/năm"),
    ):
        await office.send(typed)
        assert problem in office.text, typed
        assert "Hạn đăng ký thi đua năm 2026" in office.text  # asked again
    await office.send("31/03/2026")
    assert "Đã mở đăng ký thi đua năm 2026, hạn 31/03/2026" in office.text

    await head.send("/dangkythidua")
    assert "Hạn đăng ký: 31/03/2026" in head.text
    assert f"Đơn vị {UNIT} chưa đăng ký" in head.text
    await head.tap("Đăng ký cho đơn vị")
    assert "Bước 1/3" in head.text
    assert labels(head) == ["Tập thể lao động tiên tiến", "Không đăng ký danh hiệu tập thể"]
    await head.send("Cờ thi đua")
    assert "Xin chọn một nút" in head.text and "Bước 1/3" in head.text
    await head.tap("Tập thể lao động tiên tiến")
    assert "Bước 2/3" in head.text
    assert labels(head)[:3] == [
        "✅ Nguyễn Văn An — Lao động tiên tiến",
        "✅ Phạm Văn Trưởng — Lao động tiên tiến",
        "✅ Trần Thị Bình — Lao động tiên tiến",
    ]
    await head.tap("Nguyễn Văn An")
    assert "⭐ Nguyễn Văn An — Chiến sĩ thi đua cơ sở" in labels(head)
    await head.tap("Trần Thị Bình")
    await head.tap("Trần Thị Bình")
    assert "⬜ Trần Thị Bình — không đăng ký" in labels(head)
    assert "Lao động tiên tiến: 2, Chiến sĩ thi đua cơ sở: 1; không đăng ký: 1" in head.text
    await head.tap("Xong, xem lại")
    assert f"chắc chắn muốn lưu đăng ký thi đua năm 2026 của {UNIT}" in head.text
    assert "Danh hiệu tập thể: Tập thể lao động tiên tiến" in head.text
    await head.tap("Xác nhận")
    assert "Đã lưu đăng ký thi đua năm 2026" in head.text
    assert await targets(app) == {
        (await member_id(app, "an"), "LDTT"),
        (await member_id(app, "an"), "CSTDCS"),
        (await member_id(app, "truong"), "LDTT"),
        (None, "TTLDTT"),
    }

    await an.send("/dangkythidua")
    assert "Danh hiệu đăng ký của đồng chí: Lao động tiên tiến, Chiến sĩ thi đua cơ sở" in an.text
    assert "Danh hiệu tập thể của đơn vị: Tập thể lao động tiên tiến" in an.text
    assert labels(an) == []
    await binh.send("/dangkythidua")
    assert "không có tên trong danh sách đăng ký" in binh.text

    await office.send("/dangkythidua")
    await office.tap("Tình hình đăng ký")
    assert "Đã đăng ký: 1/3 đơn vị" in office.text
    assert "⬜ Văn phòng Sở — chưa đăng ký" in office.text
    assert (
        f"✅ {UNIT} — 02/03/2026: Lao động tiên tiến: 2, Chiến sĩ thi đua cơ sở: 1; "
        "tập thể: Tập thể lao động tiên tiến" in office.text
    )
    await office.tap("Nhắc đơn vị chưa đăng ký")
    assert "Gửi ngay hay hẹn giờ?" in office.text
    await office.tap("Gửi ngay")
    await office.tap("Bình thường")
    assert "Thủ trưởng đơn vị chưa đăng ký thi đua năm nay" in office.text
    assert "Số người nhận: 1" in office.text  # the head of VHTT-VY; CNTT has registered
    await office.tap("Xác nhận")
    async with app.sessions() as session:
        sent = (await session.scalars(select(Broadcast))).one()
        actions = list(await session.scalars(select(AuditEntry.action)))
    assert sent.audience["kind"] == "targets_missing"
    assert "chưa đăng ký thi đua năm 2026" in sent.text
    assert {"registration.open", "registration.register"} <= set(actions)


async def test_a_large_unit_is_paged_and_the_page_is_kept(app: App) -> None:
    await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    for n, name in enumerate(STAFF):
        await join(app, f"cb{n}", "CNTT", Role.STAFF, name)
    await open_year(Person(app.router, "vp"))
    await head.send("/dangkythidua")
    await head.tap("Đăng ký cho đơn vị")
    await head.tap("Không đăng ký danh hiệu tập thể")
    assert "Trang 1/2" in head.text
    assert len(labels(head)) == 9  # seven members, "next", "done"
    await head.tap("Sau ▶")
    assert "Trang 2/2" in head.text
    await head.tap("Phạm Văn Trưởng")
    assert "Trang 2/2" in head.text  # still on the page of the member pressed
    assert "⭐ Phạm Văn Trưởng — Chiến sĩ thi đua cơ sở" in labels(head)
    await head.tap("◀ Trước")
    await head.tap("Xong, xem lại")
    await head.tap("Xác nhận")
    assert "Lao động tiên tiến: 10, Chiến sĩ thi đua cơ sở: 1; 0 người không đăng ký" in head.text


async def test_a_head_on_zalo_registers_by_numbers(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    head = await join(
        app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng", channel=Channel.ZALO
    )
    await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    await open_year(office)
    await head.send("/dangkythidua")
    await head.tap("Đăng ký cho đơn vị")
    await head.send("2")  # no collective title
    await head.send("1")  # Nguyễn Văn An: CSTĐCS
    await head.send("3")  # done
    await head.send("1")  # confirm
    assert "Đã lưu đăng ký thi đua năm 2026" in head.text
    an = await member_id(app, "an")
    assert await targets(app) == {
        (an, "LDTT"),
        (an, "CSTDCS"),
        (await member_id(app, "truong", Channel.ZALO), "LDTT"),
    }


async def test_after_the_deadline_and_over_a_newer_save_nothing_is_saved(
    app: App, clock: FakeClock
) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    deputy = await join(app, "pho", "CNTT", Role.UNIT_HEAD, "Đỗ Văn Phó")
    await open_year(office, "02/03/2026")  # today: open until midnight
    for person in (head, deputy):
        await person.send("/dangkythidua")
        await person.tap("Đăng ký cho đơn vị")
        await person.tap("Tập thể lao động tiên tiến")
        await person.tap("Xong, xem lại")
    await head.tap("Xác nhận")
    assert "Đã lưu đăng ký thi đua năm 2026" in head.text
    await deputy.tap("Xác nhận")
    assert "vừa được lưu bởi người khác" in deputy.text
    # Past the deadline: the dialog open in time saves nothing, and no new one opens.
    await head.send("/dangkythidua")
    await head.tap("Đăng ký cho đơn vị")
    await head.tap("Không đăng ký danh hiệu tập thể")
    clock.advance(hours=16)
    await head.tap("Xong, xem lại")
    await head.tap("Xác nhận")
    closed = "Đã hết hạn đăng ký thi đua năm 2026 (hạn 02/03/2026)"
    assert closed in head.text
    assert (None, "TTLDTT") in await targets(app)
    await head.send("/dangkythidua")
    assert "Đã hết hạn đăng ký (02/03/2026)" in head.text
    assert not any("Đăng ký cho đơn vị" in label for label in labels(head))
    await head.press(RegistrationMenu(RegistrationChoice.REGISTER, YEAR).pack())
    assert closed in head.text
    # The Office extends the deadline: the head may register again.
    await office.send("/dangkythidua")
    await office.tap("Mở đăng ký")
    await office.tap("Năm 2026 (đang mở, hạn 02/03/2026)")
    await office.send("10/03/2026")
    assert "Đã đổi hạn đăng ký thi đua năm 2026 thành 10/03/2026" in office.text
    await head.press(RegistrationMenu(RegistrationChoice.REGISTER, YEAR).pack())
    assert "Bước 1/3" in head.text


async def test_a_head_cannot_reach_another_unit_by_forged_data(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    await join(app, "khac", "VHTT-VY", Role.STAFF, "Vũ Thị Khác")
    await open_year(office)
    await head.press(RegistrationMenu(RegistrationChoice.REGISTER, YEAR).pack())
    await head.tap("Không đăng ký danh hiệu tập thể")
    real = unpack(head.last.flat_buttons()[0].data)
    assert isinstance(real, DialogChoice)
    other = await member_id(app, "khac")
    await head.press(DialogChoice(real.nonce, real.step, f"m{other}").pack())
    assert "Nút này thuộc một bước cũ" in head.text
    await head.tap("Xong, xem lại")
    await head.tap("Xác nhận")
    assert await targets(app) == {(await member_id(app, "truong"), "LDTT")}


async def test_lower_roles_are_refused_by_command_and_forged_buttons(app: App) -> None:
    office = await join(app, "vp", "VP", Role.OFFICE, "Lê Văn Phòng")
    await open_year(office)
    head = await join(app, "truong", "CNTT", Role.UNIT_HEAD, "Phạm Văn Trưởng")
    staff = await join(app, "an", "CNTT", Role.STAFF, "Nguyễn Văn An")
    council = await join(app, "hoi", "VP", Role.COUNCIL, "Đỗ Văn Hội")
    leader = await join(app, "lanh", "VP", Role.LEADER, "Hoàng Văn Lãnh")
    office_only = (
        RegistrationMenu(RegistrationChoice.OPEN).pack(),
        RegistrationMenu(RegistrationChoice.STATUS, YEAR).pack(),
        BroadcastAct(YEAR, BroadcastChoice.TARGETS_MISSING).pack(),
    )
    for person in (head, staff, council, leader):
        await person.send("/dangkythidua")
        assert "Hạn đăng ký: 31/03/2026" in person.text
        shown = " ".join(labels(person))
        assert "Mở đăng ký" not in shown and "Tình hình" not in shown
        for data in office_only:
            await person.press(data)
            assert NOT_ALLOWED in person.text, (person.user_id, data)
    for person in (staff, council, leader):
        await person.send("/dangkythidua")
        assert "Đăng ký cho đơn vị" not in " ".join(labels(person))
        await person.press(RegistrationMenu(RegistrationChoice.REGISTER, YEAR).pack())
        assert NOT_ALLOWED in person.text, person.user_id
    assert await targets(app) == set()
